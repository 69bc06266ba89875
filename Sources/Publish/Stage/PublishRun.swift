import EventLog
import Foundation
import Logging

/// One run of the Publish stage: the plan loop and the bookkeeping shared by each kind of write.
final class PublishRun {
    static let outcomeTypes: Set<String> = [
        BillPosted.type, VendorConfirmed.type, PaymentPosted.type, AttachmentUploaded.type, WriteRejected.type,
    ]

    let publisher: Publisher
    let client: QBOClient
    let store: any EventStore
    let logger: Logger
    var settings: PublishSettings { publisher.settings }

    init(publisher: Publisher, client: QBOClient, store: any EventStore, logger: Logger) {
        self.publisher = publisher
        self.client = client
        self.store = store
        self.logger = logger
    }

    /// What the log already says about one subject's writes.
    struct History {
        var events: [RecordedEvent]

        /// Request ids that have an outcome event.
        var settledRequestIds: Set<String> {
            Set(
                events.compactMap { event -> String? in
                    switch event.type {
                    case BillPosted.type: return try? event.decode(BillPosted.self).requestId
                    case VendorConfirmed.type: return try? event.decode(VendorConfirmed.self).requestId
                    case PaymentPosted.type: return try? event.decode(PaymentPosted.self).requestId
                    case AttachmentUploaded.type: return try? event.decode(AttachmentUploaded.self).requestId
                    case WriteRejected.type: return try? event.decode(WriteRejected.self).requestId
                    default: return nil
                    }
                })
        }

        /// The intent for `requestId` when it has no outcome yet.
        func unsettledIntent(requestId: String) -> WriteIntended? {
            guard !settledRequestIds.contains(requestId) else { return nil }
            return events.lazy.filter { $0.type == WriteIntended.type }
                .compactMap { try? $0.decode(WriteIntended.self) }.first { $0.requestId == requestId }
        }

        func decoded<P: EventPayload>(_ type: P.Type) -> [P] {
            events.filter { $0.type == P.type }.compactMap { try? $0.decode(P.self) }
        }
    }

    func history(_ subject: String) throws -> History {
        History(events: try store.events(subject: subject, types: Self.outcomeTypes.union([WriteIntended.type])))
    }

    /// Publishes plans chunk by chunk until none is left after the cursor.
    func publishAll(report: inout StageReport) throws {
        while true {
            let cursor = try store.cursor(Publisher.consumer)
            let plans = try store.events(after: cursor, limit: settings.chunkSize, types: Publisher.planTypes)
            guard !plans.isEmpty else { return }
            report.consumed += plans.count
            let backlog = try store.count(after: cursor, types: [BillPlanned.type])
            let useBatch = settings.useBatch && backlog >= settings.limits.batchThreshold
            var index = 0
            while index < plans.count {
                let event = plans[index]
                // When this window's batch calls are spent but single requests remain, post singly rather
                // than wait: the ceiling is 40 batches x 30 items plus the remaining single calls.
                if useBatch, event.type == BillPlanned.type,
                    client.limiter.remaining(now: publisher.clock.now()).batches <= 0,
                    client.limiter.remaining(now: publisher.clock.now()).requests > 1
                {
                    try publishBill(event, report: &report)
                    index += 1
                    continue
                }
                if useBatch, event.type == BillPlanned.type {
                    var group: [RecordedEvent] = []
                    while index < plans.count, plans[index].type == BillPlanned.type,
                        group.count < settings.limits.maximumBatchItems
                    {
                        group.append(plans[index])
                        index += 1
                    }
                    try publishBillBatch(group, report: &report)
                    continue
                }
                switch event.type {
                case VendorPlanned.type: try publishVendor(event, report: &report)
                case BillPlanned.type: try publishBill(event, report: &report)
                case PaymentPlanned.type: try publishPayment(event, report: &report)
                default: break
                }
                index += 1
            }
        }
    }

    /// Commits outcome events together with the cursor move past `seq`.
    func commitOutcome(_ events: [NewEvent], through seq: Int64, report: inout StageReport) throws {
        let cursor = try store.cursor(Publisher.consumer)
        let moves = seq > cursor ? [CursorMove(consumer: Publisher.consumer, from: cursor, to: seq)] : []
        try store.commit(EventBatch(events: events, cursorMoves: moves))
        report.appended += events.count
    }

    /// Commits write intents, then (testing only) dies as a crash would.
    func commitIntents(_ intents: [WriteIntended], subjects: [String]) throws {
        try store.append(zip(intents, subjects).map { try NewEvent($0, subject: $1) })
        if settings.killAfterIntentForTesting {
            logger.info("killAfterIntentForTesting: terminating after committing the intent")
            kill(getpid(), SIGKILL)
        }
    }

    /// A deterministic `requestid` derived from a base id and a purpose (≤ `length` characters).
    static func derivedRequestId(_ base: String, _ purpose: String, length: Int = 50) -> String {
        let digest = SHA256Digest.hex(of: Array("\(base)|\(purpose)".utf8))
        let prefix = String(purpose.prefix(8))
        return String((prefix + "-" + digest).prefix(length))
    }

    /// Converts a Fault outcome that cannot be handled here into the error that stops the run.
    func stop(_ fault: QBOFault, status: Int, tid: String?, operation: String, disposition: Disposition) -> QBOError {
        QBOError(
            kind: .fault, operation: operation, httpStatus: status, code: fault.code,
            message: fault.summary.isEmpty ? "HTTP \(status)" : fault.summary, intuitTid: tid,
            hint: disposition == .fatal
                ? "check the QBO connection and company (see the recorded response)"
                : "QBO is unavailable; run again later, nothing was lost", disposition: disposition)
    }

    func rejection(
        entity: String, stampliId: String, requestId: String, contentHash: String, status: Int, fault: QBOFault
    ) -> WriteRejected {
        let first = fault.errors.first
        return WriteRejected(
            entity: entity, stampliId: stampliId, requestId: requestId, contentHash: contentHash, httpStatus: status,
            code: first?.code, message: first?.message ?? fault.summary, detail: first?.detail,
            element: first?.element)
    }
}

@available(*, unavailable) extension PublishRun: Sendable {}
