import Foundation
import GRDB
import GRDBSQLite

/// The read hot path: steps GRDB's prepared statement with the SQLite C API and builds events straight
/// from the column buffers, without GRDB's `Row` (which boxes every value and matches column names
/// case-insensitively on each access). Stages read every event they consume through here.
enum EventRowReader {
    /// The columns, in the order the readers below expect them.
    static let columns = "seq, recorded_at, stage, type, version, subject, payload, prev_hash, hash"

    /// The columns ``payloadEvent(_:)`` expects, in order.
    static let payloadColumns = "seq, stage, type, version, payload"

    /// - Parameter payloadOnly: the statement selects ``payloadColumns`` (see ``payloadEvent(_:)``), not ``columns``.
    static func fetch(_ db: Database, _ sql: String, _ arguments: StatementArguments, payloadOnly: Bool = false) throws
        -> [RecordedEvent]
    {
        let statement = try db.cachedStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        var events: [RecordedEvent] = []
        // Consecutive events mostly share their stage and type: those strings are made once and shared.
        var shared = SharedTexts()
        while true {
            let rc = sqlite3_step(handle)
            if rc == SQLITE_DONE { break }
            guard rc == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: rc), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            events.append(payloadOnly ? payloadEvent(handle, &shared) : event(handle, &shared))
        }
        return events
    }

    /// The stage and type of the event read last, reused by the next one when its bytes are the same.
    struct SharedTexts {
        var stage = ""
        var type = ""
    }

    static func event(_ handle: SQLiteStatement) -> RecordedEvent {
        var shared = SharedTexts()
        return event(handle, &shared)
    }

    static func event(_ handle: SQLiteStatement, _ shared: inout SharedTexts) -> RecordedEvent {
        RecordedEvent(
            seq: sqlite3_column_int64(handle, 0), recordedAt: text(handle, 1),
            stage: text(handle, 2, reusing: &shared.stage), type: text(handle, 3, reusing: &shared.type), version: Int(sqlite3_column_int64(handle, 4)), subject: text(handle, 5),
            payload: bytes(handle, 6), prevHash: bytes(handle, 7), hash: bytes(handle, 8))
    }

    /// An event with only ``payloadColumns`` read: no time, subject or chain hashes.
    static func payloadEvent(_ handle: SQLiteStatement, _ shared: inout SharedTexts) -> RecordedEvent {
        RecordedEvent(
            seq: sqlite3_column_int64(handle, 0), recordedAt: "", stage: text(handle, 1, reusing: &shared.stage),
            type: text(handle, 2, reusing: &shared.type),
            version: Int(sqlite3_column_int64(handle, 3)), subject: "", payload: bytes(handle, 4), prevHash: [],
            hash: [])
    }

    private static func text(_ handle: SQLiteStatement, _ column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// ``text(_:_:)``, returning `last` itself when the column holds exactly its bytes (else the new text,
    /// which becomes `last`).
    private static func text(_ handle: SQLiteStatement, _ column: Int32, reusing last: inout String) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let bytes = UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
        // One memcmp over the bytes (stage and type names are a few dozen bytes).
        let isSame = last.utf8.count == bytes.count && last.utf8.withContiguousStorageIfAvailable { own in
            own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0
        } == true
        if !isSame { last = String(decoding: bytes, as: UTF8.self) }
        return last
    }

    private static func bytes(_ handle: SQLiteStatement, _ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }
}
