import EventLog
import Foundation

extension PublishRun {
    /// Creates, updates or reactivates one planned vendor. A 6240 (name taken) on create links the existing
    /// Vendor with that DisplayName, active or not; a 5010 (stale SyncToken) on update re-reads and retries once.
    func publishVendor(_ event: RecordedEvent, report: inout StageReport) throws {
        let plan = try event.decode(VendorPlanned.self)
        let history = try history(event.subject)
        let confirmed = history.decoded(VendorConfirmed.self)
        if confirmed.contains(where: { $0.contentHash == plan.contentHash && $0.requestId == plan.requestId }) {
            try commitOutcome([], through: event.seq, report: &report)
            report.count("skipped")
            return
        }
        let isCreate = plan.action == "create" || plan.qboId == nil
        if history.unsettledIntent(requestId: plan.requestId) == nil {
            try commitIntents(
                [
                    WriteIntended(
                        entity: "Vendor", operation: isCreate ? "create" : "update", stampliId: plan.stampliVendorId,
                        requestId: plan.requestId, contentHash: plan.contentHash, planSeq: event.seq)
                ],
                subjects: [event.subject])
        } else {
            report.count("settled")
        }
        let outcome: any EventPayload
        if isCreate {
            outcome = try createVendor(plan, subject: event.subject)
        } else {
            let known = confirmed.last { $0.qboId == plan.qboId }?.syncToken
            outcome = try updateVendor(plan, id: plan.qboId!, knownSyncToken: known, subject: event.subject)
        }
        try commitOutcome([try NewEvent(outcome, subject: event.subject)], through: event.seq, report: &report)
        report.count(outcome is WriteRejected ? "rejected" : "vendorsConfirmed")
    }

    private func createVendor(_ plan: VendorPlanned, subject: String) throws -> any EventPayload {
        let body = QBOBodies.vendor(plan.fields).bytes
        switch try client.call(method: "POST", path: "/vendor", body: body, requestId: plan.requestId, subject: subject)
        {
        case .success(let json, _):
            return try confirmation(json["Vendor"], plan: plan, outcome: "created")
        case .fault(let fault, let status, let disposition, let tid):
            if fault.code == "6240", let existing = try findVendor(named: plan.fields.displayName, subject: subject) {
                return try confirmation(existing, plan: plan, outcome: "linked")
            }
            guard case .quarantine = disposition else {
                throw stop(fault, status: status, tid: tid, operation: "create Vendor", disposition: disposition)
            }
            return rejection(
                entity: "Vendor", stampliId: plan.stampliVendorId, requestId: plan.requestId,
                contentHash: plan.contentHash, status: status, fault: fault)
        case .ambiguous(let error):
            if let existing = try findVendor(named: plan.fields.displayName, subject: subject) {
                return try confirmation(existing, plan: plan, outcome: "created")
            }
            throw error
        }
    }

    private func updateVendor(_ plan: VendorPlanned, id: String, knownSyncToken: String?, subject: String) throws
        -> any EventPayload
    {
        var syncToken = try knownSyncToken ?? readSyncToken(entity: "Vendor", id: id, subject: subject)
        var requestId = plan.requestId
        let outcomeName = plan.action == "reactivate" ? "reactivated" : "updated"
        for attempt in 1...2 {
            let body = QBOBodies.vendor(plan.fields, update: (id, syncToken)).bytes
            switch try client.call(method: "POST", path: "/vendor", body: body, requestId: requestId, subject: subject)
            {
            case .success(let json, _):
                return try confirmation(json["Vendor"], plan: plan, outcome: outcomeName)
            case .fault(let fault, let status, let disposition, let tid):
                if disposition == .rereadSyncTokenThenRetry, attempt == 1 {
                    syncToken = try readSyncToken(entity: "Vendor", id: id, subject: subject)
                    // A changed body gets its own requestid (never reuse one for a different payload). The
                    // plan's intent still covers this logical write: a sparse update sets the same values again.
                    requestId = Self.derivedRequestId(plan.requestId, "resync-\(syncToken)")
                    continue
                }
                guard case .quarantine = disposition else {
                    throw stop(fault, status: status, tid: tid, operation: "update Vendor", disposition: disposition)
                }
                return rejection(
                    entity: "Vendor", stampliId: plan.stampliVendorId, requestId: plan.requestId,
                    contentHash: plan.contentHash, status: status, fault: fault)
            case .ambiguous(let error): throw error
            }
        }
        throw QBOError(kind: .fault, operation: "update Vendor", code: "5010", message: "SyncToken stayed stale")
    }

    /// The Vendor with exactly this DisplayName, active or inactive (qbo-api.md §3, §13).
    func findVendor(named name: String, subject: String) throws -> JSONValue? {
        let statement = "select * from Vendor where DisplayName = \(QBOBodies.literal(name)) and Active IN (true,false)"
        let rows = try client.query(statement, subject: subject)["Vendor"]?.arrayValue ?? []
        return rows.first { $0["DisplayName"]?.stringValue?.lowercased() == name.lowercased() } ?? rows.first
    }

    private func confirmation(_ vendor: JSONValue?, plan: VendorPlanned, outcome: String) throws -> VendorConfirmed {
        guard let vendor, let id = vendor["Id"]?.stringValue else {
            throw QBOError(kind: .unexpectedResponse, operation: "Vendor", message: "the response has no Vendor Id")
        }
        return VendorConfirmed(
            stampliVendorId: plan.stampliVendorId, qboId: id,
            displayName: vendor["DisplayName"]?.stringValue ?? plan.fields.displayName,
            syncToken: vendor["SyncToken"]?.stringValue ?? "0", active: vendor["Active"]?.boolValue ?? true,
            requestId: plan.requestId, contentHash: plan.contentHash, outcome: outcome)
    }
}

private func NewEvent(_ payload: any EventPayload, subject: String) throws -> EventLog.NewEvent {
    try EventLog.NewEvent(payload, subject: subject)
}
