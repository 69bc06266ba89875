package import Foundation
import GRDB
import Zlib

/// The SQLite implementation of ``EventStore``: one WAL database file, written with
/// `BEGIN IMMEDIATE` transactions so that two writers queue (or fail with `.locked`) instead of interleaving.
package final class SQLiteEventStore: EventStore {
    /// How long a writer waits for another process's write transaction before failing with `.locked`.
    package static let defaultBusyTimeout: TimeInterval = 5
    /// Largest decompressed blob accepted when reading back (matches Ingest's largest file).
    package static let maximumBlobBytes = 8 * 1024 * 1024 * 1024

    package let path: String
    let pool: DatabasePool
    let clock: any EventClock

    /// Opens (creating and migrating if needed) the database at `path`.
    /// - Parameters:
    ///   - path: the database file.
    ///   - clock: source of `recorded_at`.
    ///   - busyTimeout: seconds to wait for a concurrent writer.
    /// - Throws: ``EventLogError`` (`.schemaTooNew`, `.corrupt`, `.cannotOpen`, `.locked`, `.diskFull`).
    package init(
        path: String, clock: any EventClock = SystemEventClock(), busyTimeout: TimeInterval = defaultBusyTimeout
    ) throws {
        self.path = path
        self.clock = clock
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = Schema.migrator()
            try pool.write { db in
                let known = Set(migrator.migrations)
                let applied = try migrator.appliedIdentifiers(db)
                let unknown = applied.subtracting(known)
                if !unknown.isEmpty {
                    throw EventLogError(
                        kind: .schemaTooNew, operation: "open",
                        message: "the database has migrations this binary does not know: "
                            + unknown.sorted().joined(separator: ", "),
                        path: path, hint: "upgrade ml-connector to the version that wrote this database")
                }
            }
            try migrator.migrate(pool)
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.translate(error, operation: "open", path: path)
        }
    }

    /// Closes the database; later calls fail.
    package func close() throws {
        do { try pool.close() } catch { throw Self.translate(error, operation: "close", path: path) }
    }

    // MARK: Writing

    @discardableResult
    package func commit(_ batch: EventBatch) throws -> [RecordedEvent] {
        do {
            return try pool.writeWithoutTransaction { db in
                var recorded: [RecordedEvent] = []
                try db.inTransaction(.immediate) {
                    recorded = try write(batch, db)
                    return .commit
                }
                return recorded
            }
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.translate(error, operation: "append", path: path)
        }
    }

    /// Fails with `.cursorConflict` unless `consumer`'s stored cursor is `from`.
    func checkCursor(_ consumer: String, from: Int64, _ db: Database) throws {
        let current = try Int64.fetchOne(db, sql: "SELECT seq FROM cursors WHERE consumer = ?", arguments: [consumer]) ?? 0
        guard current == from else {
            throw EventLogError(
                kind: .cursorConflict, operation: "move cursor",
                message: "consumer \(consumer) expected cursor \(from) but found \(current)",
                path: path, hint: "another process is running the same stage on this data dir")
        }
    }

    /// Stores a consumer's cursor.
    func setCursor(_ consumer: String, to seq: Int64, now: String, _ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO cursors(consumer, seq, updated_at) VALUES (?, ?, ?)
                ON CONFLICT(consumer) DO UPDATE SET seq = excluded.seq, updated_at = excluded.updated_at
                """,
            arguments: [consumer, seq, now])
    }

    /// True when a blob with that SHA-256 is stored in either form (one row, or chunks).
    static func isBlobStored(_ sha256: String, _ db: Database) throws -> Bool {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM blobs WHERE sha256 = ?", arguments: [sha256]) ?? false {
            return true
        }
        return try Bool.fetchOne(db, sql: "SELECT 1 FROM chunked_blobs WHERE sha256 = ?", arguments: [sha256]) ?? false
    }

    private func write(_ batch: EventBatch, _ db: Database) throws -> [RecordedEvent] {
        let now = clock.timestamp()
        for move in batch.cursorMoves {
            try checkCursor(move.consumer, from: move.from, db)
            try setCursor(move.consumer, to: move.to, now: now, db)
        }
        if !batch.blobs.isEmpty {
            let insertBlob = try db.cachedStatement(
                sql: "INSERT OR IGNORE INTO blobs(sha256, data, size) VALUES (?, ?, ?)")
            for blob in batch.blobs {
                if try Self.isBlobStored(blob.sha256, db) { continue }
                let compressed = try Deflater.compress(blob.bytes)
                try insertBlob.execute(arguments: [blob.sha256, Data(compressed), blob.bytes.count])
            }
        }
        guard !batch.events.isEmpty else { return [] }
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        var seq: Int64 = last?["seq"] ?? 0
        var prevHash: [UInt8] = (last?["hash"] as Data?).map { Array($0) } ?? ChainHasher.genesis
        let insert = try db.cachedStatement(
            sql: """
                INSERT INTO events(seq, recorded_at, stage, type, version, subject, payload, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        var recorded: [RecordedEvent] = []
        recorded.reserveCapacity(batch.events.count)
        for event in batch.events {
            seq += 1
            let hash = ChainHasher.hash(
                prevHash: prevHash, seq: seq, type: event.type, version: event.version, recordedAt: now,
                payload: event.payload)
            try EventRowBinder.insert(
                insert.sqliteStatement, seq: seq, recordedAt: now, event: event, prevHash: prevHash, hash: hash)
            recorded.append(
                RecordedEvent(
                    seq: seq, recordedAt: now, stage: event.stage, type: event.type, version: event.version,
                    subject: event.subject, payload: event.payload, prevHash: prevHash, hash: hash))
            prevHash = hash
        }
        return recorded
    }

    // MARK: Reading

    package func cursor(_ consumer: String) throws -> Int64 {
        try read("read cursor") { db in
            try Int64.fetchOne(db, sql: "SELECT seq FROM cursors WHERE consumer = ?", arguments: [consumer]) ?? 0
        }
    }

    package func cursors() throws -> [String: Int64] {
        try read("read cursors") { db in
            var result: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT consumer, seq FROM cursors") {
                result[row["consumer"]] = row["seq"]
            }
            return result
        }
    }

    package func lastSeq() throws -> Int64 {
        try read("read last seq") { db in try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0 }
    }

    package func events(after seq: Int64, limit: Int, types: Set<String>?) throws -> [RecordedEvent] {
        try read("read events") { db in
            var sql = "SELECT \(EventRowReader.columns) FROM events WHERE seq > ?"
            var arguments: StatementArguments = [seq]
            if let types { sql += " AND type IN (\(Self.placeholders(types.count)))"; arguments += StatementArguments(types.sorted()) }
            sql += " ORDER BY seq LIMIT ?"
            arguments += [limit]
            return try Self.fetch(db, sql, arguments)
        }
    }

    package func payloadEvents(after seq: Int64, limit: Int) throws -> [RecordedEvent] {
        try read("read events") { db in
            try EventRowReader.fetch(
                db, "SELECT \(EventRowReader.payloadColumns) FROM events WHERE seq > ? ORDER BY seq LIMIT ?", [seq, limit],
                payloadOnly: true)
        }
    }

    package func events(in range: ClosedRange<Int64>) throws -> [RecordedEvent] {
        try read("read range") { db in
            try Self.fetch(
                db, "SELECT \(EventRowReader.columns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq", [range.lowerBound, range.upperBound])
        }
    }

    package func events(subject: String, types: Set<String>?) throws -> [RecordedEvent] {
        try read("read subject") { db in
            var sql = "SELECT \(EventRowReader.columns) FROM events WHERE subject = ?"
            var arguments: StatementArguments = [subject]
            if let types { sql += " AND type IN (\(Self.placeholders(types.count)))"; arguments += StatementArguments(types.sorted()) }
            return try Self.fetch(db, sql + " ORDER BY seq", arguments)
        }
    }

    package func events(types: Set<String>, after seq: Int64, limit: Int) throws -> [RecordedEvent] {
        try read("read types") { db in
            let sql = "SELECT \(EventRowReader.columns) FROM events WHERE type IN (\(Self.placeholders(types.count))) AND seq > ? ORDER BY seq LIMIT ?"
            var arguments = StatementArguments(types.sorted())
            arguments += [seq, limit]
            return try Self.fetch(db, sql, arguments)
        }
    }

    package func count(after seq: Int64, types: Set<String>?) throws -> Int {
        try read("count events") { db in
            var sql = "SELECT COUNT(*) FROM events WHERE seq > ?"
            var arguments: StatementArguments = [seq]
            if let types { sql += " AND type IN (\(Self.placeholders(types.count)))"; arguments += StatementArguments(types.sorted()) }
            return try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0
        }
    }

    package func blob(sha256: String) throws -> [UInt8]? {
        let row = try read("read blob") { db in
            try Row.fetchOne(db, sql: "SELECT data, size FROM blobs WHERE sha256 = ?", arguments: [sha256])
        }
        guard let row else {
            // Stored by a streaming commit: reassemble from its chunks.
            var bytes: [UInt8] = []
            let found = try readBlob(sha256: sha256) { bytes.append(contentsOf: $0) }
            return found ? bytes : nil
        }
        let data: Data = row["data"]
        let size: Int = row["size"]
        return try Inflater.decompress(Array(data), format: .zlib, maximumOutputBytes: max(size, 1))
    }

    package func hasBlob(sha256: String) throws -> Bool {
        try read("read blob") { db in try Self.isBlobStored(sha256, db) }
    }

    package func verifyChain(range: ClosedRange<Int64>?) throws -> ChainVerification {
        try read("verify chain") { db in
            let lower = range?.lowerBound ?? 1
            let upper = range?.upperBound ?? Int64.max
            var expectedPrev: [UInt8]
            if lower <= 1 {
                expectedPrev = ChainHasher.genesis
            } else {
                let prior = try Data.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = ?", arguments: [lower - 1])
                expectedPrev = prior.map { Array($0) } ?? ChainHasher.genesis
            }
            var expectedSeq = max(lower, 1)
            var checked: Int64 = 0
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT \(EventRowReader.columns) FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq", arguments: [lower, upper])
            while let row = try cursor.next() {
                let event = Self.event(row)
                if event.seq != expectedSeq {
                    return ChainVerification(
                        checked: checked, firstBadSeq: expectedSeq,
                        problem: "event \(expectedSeq) is missing (next stored seq is \(event.seq))")
                }
                if event.prevHash != expectedPrev {
                    return ChainVerification(
                        checked: checked, firstBadSeq: event.seq,
                        problem: "prev_hash does not match the hash of event \(event.seq - 1)")
                }
                let recomputed = ChainHasher.hash(
                    prevHash: event.prevHash, seq: event.seq, type: event.type, version: event.version,
                    recordedAt: event.recordedAt, payload: event.payload)
                if recomputed != event.hash {
                    return ChainVerification(
                        checked: checked, firstBadSeq: event.seq,
                        problem: "stored hash does not match the event's content")
                }
                expectedPrev = event.hash
                expectedSeq += 1
                checked += 1
            }
            return ChainVerification(checked: checked, firstBadSeq: nil, problem: nil)
        }
    }

    // MARK: Helpers

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as EventLogError {
            throw error
        } catch {
            throw Self.translate(error, operation: operation, path: path)
        }
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: max(count, 1)).joined(separator: ",")
    }

    private static func fetch(_ db: Database, _ sql: String, _ arguments: StatementArguments) throws -> [RecordedEvent] {
        try EventRowReader.fetch(db, sql, arguments)
    }

    private static func event(_ row: Row) -> RecordedEvent {
        RecordedEvent(
            seq: row["seq"], recordedAt: row["recorded_at"], stage: row["stage"], type: row["type"],
            version: row["version"], subject: row["subject"], payload: Array(row["payload"] as Data),
            prevHash: Array(row["prev_hash"] as Data), hash: Array(row["hash"] as Data))
    }

    /// Maps SQLite result codes to the kinds an operator can act on.
    static func translate(_ error: any Error, operation: String, path: String) -> EventLogError {
        guard let dbError = error as? DatabaseError else {
            return EventLogError(kind: .sqlite, operation: operation, message: "\(error)", path: path)
        }
        let code = dbError.resultCode
        let message = dbError.message ?? "\(code)"
        switch code {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return EventLogError(
                kind: .locked, operation: operation, message: "the database is locked by another writer: \(message)",
                code: code.rawValue, path: path,
                hint: "another ml-connector process is writing to this data dir; wait for it or stop it")
        case .SQLITE_FULL:
            return EventLogError(
                kind: .diskFull, operation: operation, message: "the disk is full: \(message)", code: code.rawValue,
                path: path, hint: "free space on the data dir's file system; nothing of this step was written")
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return EventLogError(
                kind: .corrupt, operation: operation, message: "the database file is damaged: \(message)",
                code: code.rawValue, path: path,
                hint: "restore the data dir from a backup; run `ml-connector audit verify` on the copy")
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY:
            return EventLogError(
                kind: .cannotOpen, operation: operation, message: message, code: code.rawValue, path: path,
                hint: "check that the data dir exists and is writable")
        default:
            return EventLogError(
                kind: .sqlite, operation: operation, message: message, code: dbError.extendedResultCode.rawValue,
                path: path)
        }
    }
}

@available(*, unavailable) extension SQLiteEventStore: Sendable {}
