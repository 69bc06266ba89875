import EventLog
import Foundation

extension PublishRun {
    /// The outcome of writing one Bill plan.
    enum BillOutcome {
        case posted(BillPosted)
        case rejected(WriteRejected)
    }

    /// Posts one Bill/VendorCredit plan (or settles its earlier attempt), then its attachments.
    func publishBill(_ event: RecordedEvent, report: inout StageReport) throws {
        let plan = try event.decode(BillPlanned.self)
        let subject = event.subject
        let history = try history(subject)
        if let posted = history.decoded(BillPosted.self).last(where: { $0.contentHash == plan.contentHash }) {
            // Never post a plan twice; only finish attachments a crash may have left behind.
            try uploadAttachments(plan, billId: posted.qboId, subject: subject, history: history, report: &report)
            try commitOutcome([], through: event.seq, report: &report)
            report.count("skipped")
            return
        }
        let outcome: BillOutcome
        if history.unsettledIntent(requestId: plan.requestId) != nil {
            outcome = try settleBill(plan, subject: subject, planSeq: event.seq)
            report.count("settled")
        } else {
            try commitIntents(
                [
                    WriteIntended(
                        entity: plan.entity, operation: plan.action, stampliId: plan.invoiceId,
                        requestId: plan.requestId, contentHash: plan.contentHash, planSeq: event.seq)
                ],
                subjects: [subject])
            outcome = try sendBill(plan, subject: subject, settledBy: "response")
        }
        try finishBill(plan, outcome: outcome, event: event, history: history, report: &report)
    }

    func finishBill(
        _ plan: BillPlanned, outcome: BillOutcome, event: RecordedEvent, history: History, report: inout StageReport
    ) throws {
        switch outcome {
        case .posted(let posted):
            if plan.attachments.isEmpty || !settings.uploadAttachments {
                try commitOutcome([try NewEvent(posted, subject: event.subject)], through: event.seq, report: &report)
            } else {
                try store.append([try NewEvent(posted, subject: event.subject)])
                report.appended += 1
                try uploadAttachments(
                    plan, billId: posted.qboId, subject: event.subject, history: history, report: &report)
                try commitOutcome([], through: event.seq, report: &report)
            }
            report.count("billsPosted")
        case .rejected(let rejected):
            try commitOutcome([try NewEvent(rejected, subject: event.subject)], through: event.seq, report: &report)
            report.count("rejected")
        }
    }

    /// Settles a Bill whose earlier create has no recorded outcome: look it up first, and only if QBO has
    /// no such Bill, resend the create with the same `requestid` (QBO replays the first answer if it had
    /// processed it).
    func settleBill(_ plan: BillPlanned, subject: String, planSeq: Int64) throws -> BillOutcome {
        if let found = try lookUpBill(plan, subject: subject) { return .posted(found) }
        return try sendBill(plan, subject: subject, settledBy: "requestid-replay")
    }

