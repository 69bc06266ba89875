import EventLog
import Logging

/// One pass over the backlog: reads pages, groups each invoices file's rows, reacts to the other stages'
/// events, and commits decisions with the cursor move.
final class TransformRun {
    let engine: DecisionEngine
    let store: any EventStore
    let pageSize: Int
    let logger: Logger
    private(set) var cursor: Int64
    var report = StageReport(stage: "transform")
    /// The last event fully processed (the cursor moves here on the next commit).
    private var readPosition: Int64
    /// Decisions queued for the next commit, already recorded in the state (with seq 0), and what is needed
    /// to give them their seqs once committed.
    private var pendingEvents: [NewEvent] = []
    private var pendingKeys: [TransformState.CommittedKey] = []
    /// Seqs of decisions this run committed, in increasing order from `ownSeqsStart`: already in the state,
    /// skipped when the backlog reaches them. They follow everything read so far, and the backlog is read in
    /// seq order, so only the first one left can be the next own event.
    private var ownSeqs: [Int64] = []
    private var ownSeqsStart = 0

    init(engine: DecisionEngine, store: any EventStore, cursor: Int64, pageSize: Int, logger: Logger) {
        self.engine = engine
        self.store = store
        self.cursor = cursor
        self.readPosition = cursor
        self.pageSize = pageSize
        self.logger = logger
    }

    func processBacklog() throws {
        while true {
            let page = try store.payloadEvents(after: readPosition, limit: pageSize)
            if page.isEmpty {
                // Queued decisions are committed first and read past (they are this run's own), so that the
                // cursor ends after them as it does after every commit followed by a read.
                if hasPending {
                    try flush()
                    continue
                }
                try finalPass()
                try flush()
                return
            }
            var index = 0
            while index < page.count {
                let event = page[index]
                if isOwn(event.seq) {
                    ownSeqsStart += 1
                    readPosition = event.seq
                    index += 1
                    continue
                }
                if try Self.invoiceRow(event) != nil {
                    let lastSeq = try processInvoiceFile(startingAt: event.seq, read: page[index...])
                    // Seqs are dense: skip what the file consumed, or the rest of the page when it ran past it.
                    index = min(page.count, index + Int(lastSeq - event.seq) + 1)
                    continue
                }
                report.consumed += 1
                try react(to: event)
                readPosition = event.seq
                index += 1
            }
            // Decisions are committed a page's worth at a time (as within an invoices file), not at every page
            // end: a page that ends a file would otherwise commit part of a page, and the store's cost per
            // commit (the pages a commit writes) is then paid more often.
            if pendingEvents.count >= pageSize {
                try flush()
                logger.debug("transform page committed", metadata: ["stage": "transform", "cursor": "\(cursor)"])
            }
        }
    }

    // MARK: Invoices files

