import EventLog
import Foundation

extension PublishRun {
    /// Creates one planned BillPayment; an unsettled earlier attempt is resent with the same `requestid`.
    func publishPayment(_ event: RecordedEvent, report: inout StageReport) throws {
        let plan = try event.decode(PaymentPlanned.self)
        let history = try history(event.subject)
        if history.settledRequestIds.contains(plan.requestId) {
            try commitOutcome([], through: event.seq, report: &report)
            report.count("skipped")
            return
        }
        if history.unsettledIntent(requestId: plan.requestId) == nil {
            try commitIntents(
                [
                    WriteIntended(
                        entity: "BillPayment", operation: "create", stampliId: plan.paymentId,
                        requestId: plan.requestId,
                        contentHash: plan.contentHash, planSeq: event.seq)
                ], subjects: [event.subject])
        } else {
            report.count("settled")
        }
        let body = QBOBodies.billPayment(plan).bytes
        let outcome: any EventPayload
        switch try client.call(
            method: "POST", path: "/billpayment", body: body, requestId: plan.requestId, subject: event.subject)
        {
        case .success(let json, _):
            guard let payment = json["BillPayment"], let id = payment["Id"]?.stringValue else {
                throw QBOError(kind: .unexpectedResponse, operation: "create BillPayment", message: "no BillPayment Id")
            }
            outcome = PaymentPosted(
                paymentId: plan.paymentId, invoiceId: plan.invoiceId, requestId: plan.requestId, qboId: id,
                syncToken: payment["SyncToken"]?.stringValue ?? "0",
                amount: payment["TotalAmt"]?.moneyValue ?? plan.amount, settledBy: "response")
            report.count("paymentsPosted")
        case .fault(let fault, let status, let disposition, let tid):
            guard case .quarantine = disposition else {
                throw stop(fault, status: status, tid: tid, operation: "create BillPayment", disposition: disposition)
            }
            outcome = rejection(
                entity: "BillPayment", stampliId: plan.paymentId, requestId: plan.requestId,
                contentHash: plan.contentHash, status: status, fault: fault)
            report.count("rejected")
        case .ambiguous(let error): throw error
        }
        try commitOutcome([try EventLog.NewEvent(outcome, subject: event.subject)], through: event.seq, report: &report)
    }
}
