import Foundation
import GRDB
import TestSupport
import Testing

@testable import EventLog

private struct BodyFailure: Error, Equatable {}

@Suite struct SQLiteEventStoreStreamingTests {
    let directory: TemporaryDirectory
    let store: SQLiteEventStore

    init() throws {
        directory = try TemporaryDirectory("eventlog-streaming")
        store = try SQLiteEventStore(path: directory.file("events.sqlite"), clock: FixedEventClock(step: 1))
    }

    func note(_ index: Int, subject: String = "s") throws -> NewEvent {
        try NewEvent(Note(text: "n\(index)", amount: Money(cents: Int64(index))), subject: subject)
    }

    /// Deterministic bytes that compress somewhat, like a CSV export.
    func exportBytes(_ count: Int, seed: UInt64 = 7) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let line = "V\(state >> 40),Acme \(state % 997),\(state % 100_000).\(state % 100)\r\n"
            bytes.append(contentsOf: line.utf8.prefix(count - bytes.count))
        }
        return bytes
    }

    @Test func appendsEventsAndAdvancesTheCursorToTheLastSeqInOneCommit() throws {
        try store.append([try note(0)])
        let summary = try store.commitStreaming(cursorMoves: [CursorAdvance(consumer: "ingest", from: 0)]) { batch in
            for index in 1...500 { try batch.append(try note(index)) }
        }
        #expect(summary.firstSeq == 2)
        #expect(summary.lastSeq == 501)
        #expect(summary.eventCount == 500)
        #expect(try store.cursor("ingest") == 501)
        #expect(try store.lastSeq() == 501)
        let events = try store.events(after: 0, limit: 1_000)
        #expect(events.map(\.seq) == Array(1...501))
        #expect(try events[250].decode(Note.self).text == "n250")
        // One transaction, one timestamp: every streamed event carries the same recorded_at.
        #expect(Set(events.dropFirst().map(\.recordedAt)).count == 1)
        #expect(try store.verifyChain(range: nil) == ChainVerification(checked: 501, firstBadSeq: nil, problem: nil))
    }

    @Test func aThrowInsideTheBodyLeavesNoEventsNoBlobAndNoCursorMove() throws {
        try store.commit(
            EventBatch(events: [try note(0)], cursorMoves: [CursorMove(consumer: "ingest", from: 0, to: 1)]))
        let bytes = exportBytes(3 << 20)
        let sha = SHA256Digest.hex(of: bytes)
        let error = #expect(throws: BodyFailure.self) {
            try store.commitStreaming(cursorMoves: [CursorAdvance(consumer: "ingest", from: 1)]) { batch in
                for index in 1...200 { try batch.append(try note(index)) }
                let blob = try batch.openBlob(sha256: sha)
                try blob.write(bytes)
                try blob.finish()
                throw BodyFailure()
            }
        }
        #expect(error == BodyFailure())
        #expect(try store.lastSeq() == 1)
        #expect(try store.cursor("ingest") == 1)
        #expect(try store.hasBlob(sha256: sha) == false)
        let chunks = try DatabaseQueue(path: store.path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blob_chunks")
        }
        #expect(chunks == 0)
        // The store is usable afterwards and the chain continues from seq 1.
        try store.commitStreaming(cursorMoves: [CursorAdvance(consumer: "ingest", from: 1)]) { batch in
            try batch.append(try note(9))
        }
        #expect(try store.cursor("ingest") == 2)
        #expect(try store.verifyChain(range: nil).isIntact)
    }

    @Test func aStaleCursorIsRefusedBeforeTheBodyRuns() throws {
        try store.commit(
            EventBatch(events: [try note(0)], cursorMoves: [CursorMove(consumer: "ingest", from: 0, to: 1)]))
        var didRun = false
        let error = #expect(throws: EventLogError.self) {
            try store.commitStreaming(cursorMoves: [CursorAdvance(consumer: "ingest", from: 0)]) { batch in
                didRun = true
                try batch.append(try note(1))
            }
        }
        #expect(error?.kind == .cursorConflict)
        #expect(!didRun)
        #expect(try store.lastSeq() == 1)
    }

    @Test func aBlobWrittenInPiecesRoundTripsFromItsChunks() throws {
        let bytes = exportBytes(5 << 20)
        let sha = SHA256Digest.hex(of: bytes)
        let summary = try store.commitStreaming(cursorMoves: []) { batch in
            let blob = try batch.openBlob(sha256: sha)
            #expect(!blob.isDuplicate)
            var offset = 0
            var piece = 1
            while offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                try bytes[offset..<end].withUnsafeBytes { try blob.write($0) }
                offset = end
                piece = piece * 3 + 17  // odd sizes, from 1 byte up
            }
            try batch.append(try note(1))
            // Left unfinished on purpose: the commit finishes it.
        }
        #expect(summary.storedBlobs == [sha])
        #expect(try store.hasBlob(sha256: sha))
        #expect(try store.blob(sha256: sha) == bytes)
        var streamed: [UInt8] = []
        #expect(try store.readBlob(sha256: sha) { streamed.append(contentsOf: $0) })
        #expect(streamed == bytes)
        #expect(try store.readBlob(sha256: "missing") { _ in } == false)
        let header = try DatabaseQueue(path: store.path).read { db in
            try Row.fetchOne(db, sql: "SELECT size, compressed_size, chunk_count FROM chunked_blobs")!
        }
        #expect(header["size"] as Int == bytes.count)
        #expect((header["compressed_size"] as Int) < bytes.count / 2)
        #expect((header["chunk_count"] as Int) >= 1)
    }

    @Test func bytesThatDoNotMatchTheDeclaredDigestRollTheCommitBack() throws {
        let error = #expect(throws: EventLogError.self) {
            try store.commitStreaming(cursorMoves: []) { batch in
                try batch.append(try note(1))
                let blob = try batch.openBlob(sha256: SHA256Digest.hex(of: [1, 2, 3]))
                try blob.write([1, 2, 4])
            }
        }
        #expect(error?.message.contains("hash to") == true)
        #expect(try store.lastSeq() == 0)
        #expect(try store.hasBlob(sha256: SHA256Digest.hex(of: [1, 2, 3])) == false)
    }

    @Test func aBlobAlreadyStoredEitherWayIsNotStoredTwice() throws {
        let bytes = exportBytes(100_000)
        let blob = Blob(bytes: bytes)
        try store.commit(EventBatch(blobs: [blob]))
        let summary = try store.commitStreaming(cursorMoves: []) { batch in
            let writer = try batch.openBlob(sha256: blob.sha256)
            #expect(writer.isDuplicate)
            try writer.write(bytes)
        }
        #expect(summary.storedBlobs.isEmpty)
        let other = exportBytes(50_000, seed: 9)
        let otherSha = SHA256Digest.hex(of: other)
        try store.commitStreaming(cursorMoves: []) { batch in
            try batch.openBlob(sha256: otherSha).write(other)
            #expect(try batch.openBlob(sha256: otherSha).isDuplicate)
        }
        // A later one-shot commit of the same bytes sees the chunked copy.
        try store.commit(EventBatch(blobs: [Blob(bytes: other)]))
        let counts = try DatabaseQueue(path: store.path).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM blobs")!,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM chunked_blobs")!
            )
        }
        #expect(counts == (1, 1))
        #expect(try store.blob(sha256: otherSha) == other)
    }

    @Test func chunkTablesRefuseUpdateAndDelete() throws {
        let bytes = exportBytes(10_000)
        try store.commitStreaming(cursorMoves: []) { batch in
            try batch.openBlob(sha256: SHA256Digest.hex(of: bytes)).write(bytes)
        }
        let db = try DatabaseQueue(path: store.path)
        for sql in [
            "UPDATE blob_chunks SET data = x'00'", "DELETE FROM blob_chunks",
            "UPDATE chunked_blobs SET size = 0", "DELETE FROM chunked_blobs",
        ] {
            let error = #expect(throws: DatabaseError.self) { try db.write { try $0.execute(sql: sql) } }
            #expect(error?.message?.contains("append-only") == true, "\(sql)")
        }
        #expect(try store.blob(sha256: SHA256Digest.hex(of: bytes)) == bytes)
    }

    @Test func aFiftyMegabyteBlobIsWrittenAndReadInBoundedPieces() throws {
        // 50 MB written in 1 MiB pieces and read back through the streaming reader, hashing as it goes:
        // neither side ever asks for the whole blob (peak RSS is measured by tools/bench/ingest.sh).
        let piece = exportBytes(1 << 20)
        let pieces = 50
        var expected = StreamingSHA256()
        for _ in 0..<pieces { expected.update(piece) }
        let sha = expected.finalizeHex()
        try store.commitStreaming(cursorMoves: []) { batch in
            let blob = try batch.openBlob(sha256: sha)
            for _ in 0..<pieces { try blob.write(piece) }
            try blob.finish()
        }
        var actual = StreamingSHA256()
        var total = 0
        var largestChunk = 0
        try store.readBlob(sha256: sha) { chunk in
            actual.update(chunk)
            total += chunk.count
            largestChunk = max(largestChunk, chunk.count)
        }
        #expect(total == pieces << 20)
        #expect(actual.finalizeHex() == sha)
        #expect(largestChunk <= 1 << 20)
    }

    @Test func storesWithoutStreamingFallBackToOneBufferedCommit() throws {
        let forwarding = ForwardingEventStore(store)
        try forwarding.commit(
            EventBatch(events: [try note(0)], cursorMoves: [CursorMove(consumer: "c", from: 0, to: 1)]))
        let bytes = exportBytes(20_000)
        let sha = SHA256Digest.hex(of: bytes)
        let summary = try forwarding.commitStreaming(cursorMoves: [CursorAdvance(consumer: "c", from: 1)]) { batch in
            try batch.append(try note(1))
            try batch.append(contentsOf: [try note(2), try note(3)])
            try batch.openBlob(sha256: sha).write(bytes)
        }
        #expect(summary == StreamingCommitSummary(firstSeq: 2, lastSeq: 4, eventCount: 3, storedBlobs: [sha]))
        #expect(try store.cursor("c") == 4)
        #expect(try store.blob(sha256: sha) == bytes)
        #expect(throws: BodyFailure.self) {
            try forwarding.commitStreaming(cursorMoves: [CursorAdvance(consumer: "c", from: 4)]) { batch in
                try batch.append(try note(5))
                throw BodyFailure()
            }
        }
        #expect(try store.lastSeq() == 4)
        #expect(try store.verifyChain(range: nil).isIntact)
    }
}