    /// Decides the invoices of the run of consecutive events starting at `seq` that belong to one invoices file
    /// (its rows and the attachments fetched for it), holding only the rows of invoices not yet complete.
    ///
    /// An invoice's rows may lie anywhere in its file, so a first pass reads the file's events to learn where
    /// each invoice's last row is (and applies the attachments, which every invoice of the file may name); the
    /// second pass reads them again and decides each invoice, in order of first appearance, as soon as its
    /// rows are all read. Memory is bounded by the invoices open at once (one, for a file written invoice by
    /// invoice), not by the file: a file of 30,000 invoices is neither held whole nor one transaction. The
    /// cursor moves only to a point where no invoice is open, so a restart never sees part of an invoice.
    /// - Returns: the seq of the last event of the file's run.
    /// - Parameter read: the events from `seq` on already read (the rest of the page), used before reading more.
    private func processInvoiceFile(startingAt seq: Int64, read: ArraySlice<RecordedEvent>) throws -> Int64 {
        // Pass 1: the extent of the run, and each invoice's last row within it.
        var lastIndexOf: [String: Int] = [:]
        var count = 0
        var lastSeq = seq - 1
        var fileSha256 = ""
        var previous: SourceRow?
        var after = seq - 1
        // The rows of a file that is not too large are kept from the first pass, so the second does not read
        // and scan them again; nil stands for an attachment event.
        var kept: [SourceRow?]? = []
        // The Invoice ID of the run of rows being read, and its last position so far.
        var runId = ""
        var runLast = 0
        var alreadyRead: ArraySlice<RecordedEvent>? = read
        scan: while true {
            let chunk: ArraySlice<RecordedEvent>
            if let given = alreadyRead {
                chunk = given
                alreadyRead = nil
            } else {
                chunk = try store.payloadEvents(after: after, limit: pageSize)[...]
            }
            guard let chunkLast = chunk.last else { break }
            for event in chunk {
                if count > 0 && isOwn(event.seq) { break scan }
                if event.type == AttachmentFetched.type {
                    guard count > 0, try event.decode(AttachmentFetched.self).invoiceFileSha256 == fileSha256 else {
                        break scan
                    }
                    try engine.state.apply(event)
                    kept?.append(nil)
                } else {
                    guard let row = try Self.invoiceRow(event, previous: previous),
                        count == 0 || row.fileSha256 == fileSha256
                    else { break scan }
                    if count == 0 { fileSha256 = row.fileSha256 }
                    previous = row
                    let id = row.invoiceId(reusing: runId)
                    if !id.isEmpty {
                        // Rows of an invoice usually follow one another: the map is written once per run of
                        // them (a later run of the same invoice writes a later position).
                        if id != runId {
                            if !runId.isEmpty { lastIndexOf[runId] = runLast }
                            runId = id
                        }
                        runLast = count
                    }
                    kept?.append(row)
                }
                if count >= maximumKeptRows { kept = nil }
                count += 1
                lastSeq = event.seq
            }
            after = chunkLast.seq
        }
        if !runId.isEmpty { lastIndexOf[runId] = runLast }

        // Pass 2: the same rows again (kept, or read anew); each invoice is decided once its last row is read.
        var order: [String] = []
        var head = 0
        // Rows of open invoices other than the current one (whose rows are read one after another): an
        // invoice whose rows are interleaved with another's is parked here between its runs.
        var open: [String: [SourceRow]] = [:]
        var currentId = ""
        var currentRows: [SourceRow] = []
        var currentLast = 0
        func take(_ row: SourceRow?, at position: Int) throws {
            if let row {
                let id = row.invoiceId(reusing: currentId)
                if id.isEmpty {
                    report.count("rowsWithoutInvoiceId")
                } else {
                    if id != currentId {
                        if !currentId.isEmpty { open[currentId, default: []].append(contentsOf: currentRows) }
                        if let parked = open.removeValue(forKey: id) {
                            currentRows = parked
                        } else {
                            currentRows = []
                            order.append(id)
                        }
                        currentId = id
                        currentLast = lastIndexOf[id] ?? Int.max
                    }
                    currentRows.append(row)
                }
            }
            while head < order.count {
                let id = order[head]
                let isCurrent = id == currentId
                guard let last = isCurrent ? currentLast : lastIndexOf[id], last <= position else { break }
                head += 1
                let rows: [SourceRow]
                if isCurrent {
                    rows = currentRows
                    currentRows = []
                    currentId = ""
                } else {
                    rows = open.removeValue(forKey: id) ?? []
                }
                let assembly = InvoiceAssembly(invoiceId: id, rows: rows)
                try decide(invoiceId: id) { try self.engine.decideInvoice(assembly) }
                try afterInvoiceDecision(id)
            }
            if head == order.count {
                // No invoice is open: the cursor may move here (seqs of the run are dense), and a page's worth
                // of decisions is committed.
                order.removeAll(keepingCapacity: true)
                head = 0
                readPosition = seq + Int64(position)
                if pendingEvents.count >= pageSize { try flush() }
            }
        }
        if var rows = kept {
            // Each row leaves the array as it is taken: an invoice's rows are released once it is decided,
            // while they are still in the cache, instead of the whole file's at the end.
            kept = nil
            for position in rows.indices {
                let row = rows[position]
                rows[position] = nil
                try take(row, at: position)
            }
        } else {
            var position = 0
            previous = nil
            after = seq - 1
            while position < count {
                let chunk = try store.payloadEvents(after: after, limit: min(pageSize, count - position))
                guard let chunkLast = chunk.last else { break }
                for event in chunk where position < count {
                    var row: SourceRow?
                    if event.type != AttachmentFetched.type {
                        row = try Self.invoiceRow(event, previous: previous)
                        if let row { previous = row }
                    }
                    try take(row, at: position)
                    position += 1
                }
                after = chunkLast.seq
            }
        }
        report.consumed += count
        readPosition = lastSeq
        return lastSeq
    }