    /// Sends the create (or full update) and interprets the answer.
    func sendBill(_ plan: BillPlanned, subject: String, settledBy: String) throws -> BillOutcome {
        let path = "/" + plan.entity.lowercased()
        var update: (id: String, syncToken: String)?
        if plan.action == "update", let id = plan.qboId {
            do {
                update = (id, try readSyncToken(entity: plan.entity, id: id, subject: subject))
            } catch let error as QBOError {
                // The Bill to amend is gone or unreadable for a data reason: quarantine, don't block the queue.
                guard case .quarantine = error.disposition else { throw error }
                return .rejected(
                    WriteRejected(
                        entity: plan.entity, stampliId: plan.invoiceId, requestId: plan.requestId,
                        contentHash: plan.contentHash, httpStatus: error.httpStatus ?? 0, code: error.code,
                        message: error.message, detail: "the \(plan.entity) \(id) to update could not be read",
                        element: "Id"))
            }
        }
        let body = QBOBodies.bill(plan, update: update).bytes
        switch try client.call(method: "POST", path: path, body: body, requestId: plan.requestId, subject: subject) {
        case .success(let json, _):
            guard let object = json[plan.entity], let posted = billPosted(object, plan: plan, settledBy: settledBy)
            else {
                throw QBOError(
                    kind: .unexpectedResponse, operation: "create \(plan.entity)",
                    message: "the response has no \(plan.entity) with an Id")
            }
            return .posted(posted)
        case .fault(let fault, let status, let disposition, let tid):
            switch disposition {
            case .quarantine:
                return .rejected(
                    rejection(
                        entity: plan.entity, stampliId: plan.invoiceId, requestId: plan.requestId,
                        contentHash: plan.contentHash, status: status, fault: fault))
            case .settleByQuery:  // 6140: our own earlier Bill, or someone else's number
                if let found = try lookUpBill(plan, subject: subject) { return .posted(found) }
                return .rejected(
                    rejection(
                        entity: plan.entity, stampliId: plan.invoiceId, requestId: plan.requestId,
                        contentHash: plan.contentHash, status: status, fault: fault))
            default:
                throw stop(
                    fault, status: status, tid: tid, operation: "create \(plan.entity)", disposition: disposition)
            }
        case .ambiguous(let error):
            if let found = try lookUpBill(plan, subject: subject) { return .posted(found) }
            throw error  // unknown outcome stays unsettled; the next run settles it
        }
    }

    /// Finds the Bill this plan created: same DocNumber and vendor, and our audit stamp in PrivateNote.
    func lookUpBill(_ plan: BillPlanned, subject: String) throws -> BillPosted? {
        let statement = QBOBodies.billLookup(
            entity: plan.entity, docNumber: plan.docNumber, vendorQboId: plan.vendorQboId)
        let rows = try client.query(statement, subject: subject)[plan.entity]?.arrayValue ?? []
        let match = rows.first { row in
            guard let note = row["PrivateNote"]?.stringValue else { return false }
            return Self.noteCarriesStamp(note, plan: plan)
        }
        return match.flatMap { billPosted($0, plan: plan, settledBy: "lookup") }
    }

    /// True when a Bill's PrivateNote is this plan's note, or carries this invoice id as a whole token.
    static func noteCarriesStamp(_ note: String, plan: BillPlanned) -> Bool {
        if note == plan.privateNote { return true }
        let tokens = note.split { !($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
        return tokens.contains { $0 == plan.invoiceId }
    }

    func billPosted(_ object: JSONValue, plan: BillPlanned, settledBy: String) -> BillPosted? {
        guard let id = object["Id"]?.stringValue else { return nil }
        return BillPosted(
            invoiceId: plan.invoiceId, contentHash: plan.contentHash, requestId: plan.requestId, entity: plan.entity,
            qboId: id, syncToken: object["SyncToken"]?.stringValue ?? "0",
            docNumber: object["DocNumber"]?.stringValue ?? plan.docNumber,
            totalAmt: object["TotalAmt"]?.moneyValue ?? plan.total,
            vendorQboId: object["VendorRef"]?["value"]?.stringValue ?? plan.vendorQboId, settledBy: settledBy)
    }

    /// Reads an entity by id for its current SyncToken (qbo-api.md §4: read right before writing).
    func readSyncToken(entity: String, id: String, subject: String) throws -> String {
        let path = "/\(entity.lowercased())/\(FormEncoding.encode(id))"
        switch try client.call(method: "GET", path: path, subject: subject) {
        case .success(let json, _):
            guard let token = json[entity]?["SyncToken"]?.stringValue else {
                throw QBOError(kind: .unexpectedResponse, operation: "read \(entity)", message: "no SyncToken")
            }
            return token
        case .fault(let fault, let status, let disposition, let tid):
            throw stop(fault, status: status, tid: tid, operation: "read \(entity)", disposition: disposition)
        case .ambiguous(let error): throw error
        }
    }
}
