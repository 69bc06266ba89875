import Foundation
import GRDB
import TestSupport
import Testing

@testable import EventLog

struct Note: EventPayload, Equatable {
    static let type = "test.note.written"
    static let version = 1
    var text: String
    var amount: Money
}

@Suite struct SQLiteEventStoreTests {
    let directory: TemporaryDirectory
    let store: SQLiteEventStore

    init() throws {
        directory = try TemporaryDirectory("eventlog")
        store = try SQLiteEventStore(path: directory.file("events.sqlite"), clock: FixedEventClock(step: 1))
    }

    func notes(_ count: Int, subject: String = "s") throws -> [NewEvent] {
        try (0..<count).map { try NewEvent(Note(text: "n\($0)", amount: Money(cents: Int64($0))), subject: subject) }
    }

    @Test func appendsAndReadsBackInOrder() throws {
        let recorded = try store.append(try notes(3))
        #expect(recorded.map(\.seq) == [1, 2, 3])
        #expect(recorded[0].prevHash == ChainHasher.genesis)
        #expect(recorded[1].prevHash == recorded[0].hash)
        let read = try store.events(after: 1, limit: 10)
        #expect(read.map(\.seq) == [2, 3])
        #expect(read == Array(recorded[1...]))
        #expect(try read[0].decode(Note.self) == Note(text: "n1", amount: Money("0.01")!))
        #expect(read[0].stage == "test")
        #expect(try store.lastSeq() == 3)
    }

    @Test func roundTripsMoneyExactly() throws {
        let amounts = ["0.10", "0.20", "0.30", "1234567.89", "-12.50", "0.01", "9999999999.99999"]
        try store.append(amounts.map { try NewEvent(Note(text: $0, amount: Money($0)!), subject: "m") })
        let back = try store.events(subject: "m").map { try $0.decode(Note.self) }
        #expect(back.map { $0.amount.description } == amounts.map { Money($0)!.description })
        #expect(back[0].amount + back[1].amount == back[2].amount)
        #expect(String(decoding: try store.events(subject: "m")[3].payload, as: UTF8.self)
            == #"{"amount":"1234567.89","text":"1234567.89"}"#)
    }

    @Test func movesCursorWithEventsAndRefusesAStaleCursor() throws {
        try store.commit(EventBatch(events: try notes(2), cursorMoves: [CursorMove(consumer: "a", from: 0, to: 2)]))
        #expect(try store.cursor("a") == 2)
        #expect(throws: EventLogError.self) {
            try store.commit(EventBatch(events: try notes(1), cursorMoves: [CursorMove(consumer: "a", from: 0, to: 3)]))
        }
        // The refused batch left nothing behind.
        #expect(try store.lastSeq() == 2)
        #expect(try store.cursor("a") == 2)
    }

    @Test func filtersByTypeAndSubject() throws {
        try store.append(try notes(2, subject: "x") + notes(1, subject: "y"))
        try store.append([NewEvent(type: "test.other.done", version: 1, subject: "x", payload: Array("{}".utf8))])
        #expect(try store.events(subject: "x").count == 3)
        #expect(try store.events(subject: "x", types: [Note.type]).count == 2)
        #expect(try store.events(types: ["test.other.done"], after: 0, limit: 10).map(\.seq) == [4])
        #expect(try store.count(after: 1, types: [Note.type]) == 2)
        #expect(try store.events(in: 2...3).map(\.seq) == [2, 3])
    }

    @Test func keepsBlobsCompressedAndDeduplicated() throws {
        let bytes = Array(String(repeating: "Invoice ID,Line Amount\n", count: 1000).utf8)
        let blob = Blob(bytes: bytes)
        try store.commit(EventBatch(blobs: [blob, blob]))
        try store.commit(EventBatch(blobs: [blob]))
        #expect(try store.blob(sha256: blob.sha256) == bytes)
        #expect(try store.hasBlob(sha256: blob.sha256))
        #expect(try store.blob(sha256: "missing") == nil)
        let stored = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, SUM(length(data)) AS bytes FROM blobs")!
        }
        #expect(stored["n"] as Int == 1)
        #expect((stored["bytes"] as Int) < bytes.count / 10)
    }

    @Test func refusesUpdateAndDeleteOfEventsAndBlobs() throws {
        try store.append(try notes(1))
        try store.commit(EventBatch(blobs: [Blob(bytes: [1, 2, 3])]))
        let db = try DatabaseQueue(path: store.path)
        for sql in [
            "UPDATE events SET payload = x'00' WHERE seq = 1", "DELETE FROM events WHERE seq = 1",
            "UPDATE blobs SET size = 0", "DELETE FROM blobs",
        ] {
            let error = #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: sql) } }
            #expect(error?.message?.contains("append-only") == true, "\(sql)")
        }
        #expect(try store.verifyChain(range: nil).isIntact)
    }

    @Test func verifyFindsTheFirstTamperedEvent() throws {
        try store.append(try notes(5))
        #expect(try store.verifyChain(range: nil) == ChainVerification(checked: 5, firstBadSeq: nil, problem: nil))
        let db = try DatabaseQueue(path: store.path)
        try db.write { db in
            try db.execute(sql: "DROP TRIGGER events_refuse_update")
            try db.execute(sql: #"UPDATE events SET payload = CAST('{"amount":"9.99","text":"n3"}' AS BLOB) WHERE seq = 4"#)
        }
        let result = try store.verifyChain(range: nil)
        #expect(result.firstBadSeq == 4)
        #expect(result.checked == 3)
        #expect(try store.verifyChain(range: 1...3).isIntact)
    }

    @Test func migratesAnEmptyAndAnUpToDateDatabaseAndRefusesANewerOne() throws {
        let path = directory.file("again.sqlite")
        _ = try SQLiteEventStore(path: path)
        let reopened = try SQLiteEventStore(path: path)
        try reopened.append(try notes(1))
        let applied = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(applied == ["v1-events-cursors-blobs", "v2-chunked-blobs"])
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations(identifier) VALUES ('v99-from-the-future')")
        }
        let error = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path) }
        #expect(error?.kind == .schemaTooNew)
        #expect(error?.description.contains("v99-from-the-future") == true)
    }

    @Test func aSecondWriterGetsALockedErrorNotCorruption() throws {
        let other = try SQLiteEventStore(path: store.path, busyTimeout: 0.2)
        let holder = try DatabaseQueue(path: store.path)
        try holder.writeWithoutTransaction { db in
            try db.execute(sql: "BEGIN IMMEDIATE")
            let error = #expect(throws: EventLogError.self) { try other.append(try notes(1)) }
            #expect(error?.kind == .locked)
            #expect(error?.hint?.contains("another ml-connector process") == true)
            try db.execute(sql: "ROLLBACK")
        }
        try other.append(try notes(1))
        #expect(try store.verifyChain(range: nil).isIntact)
    }

    @Test func reportsAFileThatIsNotADatabaseAsCorrupt() throws {
        let path = try directory.write("junk.sqlite", String(repeating: "not a database ", count: 400))
        let error = #expect(throws: EventLogError.self) { try SQLiteEventStore(path: path) }
        #expect(error?.kind == .corrupt)
    }
}