    /// Rows of one invoices file kept between its two passes (ten pages); a larger file is read twice
    /// instead, so memory stays bounded by this (and by the invoices open at once) whatever the file's size.
    var maximumKeptRows: Int { pageSize * 10 }

    /// True when `seq` is the next decision this run committed (seqs already passed are dropped first).
    private func isOwn(_ seq: Int64) -> Bool {
        while ownSeqsStart < ownSeqs.count && ownSeqs[ownSeqsStart] < seq { ownSeqsStart += 1 }
        if ownSeqsStart >= 4_096 {
            ownSeqs.removeFirst(ownSeqsStart)
            ownSeqsStart = 0
        }
        return ownSeqsStart < ownSeqs.count && ownSeqs[ownSeqsStart] == seq
    }

    private static func invoiceRow(_ event: RecordedEvent, previous: SourceRow? = nil) throws -> SourceRow? {
        guard event.type == RowParsed.type || event.type == RowRejected.type,
            let row = try SourceRow.decode(event, previous: previous), row.kind == .invoices
        else { return nil }
        return row
    }

    // MARK: Deciding and committing

    /// Decides one item and queues the decision, unless it repeats the item's last decision byte for byte.
    func decide(subject: String, _ make: () throws -> TransformDecision?) throws {
        try decide(lastDecision: { engine.lastDecision(subject: subject) }, make)
    }

    /// ``decide(subject:_:)`` for an invoice, looked up by its Invoice ID (no subject string made and split).
    func decide(invoiceId: String, _ make: () throws -> TransformDecision?) throws {
        try decide(lastDecision: { engine.state.invoices[invoiceId]?.last }, make)
    }

    /// - Parameter lastDecision: the item's last decision on record (read again after a flush).
    private func decide(
        lastDecision: () -> TransformState.Decision?, _ make: () throws -> TransformDecision?
    ) throws {
        // A decision still queued for the item (seq 0 until committed) is committed first. Deciding does not
        // change the state, so the last decision looked up here is still the last one afterwards.
        var last = lastDecision()
        if last?.seq == 0 {
            try flush()
            last = lastDecision()
        }
        guard let decision = try make() else { return }
        let event = try decision.event()
        // Only an item with a decision on record needs the comparison (and so the digest of these bytes).
        if let last {
            let digest = TransformState.digest(type: event.type, payload: event.payload)
            guard try engine.digest(of: last) != digest else { return }
        }
        pendingEvents.append(event)
        pendingKeys.append(TransformState.CommittedKey(decision))
        engine.record(decision, seq: 0, digest: nil)
        report.count(decision.counter)
    }

    /// True while decisions wait for the next commit.
    var hasPending: Bool { !pendingEvents.isEmpty }

    /// Commits the queued decisions with the cursor move, then gives them their seqs in the state.
    func flush() throws {
        guard !pendingEvents.isEmpty || readPosition != cursor else { return }
        let recorded = try store.commit(
            EventBatch(
                events: pendingEvents,
                cursorMoves: [CursorMove(consumer: Transformer.consumer, from: cursor, to: readPosition)]))
        for (event, key) in zip(recorded, pendingKeys) {
            ownSeqs.append(event.seq)
            engine.state.setSeq(event.seq, of: key)
        }
        report.appended += recorded.count
        cursor = readPosition
        pendingEvents = []
        pendingKeys = []
    }
}
