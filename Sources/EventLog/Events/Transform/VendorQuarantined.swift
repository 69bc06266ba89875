/// A Stampli vendor that cannot be created or updated in QBO as it is (a name QBO refuses, a name taken
/// by a Customer or Employee). Never silently renamed. Subject: `vendor:<Vendor ID>`.
package struct VendorQuarantined: EventPayload, Equatable {
    package static let type = "transform.vendor.quarantined"
    package static let version = 1

    package var stampliVendorId: String
    package var vendorName: String
    package var contentHash: String
    package var problems: [QuarantineProblem]
    package var fileSha256: String?
    package var path: String?

    package init(
        stampliVendorId: String, vendorName: String, contentHash: String, problems: [QuarantineProblem],
        fileSha256: String?, path: String?
    ) {
        self.stampliVendorId = stampliVendorId
        self.vendorName = vendorName
        self.contentHash = contentHash
        self.problems = problems
        self.fileSha256 = fileSha256
        self.path = path
    }
}
