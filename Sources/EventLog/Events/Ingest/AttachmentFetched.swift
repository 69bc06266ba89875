/// An invoice image named in an invoices file's Attachment column was fetched from beside the CSV and
/// kept in the blob store. Subject: `attachment:<file name>`.
package struct AttachmentFetched: EventPayload, Equatable {
    package static let type = "ingest.attachment.fetched"
    package static let version = 1

    package var fileName: String
    package var path: String
    package var sha256: String
    package var size: Int64
    /// The invoices file that named it.
    package var invoiceFileSha256: String

    package init(fileName: String, path: String, sha256: String, size: Int64, invoiceFileSha256: String) {
        self.fileName = fileName
        self.path = path
        self.sha256 = sha256
        self.size = size
        self.invoiceFileSha256 = invoiceFileSha256
    }
}
