/// An invoice image was uploaded to QBO and linked to its Bill. Subject: `invoice:<Invoice ID>`.
package struct AttachmentUploaded: EventPayload, Equatable {
    package static let type = "publish.attachment.uploaded"
    package static let version = 1

    package var invoiceId: String
    package var billQboId: String
    package var fileName: String
    package var blobSha256: String
    package var attachableId: String
    package var requestId: String

    package init(
        invoiceId: String, billQboId: String, fileName: String, blobSha256: String, attachableId: String,
        requestId: String
    ) {
        self.invoiceId = invoiceId
        self.billQboId = billQboId
        self.fileName = fileName
        self.blobSha256 = blobSha256
        self.attachableId = attachableId
        self.requestId = requestId
    }
}
