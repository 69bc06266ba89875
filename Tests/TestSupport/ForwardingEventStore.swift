package import EventLog

/// An event store that passes every call on to a SQLite store, for tests that watch or fail commits.
///
/// Streaming commits are not passed on: the protocol's buffering fallback turns each into one ``commit(_:)``,
/// so ``beforeCommit`` sees (and can fail) those too.
package final class ForwardingEventStore: EventStore {
    package let inner: SQLiteEventStore
    /// Runs before each commit is passed on; an error it throws fails the commit, and nothing is written.
    package var beforeCommit: (EventBatch) throws -> Void = { _ in }
    /// Where each commit passed on moved a cursor, in order.
    package private(set) var cursorMoves: [Int64] = []

    package init(_ inner: SQLiteEventStore) { self.inner = inner }

    package func commit(_ batch: EventBatch) throws -> [RecordedEvent] {
        try beforeCommit(batch)
        cursorMoves += batch.cursorMoves.map(\.to)
        return try inner.commit(batch)
    }
    package func cursor(_ consumer: String) throws -> Int64 { try inner.cursor(consumer) }
    package func cursors() throws -> [String: Int64] { try inner.cursors() }
    package func lastSeq() throws -> Int64 { try inner.lastSeq() }
    package func events(after seq: Int64, limit: Int, types: Set<String>?) throws -> [RecordedEvent] {
        try inner.events(after: seq, limit: limit, types: types)
    }
    package func events(in range: ClosedRange<Int64>) throws -> [RecordedEvent] { try inner.events(in: range) }
    package func events(subject: String, types: Set<String>?) throws -> [RecordedEvent] {
        try inner.events(subject: subject, types: types)
    }
    package func events(types: Set<String>, after seq: Int64, limit: Int) throws -> [RecordedEvent] {
        try inner.events(types: types, after: seq, limit: limit)
    }
    package func count(after seq: Int64, types: Set<String>?) throws -> Int {
        try inner.count(after: seq, types: types)
    }
    package func blob(sha256: String) throws -> [UInt8]? { try inner.blob(sha256: sha256) }
    package func hasBlob(sha256: String) throws -> Bool { try inner.hasBlob(sha256: sha256) }
    package func verifyChain(range: ClosedRange<Int64>?) throws -> ChainVerification {
        try inner.verifyChain(range: range)
    }
}
