import EventLog
import Foundation

extension PublishRun {
    /// Posts up to 30 Bill plans in one batch call (qbo-api.md §7): all intents are committed first (one
    /// transaction), the call carries a `requestid` derived from the items' ids, items are correlated by
    /// `bId`, and every outcome plus the cursor move commit together. Plans that were already posted are
    /// skipped; plans with an unsettled intent, and items whose fault is not a plain refusal, fall back to
    /// the single-write path, which settles by lookup first.
    func publishBillBatch(_ events: [RecordedEvent], report: inout StageReport) throws {
        var index = 0
        while index < events.count {
            var run: [(event: RecordedEvent, plan: BillPlanned)] = []
            while index < events.count, let plan = try batchable(events[index]) {
                run.append((events[index], plan))
                index += 1
            }
            if run.count >= 2 {
                try postBatch(run, report: &report)
            } else {
                for entry in run { try publishBill(entry.event, report: &report) }
                if index < events.count {
                    try publishBill(events[index], report: &report)
                    index += 1
                }
            }
        }
    }

    /// The plan when it can travel in a batch: a plain create never attempted, without attachments.
    private func batchable(_ event: RecordedEvent) throws -> BillPlanned? {
        let plan = try event.decode(BillPlanned.self)
        guard plan.action == "create", plan.attachments.isEmpty || !settings.uploadAttachments else { return nil }
        let history = try history(event.subject)
        if history.decoded(BillPosted.self).contains(where: { $0.contentHash == plan.contentHash })
            || history.unsettledIntent(requestId: plan.requestId) != nil
        {
            return nil
        }
        return plan
    }

    /// Sends one batch of contiguous plans; commits outcomes with the cursor, or settles leftovers singly.
    private func postBatch(_ fresh: [(event: RecordedEvent, plan: BillPlanned)], report: inout StageReport) throws {
        let batchRequestId = Self.derivedRequestId(
            fresh.map(\.plan.requestId).joined(separator: ","), "batch", length: 36)
        let items = fresh.enumerated().map { index, entry in (bId: "b\(index)", entry: entry) }
        try commitIntents(
            items.map { item in
                WriteIntended(
                    entity: item.entry.plan.entity, operation: "create", stampliId: item.entry.plan.invoiceId,
                    requestId: item.entry.plan.requestId, contentHash: item.entry.plan.contentHash,
                    planSeq: item.entry.event.seq, batchRequestId: batchRequestId, batchItemId: item.bId)
            }, subjects: items.map(\.entry.event.subject))
        let body = JSONValue.object([
            "BatchItemRequest": .array(
                items.map { item in
                    .object([
                        ("bId", .string(item.bId)), ("operation", .string("create")),
                        (item.entry.plan.entity, QBOBodies.bill(item.entry.plan)),
                    ])
                })
        ]).bytes
        report.count("batches")
        let outcome = try client.call(
            method: "POST", path: "/batch", body: body, requestId: batchRequestId, subject: "qbo:\(settings.realmId)",
            isBatch: true)
        var responses: [String: JSONValue] = [:]
        switch outcome {
        case .success(let json, _):
            for item in json["BatchItemResponse"]?.arrayValue ?? [] {
                if let bId = item["bId"]?.stringValue { responses[bId] = item }
            }
        case .fault(let fault, let status, let disposition, let tid):
            guard case .quarantine = disposition else {
                throw stop(fault, status: status, tid: tid, operation: "batch", disposition: disposition)
            }
        // The whole call was refused (e.g. malformed): every item settles singly.
        case .ambiguous:
            break  // every item settles singly (lookup first)
        }
        var outcomes: [NewEvent] = []
        var fallback: [RecordedEvent] = []
        for item in items {
            let plan = item.entry.plan
            guard let response = responses[item.bId] else {
                fallback.append(item.entry.event)
                continue
            }
            if let object = response[plan.entity], let posted = billPosted(object, plan: plan, settledBy: "response") {
                outcomes.append(try NewEvent(posted, subject: item.entry.event.subject))
                report.count("billsPosted")
            } else if let fault = QBOFault.from(json: response),
                case .quarantine = FaultClassification.disposition(status: 200, fault: fault)
            {
                outcomes.append(
                    try NewEvent(
                        rejection(
                            entity: plan.entity, stampliId: plan.invoiceId, requestId: plan.requestId,
                            contentHash: plan.contentHash, status: 200, fault: fault),
                        subject: item.entry.event.subject))
                report.count("rejected")
            } else {
                fallback.append(item.entry.event)
            }
        }
        if fallback.isEmpty {
            try commitOutcome(outcomes, through: fresh.last!.event.seq, report: &report)
            return
        }
        // Record what is known without moving the cursor, then settle the rest one by one in order.
        try store.append(outcomes)
        report.appended += outcomes.count
        for entry in fresh { try publishBill(entry.event, report: &report) }
    }
}
