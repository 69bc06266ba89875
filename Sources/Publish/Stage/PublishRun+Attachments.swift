import EventLog
import Foundation

extension PublishRun {
    /// Uploads each attachment of a posted Bill that has no `AttachmentUploaded` yet, linked to the Bill.
    func uploadAttachments(
        _ plan: BillPlanned, billId: String, subject: String, history: History, report: inout StageReport
    ) throws {
        guard settings.uploadAttachments else { return }
        let done = Set(history.decoded(AttachmentUploaded.self).map(\.blobSha256))
        for attachment in plan.attachments where !done.contains(attachment.blobSha256) {
            let requestId = Self.derivedRequestId(plan.requestId, "attach-\(attachment.blobSha256)")
            guard let bytes = try store.blob(sha256: attachment.blobSha256) else {
                let rejected = WriteRejected(
                    entity: "Attachable", stampliId: plan.invoiceId, requestId: requestId,
                    contentHash: plan.contentHash, httpStatus: 0, code: nil,
                    message: "attachment \(attachment.fileName) is not in the log (blob \(attachment.blobSha256))",
                    detail: nil, element: nil)
                try store.append([try NewEvent(rejected, subject: subject)])
                report.appended += 1
                report.count("rejected")
                continue
            }
            if history.unsettledIntent(requestId: requestId) == nil {
                try commitIntents(
                    [
                        WriteIntended(
                            entity: "Attachable", operation: "upload", stampliId: plan.invoiceId, requestId: requestId,
                            contentHash: plan.contentHash, planSeq: 0)
                    ], subjects: [subject])
            }
            let boundary = "mlconnector" + String(requestId.suffix(24))
            let upload = QBOBodies.upload(
                fileName: attachment.fileName, contentType: attachment.contentType, bytes: bytes,
                entity: plan.entity, entityId: billId, boundary: boundary)
            let outcome = try client.call(
                method: "POST", path: "/upload", body: upload.body, contentType: upload.contentType,
                requestId: requestId, subject: subject, bodyRecording: .summary(upload.metadata))
            let event: any EventPayload
            switch outcome {
            case .success(let json, _):
                let item = json["AttachableResponse"]?.arrayValue?.first ?? .null
                if let fault = QBOFault.from(json: item) {
                    event = rejection(
                        entity: "Attachable", stampliId: plan.invoiceId, requestId: requestId,
                        contentHash: plan.contentHash, status: 200, fault: fault)
                    report.count("rejected")
                } else {
                    event = AttachmentUploaded(
                        invoiceId: plan.invoiceId, billQboId: billId, fileName: attachment.fileName,
                        blobSha256: attachment.blobSha256,
                        attachableId: item["Attachable"]?["Id"]?.stringValue ?? "", requestId: requestId)
                    report.count("attachmentsUploaded")
                }
            case .fault(let fault, let status, let disposition, let tid):
                guard case .quarantine = disposition else {
                    throw stop(
                        fault, status: status, tid: tid, operation: "upload attachment", disposition: disposition)
                }
                event = rejection(
                    entity: "Attachable", stampliId: plan.invoiceId, requestId: requestId,
                    contentHash: plan.contentHash, status: status, fault: fault)
                report.count("rejected")
            case .ambiguous(let error): throw error
            }
            try store.append([try NewEvent(event, subject: subject)])
            report.appended += 1
        }
    }
}

private func NewEvent(_ payload: any EventPayload, subject: String) throws -> EventLog.NewEvent {
    try EventLog.NewEvent(payload, subject: subject)
}
