/// An invoice that is valid so far but cannot be planned yet: its vendor's create/update is not confirmed
/// in QBO (`vendor-pending`), its vendor is not known at all yet (`vendor-unknown`), or the QBO reference
/// data it is checked against has never been synced (`reference-pending`).
///
/// Emitted by Transform so that a restarted run knows what is waiting without rescanning rows; the invoice
/// is evaluated again when its vendor is confirmed or reference data arrives. Nothing of it is posted
/// meanwhile. Subject: `invoice:<Invoice ID>`. Stable fields: all.
package struct InvoiceWaiting: EventPayload, Equatable {
    package static let type = "transform.invoice.waiting"
    package static let version = 1

    package var invoiceId: String
    package var contentHash: String
    package var fileSha256: String
    package var path: String
    package var vendorId: String?
    /// `vendor-pending`, `vendor-unknown` or `reference-pending`.
    package var reason: String
    /// One sentence for the operator.
    package var message: String

    package init(
        invoiceId: String, contentHash: String, fileSha256: String, path: String, vendorId: String?, reason: String,
        message: String
    ) {
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.fileSha256 = fileSha256
        self.path = path
        self.vendorId = vendorId
        self.reason = reason
        self.message = message
    }
}
