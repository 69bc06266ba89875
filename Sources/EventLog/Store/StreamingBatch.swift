import Foundation
import GRDB

/// The open transaction of ``EventStore/commitStreaming(cursorMoves:_:)``: events are written as they
/// are appended and blobs as their bytes arrive, so a commit of any size holds only the current row and
/// one blob chunk in memory (``SQLiteEventStore``; other stores may buffer).
///
/// A batch is valid only inside the body it was handed to: do not keep it, or a ``BlobWriter`` it
/// opened, beyond that call.
package struct StreamingBatch {
    enum Backend {
        /// Rows go straight into the SQLite transaction.
        case sqlite(SQLiteStreamingWriter)
        /// Everything is kept for one ``EventStore/commit(_:)`` at the end (stores without streaming).
        case buffered(events: [NewEvent])
    }

    var backend: Backend
    var writers: [BlobWriter] = []
    private var openedBlobs: Set<String> = []

    /// Events appended so far.
    private(set) package var eventCount = 0

    init(backend: Backend) {
        self.backend = backend
    }

    /// Appends one event, extending the hash chain.
    /// - Throws: ``EventLogError`` when the row cannot be written.
    package mutating func append(_ event: NewEvent) throws {
        switch backend {
        case .sqlite(let writer):
            try writer.insert(event)
        case .buffered(var events):
            backend = .buffered(events: [])  // keep the array uniquely referenced while it grows
            events.append(event)
            backend = .buffered(events: events)
        }
        eventCount += 1
    }

    /// Appends events in order.
    /// - Throws: ``EventLogError``.
    package mutating func append(contentsOf events: [NewEvent]) throws {
        for event in events { try append(event) }
    }

    /// Starts a blob whose uncompressed bytes hash to `sha256`; write them with ``BlobWriter/write(_:)``.
    ///
    /// When a blob with that SHA-256 is already stored (or opened earlier in this batch) the writer
    /// accepts and discards the bytes. Writers not finished by the end of the body are finished then.
    /// - Throws: ``EventLogError`` when the store cannot be read.
    package mutating func openBlob(sha256: String) throws -> BlobWriter {
        let isDuplicate: Bool
        switch backend {
        case .sqlite(let writer):
            isDuplicate = try !openedBlobs.insert(sha256).inserted || writer.isBlobStored(sha256)
        case .buffered:
            isDuplicate = !openedBlobs.insert(sha256).inserted
        }
        let target: BlobWriter.Target
        switch backend {
        case _ where isDuplicate: target = .discard
        case .sqlite(let writer): target = .chunks(writer)
        case .buffered: target = .memory
        }
        let blob = try BlobWriter(sha256: sha256, target: target)
        writers.append(blob)
        return blob
    }
}

@available(*, unavailable) extension StreamingBatch: Sendable {}

/// A consumer whose cursor a streaming commit moves to the seq of the last event in the log.
package struct CursorAdvance: Sendable, Equatable {
    package var consumer: String
    /// The cursor the consumer started from; the commit fails with `.cursorConflict` if the stored cursor differs.
    package var from: Int64

    package init(consumer: String, from: Int64) {
        self.consumer = consumer
        self.from = from
    }
}

/// What a streaming commit wrote.
package struct StreamingCommitSummary: Sendable, Equatable {
    /// The seq of the first appended event, or nil when none was appended.
    package var firstSeq: Int64?
    /// The last seq in the log after the commit (where the advanced cursors now point).
    package var lastSeq: Int64
    /// Events appended.
    package var eventCount: Int
    /// SHA-256 of the blobs newly stored (duplicates are not listed).
    package var storedBlobs: [String]

    package init(firstSeq: Int64?, lastSeq: Int64, eventCount: Int, storedBlobs: [String]) {
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.eventCount = eventCount
        self.storedBlobs = storedBlobs
    }
}

extension EventStore {
    /// The buffering fallback for stores that cannot stream: collects everything, then one ``commit(_:)``.
    @discardableResult
    package func commitStreaming(
        cursorMoves: [CursorAdvance], _ body: (inout StreamingBatch) throws -> Void
    ) throws -> StreamingCommitSummary {
        let before = try lastSeq()
        var batch = StreamingBatch(backend: .buffered(events: []))
        try body(&batch)
        var blobs: [Blob] = []
        for writer in batch.writers {
            if let blob = try writer.finishInMemory() { blobs.append(blob) }
        }
        guard case .buffered(let events) = batch.backend else { preconditionFailure("buffered batch expected") }
        let moves = cursorMoves.map {
            CursorMove(consumer: $0.consumer, from: $0.from, to: before + Int64(events.count))
        }
        let recorded = try commit(EventBatch(events: events, blobs: blobs, cursorMoves: moves))
        return StreamingCommitSummary(
            firstSeq: recorded.first?.seq, lastSeq: recorded.last?.seq ?? before, eventCount: recorded.count,
            storedBlobs: blobs.map(\.sha256))
    }
}
