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
    private var pendingSubjects: Set<String> = []
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
            var page = try store.payloadEvents(after: readPosition, limit: pageSize)
            if page.isEmpty {
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
                if let group = try invoiceGroup(in: &page, at: index) {
                    report.consumed += group.count
                    try processInvoiceRows(group.rows)
                    index += group.count
                    readPosition = page[index - 1].seq
                    if page.count > pageSize {
                        // The file ran past the page it started on: drop what is read and commit once a page's
                        // worth of decisions is queued, so that a backlog of large files is neither one
                        // transaction nor held in memory whole.
                        if pendingEvents.count >= pageSize { try flush() }
                        page.removeSubrange(..<index)
                        index = 0
                    }
                    continue
                }
                report.consumed += 1
                try react(to: event)
                readPosition = event.seq
                index += 1
            }
            try flush()
            logger.debug("transform page committed", metadata: ["stage": "transform", "cursor": "\(cursor)"])
        }
    }

    // MARK: Invoices files

    /// The run of consecutive events starting at `index` that belong to one invoices file (its rows and the
    /// attachments fetched for it), extending `page` when the file continues past it.
    private func invoiceGroup(in page: inout [RecordedEvent], at index: Int) throws
        -> (rows: [SourceRow], count: Int)?
    {
        guard let first = try Self.invoiceRow(page[index]) else { return nil }
        var rows = [first]
        var end = index + 1
        while true {
            if end == page.count {
                let more = try store.payloadEvents(after: page[end - 1].seq, limit: pageSize)
                if more.isEmpty { break }
                page.append(contentsOf: more)
            }
            // `page[end]` is read in place: a copy of the event would retain each of its members.
            if isOwn(page[end].seq) { break }
            if page[end].type == AttachmentFetched.type {
                let fetched = try page[end].decode(AttachmentFetched.self)
                guard fetched.invoiceFileSha256 == first.fileSha256 else { break }
                try engine.state.apply(page[end])
                end += 1
                continue
            }
            guard let row = try Self.invoiceRow(page[end], previous: rows.last), row.fileSha256 == first.fileSha256
            else { break }
            rows.append(row)
            end += 1
        }
        return (rows, end - index)
    }

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

    private func processInvoiceRows(_ rows: [SourceRow]) throws {
        // An invoice's rows are usually consecutive: runs of one Invoice ID are taken as they come, and the
        // rows are grouped by a dictionary only when an ID comes back after another one (same order either
        // way: invoices by first appearance, each with its rows in file order).
        var runs: [(id: String, rows: ArraySlice<SourceRow>)] = []
        var seen: Set<String> = []
        var isConsecutive = true
        var start = 0
        var runId = ""
        var index = 0
        func closeRun() {
            guard !runId.isEmpty, start < index else { return }
            if !seen.insert(runId).inserted { isConsecutive = false }
            runs.append((runId, rows[start..<index]))
        }
        while index < rows.count {
            let id = rows[index].raw(.invoiceId)
            if id != runId {
                closeRun()
                runId = id
                start = index
            }
            if id.isEmpty {
                report.count("rowsWithoutInvoiceId")
                start = index + 1
            }
            index += 1
        }
        closeRun()
        if !isConsecutive {
            var order: [String] = []
            var byInvoice: [String: [SourceRow]] = [:]
            for run in runs {
                if byInvoice[run.id] == nil { order.append(run.id) }
                byInvoice[run.id, default: []].append(contentsOf: run.rows)
            }
            runs = order.map { ($0, byInvoice[$0]![...]) }
        }
        for (id, invoiceRows) in runs {
            let assembly = InvoiceAssembly(invoiceId: id, rows: Array(invoiceRows))
            try decide(subject: "invoice:\(id)") { try self.engine.decideInvoice(assembly) }
            try afterInvoiceDecision(id)
        }
    }

    // MARK: Deciding and committing

    /// Decides one item and queues the decision, unless it repeats the item's last decision byte for byte.
    func decide(subject: String, _ make: () throws -> TransformDecision?) throws {
        if pendingSubjects.contains(subject) { try flush() }
        guard let decision = try make() else { return }
        let event = try decision.event()
        let digest = TransformState.digest(type: event.type, payload: event.payload)
        guard !engine.repeatsLast(digest: digest, subject: subject) else { return }
        pendingEvents.append(event)
        pendingKeys.append(TransformState.CommittedKey(decision))
        pendingSubjects.insert(subject)
        engine.record(decision, seq: 0, digest: digest)
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
        pendingSubjects = []
    }
}
