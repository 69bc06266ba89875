/// The storage seam every stage holds: append-only events, consumer cursors and a content-addressed
/// blob store. ``SQLiteEventStore`` is the one implementation; a PostgreSQL backend would be a second.
package protocol EventStore: AnyObject {
    /// Appends a batch atomically: its blobs, its events and its cursor moves commit together or not at all.
    /// - Returns: the recorded events, with their sequence numbers and hashes.
    /// - Throws: ``EventLogError`` (`.cursorConflict` when a cursor was moved by someone else meanwhile).
    @discardableResult
    func commit(_ batch: EventBatch) throws -> [RecordedEvent]

    /// Appends a unit of work too large to hold in memory atomically: what `body` appends and the blobs it
    /// writes commit together with the advance of each cursor in `cursorMoves` to the log's last seq, or
    /// not at all (a throw from `body` leaves nothing). ``SQLiteEventStore`` writes rows as they come; the
    /// default implementation buffers and calls ``commit(_:)``.
    /// - Returns: what was written.
    /// - Throws: ``EventLogError`` (`.cursorConflict` when a cursor was moved meanwhile); what `body` throws.
    @discardableResult
    func commitStreaming(
        cursorMoves: [CursorAdvance], _ body: (inout StreamingBatch) throws -> Void
    ) throws -> StreamingCommitSummary

    /// The last sequence number a consumer has consumed (0 when it has never run).
    func cursor(_ consumer: String) throws -> Int64

    /// All cursors by consumer name.
    func cursors() throws -> [String: Int64]

    /// The highest sequence number in the log (0 when empty).
    func lastSeq() throws -> Int64

    /// Events after `seq`, oldest first, at most `limit`, optionally only of some types.
    func events(after seq: Int64, limit: Int, types: Set<String>?) throws -> [RecordedEvent]

    /// Events whose seq is in `range`, oldest first.
    func events(in range: ClosedRange<Int64>) throws -> [RecordedEvent]

    /// Events after `seq`, oldest first, at most `limit`, with only what a consumer of payloads reads: `seq`,
    /// `stage`, `type`, `version` and `payload`; `recordedAt` and `subject` are empty and the chain hashes
    /// are `[]`. Reading less costs less for a stage working through a large backlog. The default reads
    /// whole events.
    func payloadEvents(after seq: Int64, limit: Int) throws -> [RecordedEvent]

    /// Events about one subject, oldest first, optionally only of some types.
    func events(subject: String, types: Set<String>?) throws -> [RecordedEvent]

    /// Events of some types, oldest first, optionally from a seq on and up to a limit.
    func events(types: Set<String>, after seq: Int64, limit: Int) throws -> [RecordedEvent]

    /// The count of events after `seq` whose type is in `types` (all types when nil).
    func count(after seq: Int64, types: Set<String>?) throws -> Int

    /// The decompressed bytes of a blob, or nil if no blob has that SHA-256.
    func blob(sha256: String) throws -> [UInt8]?

    /// True when a blob with that SHA-256 is stored.
    func hasBlob(sha256: String) throws -> Bool

    /// Recomputes the hash chain over `range` (the whole log when nil).
    func verifyChain(range: ClosedRange<Int64>?) throws -> ChainVerification
}

extension EventStore {
    package func payloadEvents(after seq: Int64, limit: Int) throws -> [RecordedEvent] {
        try events(after: seq, limit: limit, types: nil)
    }

    package func events(after seq: Int64, limit: Int) throws -> [RecordedEvent] {
        try events(after: seq, limit: limit, types: nil)
    }

    package func events(subject: String) throws -> [RecordedEvent] {
        try events(subject: subject, types: nil)
    }

    /// Appends events without moving any cursor.
    @discardableResult
    package func append(_ events: [NewEvent]) throws -> [RecordedEvent] {
        try commit(EventBatch(events: events))
    }
}

/// One atomic unit of work for ``EventStore/commit(_:)``.
package struct EventBatch: Sendable {
    package var events: [NewEvent]
    package var blobs: [Blob]
    package var cursorMoves: [CursorMove]

    package init(events: [NewEvent] = [], blobs: [Blob] = [], cursorMoves: [CursorMove] = []) {
        self.events = events
        self.blobs = blobs
        self.cursorMoves = cursorMoves
    }
}

/// Moves a consumer's cursor from the value it read to a new value, in the same transaction as the events.
package struct CursorMove: Sendable, Equatable {
    package var consumer: String
    /// The cursor the consumer started from; the commit fails if the stored cursor differs.
    package var from: Int64
    package var to: Int64

    package init(consumer: String, from: Int64, to: Int64) {
        self.consumer = consumer
        self.from = from
        self.to = to
    }
}

/// Raw bytes to keep, compressed, under their SHA-256.
package struct Blob: Sendable {
    package var sha256: String
    package var bytes: [UInt8]

    package init(sha256: String, bytes: [UInt8]) {
        self.sha256 = sha256
        self.bytes = bytes
    }

    /// A blob for `bytes`, hashing them.
    package init(bytes: [UInt8]) {
        self.init(sha256: SHA256Digest.hex(of: bytes), bytes: bytes)
    }
}

/// The outcome of ``EventStore/verifyChain(range:)``.
package struct ChainVerification: Sendable, Equatable, Codable {
    /// Events checked.
    package var checked: Int64
    /// The first seq whose stored hash does not match its recomputed hash, or nil when all match.
    package var firstBadSeq: Int64?
    /// Why that event failed (hash mismatch, broken link, gap).
    package var problem: String?

    package var isIntact: Bool { firstBadSeq == nil }
}
