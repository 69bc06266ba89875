/// An invoice that cannot be posted as it is; nothing of it is posted. Emitted by Transform (and again
/// on every re-evaluation that still fails). Subject: `invoice:<Invoice ID>`.
package struct InvoiceQuarantined: EventPayload, Equatable {
    package static let type = "transform.invoice.quarantined"
    package static let version = 1

    package var invoiceId: String
    /// Content hash of the invoice's rows (empty when the rows could not be assembled).
    package var contentHash: String
    package var fileSha256: String
    package var path: String
    package var vendorId: String?
    package var total: Money?
    package var problems: [QuarantineProblem]
    /// For amendments: what changed versus the version on record.
    package var changes: [FieldChange]
    /// The mapping in force (SHA-256), if one was.
    package var mappingSha256: String?

    package init(
        invoiceId: String, contentHash: String, fileSha256: String, path: String, vendorId: String?, total: Money?,
        problems: [QuarantineProblem], changes: [FieldChange] = [], mappingSha256: String?
    ) {
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.fileSha256 = fileSha256
        self.path = path
        self.vendorId = vendorId
        self.total = total
        self.problems = problems
        self.changes = changes
        self.mappingSha256 = mappingSha256
    }
}
