/// A Stampli payment whose invoice has no posted Bill yet (planned, waiting, or not seen yet).
///
/// Emitted by Transform; the payment is planned when ``BillPosted`` arrives for its invoice, and
/// quarantined (`bill-unknown`) when the invoice turns out quarantined, or is still unknown once the
/// backlog of ingested files is consumed. Subject: `payment:<Payment ID>`. Stable fields: all.
package struct PaymentWaiting: EventPayload, Equatable {
    package static let type = "transform.payment.waiting"
    package static let version = 1

    package var paymentId: String
    package var invoiceId: String
    package var contentHash: String
    package var fileSha256: String
    package var path: String
    package var row: Int
    /// `bill-pending` (the invoice is planned or waiting) or `invoice-unknown`.
    package var reason: String

    package init(
        paymentId: String, invoiceId: String, contentHash: String, fileSha256: String, path: String, row: Int,
        reason: String
    ) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
        self.reason = reason
    }
}
