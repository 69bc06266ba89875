/// Publish is about to send a QBO write. Committed BEFORE the request leaves, with the deterministic
/// `requestid`, so that after a crash or an ambiguous outcome Publish settles it (same `requestid`, then a
/// lookup) instead of writing blindly again. An intent without a later outcome event carrying the same
/// `requestId` (`BillPosted`, `VendorConfirmed`, `PaymentPosted`, `AttachmentUploaded`, `WriteRejected`)
/// is unsettled. Subject: the plan's subject (`invoice:`, `vendor:` or `payment:` + Stampli id).
/// Stable fields: all.
package struct WriteIntended: EventPayload, Equatable {
    package static let type = "publish.write.intended"
    package static let version = 1

    /// `Bill`, `VendorCredit`, `Vendor`, `BillPayment` or `Attachable`.
    package var entity: String
    /// `create`, `update` or `upload`.
    package var operation: String
    /// The Stampli id the write is for (invoice, vendor or payment id).
    package var stampliId: String
    /// The QBO `requestid` sent with the write (the plan's, or a derived one for retries and attachments).
    package var requestId: String
    package var contentHash: String
    /// The plan event this write carries out.
    package var planSeq: Int64
    /// Set when the write travels inside a batch call: that call's `requestid` and this item's `bId`.
    package var batchRequestId: String?
    package var batchItemId: String?

    package init(
        entity: String, operation: String, stampliId: String, requestId: String, contentHash: String, planSeq: Int64,
        batchRequestId: String? = nil, batchItemId: String? = nil
    ) {
        self.entity = entity
        self.operation = operation
        self.stampliId = stampliId
        self.requestId = requestId
        self.contentHash = contentHash
        self.planSeq = planSeq
        self.batchRequestId = batchRequestId
        self.batchItemId = batchItemId
    }
}
