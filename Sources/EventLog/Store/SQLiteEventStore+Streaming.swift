package import Foundation
import GRDB
import Zlib

/// The SQLite side of a ``StreamingBatch``: inserts rows into the open write transaction as they come,
/// keeping the hash chain's tail (seq and previous hash) between inserts.
final class SQLiteStreamingWriter {
    private let db: Database
    private let now: String
    private let insertEvent: Statement
    private(set) var seq: Int64
    private(set) var firstSeq: Int64?
    private var prevHash: [UInt8]
    var storedBlobs: [String] = []

    init(db: Database, now: String) throws {
        self.db = db
        self.now = now
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1")
        seq = last?["seq"] ?? 0
        prevHash = (last?["hash"] as Data?).map { Array($0) } ?? ChainHasher.genesis
        insertEvent = try db.cachedStatement(
            sql: """
                INSERT INTO events(seq, recorded_at, stage, type, version, subject, payload, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
    }

    func insert(_ event: NewEvent) throws {
        let next = seq + 1
        let hash = ChainHasher.hash(
            prevHash: prevHash, seq: next, type: event.type, version: event.version, recordedAt: now,
            payload: event.payload)
        try EventRowBinder.insert(
            insertEvent.sqliteStatement, seq: next, recordedAt: now, event: event, prevHash: prevHash, hash: hash)
        seq = next
        if firstSeq == nil { firstSeq = next }
        prevHash = hash
    }

    func isBlobStored(_ sha256: String) throws -> Bool {
        try SQLiteEventStore.isBlobStored(sha256, db)
    }

    func insertChunk(sha256: String, index: Int, bytes: [UInt8]) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO blob_chunks(sha256, idx, data) VALUES (?, ?, ?)")
        try bytes.withUnsafeBytes { raw in
            // The chunk is bound without a copy: GRDB's Data(bytesNoCopy:) stays valid during execute.
            let data = Data(
                bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count,
                deallocator: .none)
            try statement.execute(arguments: [sha256, index, data])
        }
    }

    func insertChunkedBlob(sha256: String, size: Int, compressedSize: Int, chunkCount: Int) throws {
        try db.execute(
            sql: "INSERT INTO chunked_blobs(sha256, size, compressed_size, chunk_count) VALUES (?, ?, ?, ?)",
            arguments: [sha256, size, compressedSize, chunkCount])
    }
}

@available(*, unavailable) extension SQLiteStreamingWriter: Sendable {}

extension SQLiteEventStore {
    /// Commits a unit of work too large to hold in memory, in ONE transaction: the events and blobs
    /// `body` writes and the advance of each cursor in `cursorMoves` to the last seq of the log.
    ///
    /// Rows are inserted while `body` runs (the write lock is held meanwhile). If `body` throws, or the
    /// process dies, nothing of it is kept: SQLite rolls the transaction back, exactly as for ``commit(_:)``.
    /// - Parameters:
    ///   - cursorMoves: consumers whose cursor must still be at `from`; they move to the last seq.
    ///   - body: appends events (``StreamingBatch/append(_:)``) and writes blobs (``StreamingBatch/openBlob(sha256:)``).
    /// - Returns: what was written.
    /// - Throws: ``EventLogError`` (`.cursorConflict`, `.locked`, `.diskFull`...); an error thrown by `body`
    ///   is rethrown unchanged.
    @discardableResult
    package func commitStreaming(
        cursorMoves: [CursorAdvance], _ body: (inout StreamingBatch) throws -> Void
    ) throws -> StreamingCommitSummary {
        do {
            return try pool.writeWithoutTransaction { db in
                var summary = StreamingCommitSummary(firstSeq: nil, lastSeq: 0, eventCount: 0, storedBlobs: [])
                try db.inTransaction(.immediate) {
                    let now = clock.timestamp()
                    for move in cursorMoves { try checkCursor(move.consumer, from: move.from, db) }
                    let writer = try SQLiteStreamingWriter(db: db, now: now)
                    var batch = StreamingBatch(backend: .sqlite(writer))
                    try body(&batch)
                    for blob in batch.writers { try blob.finish() }
                    for move in cursorMoves { try setCursor(move.consumer, to: writer.seq, now: now, db) }
                    summary = StreamingCommitSummary(
                        firstSeq: writer.firstSeq, lastSeq: writer.seq, eventCount: batch.eventCount,
                        storedBlobs: writer.storedBlobs)
                    return .commit
                }
                return summary
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, operation: "append", path: path)
        }
    }

    /// Streams a blob's decompressed bytes to `sink`, chunk by chunk, whichever way it was stored.
    /// - Returns: false when no blob has that SHA-256.
    /// - Throws: ``EventLogError``; ``ZlibError`` when the stored stream is damaged; whatever `sink` throws.
    @discardableResult
    package func readBlob(sha256: String, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        do {
            return try pool.read { db in
                if let row = try Row.fetchOne(
                    db, sql: "SELECT data, size FROM blobs WHERE sha256 = ?", arguments: [sha256])
                {
                    let data: Data = row["data"]
                    let size: Int = row["size"]
                    let inflater = try Inflater(format: .zlib, maximumOutputBytes: max(size, 1))
                    try data.withUnsafeBytes { try inflater.inflate($0, sink: sink) }
                    try inflater.finish()
                    return true
                }
                guard
                    let header = try Row.fetchOne(
                        db, sql: "SELECT size, chunk_count FROM chunked_blobs WHERE sha256 = ?", arguments: [sha256])
                else { return false }
                let size: Int = header["size"]
                let inflater = try Inflater(format: .zlib, maximumOutputBytes: max(size, 1))
                // One chunk row at a time: the cursor does not hold the whole blob.
                let chunks = try Row.fetchCursor(
                    db, sql: "SELECT data FROM blob_chunks WHERE sha256 = ? ORDER BY idx", arguments: [sha256])
                var count = 0
                while let chunk = try chunks.next() {
                    count += 1
                    try chunk.withUnsafeData(atIndex: 0) { data in
                        try data?.withUnsafeBytes { try inflater.inflate($0, sink: sink) }
                    }
                }
                let expected: Int = header["chunk_count"]
                guard count == expected else {
                    throw EventLogError(
                        kind: .corrupt, operation: "read blob",
                        message: "blob \(sha256) has \(count) chunks, \(expected) expected", path: path)
                }
                try inflater.finish()
                return true
            }
        } catch let error as DatabaseError {
            throw Self.translate(error, operation: "read blob", path: path)
        }
    }
}
