/// An invoice seen again with the same content as one already planned or posted: skipped as a
/// duplicate (an event, not silence). Subject: `invoice:<Invoice ID>`.
package struct InvoiceSkipped: EventPayload, Equatable {
    package static let type = "transform.invoice.skipped"
    package static let version = 1

    package var invoiceId: String
    package var contentHash: String
    package var fileSha256: String
    package var path: String
    /// `duplicate`.
    package var reason: String
    /// The seq of the plan this duplicates.
    package var originalSeq: Int64?

    package init(
        invoiceId: String, contentHash: String, fileSha256: String, path: String, reason: String, originalSeq: Int64?
    ) {
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.fileSha256 = fileSha256
        self.path = path
        self.reason = reason
        self.originalSeq = originalSeq
    }
}
