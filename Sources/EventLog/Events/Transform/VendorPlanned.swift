/// A QBO Vendor to create, update or reactivate so that it matches Stampli's vendor master.
/// Emitted by Transform from vendors files. Subject: `vendor:<Vendor ID>`.
package struct VendorPlanned: EventPayload, Equatable {
    package static let type = "transform.vendor.planned"
    package static let version = 1

    /// The vendor's fields as QBO names them; nil means "not given by Stampli".
    package struct Fields: Codable, Sendable, Equatable {
        package var displayName: String
        package var companyName: String?
        package var printOnCheckName: String?
        package var line1: String?
        package var line2: String?
        package var city: String?
        package var countrySubDivisionCode: String?
        package var postalCode: String?
        package var country: String?
        /// Written in full; QBO masks it on read, so it is never compared.
        package var taxIdentifier: String?
        package var email: String?
        package var phone: String?
        package var termId: String?
        package var currency: String?
        package var vendor1099: Bool?
        package var active: Bool
        /// Stampli's Vendor ID, kept in AcctNum when it fits (≤ 15 characters).
        package var acctNum: String?

        package init(displayName: String, active: Bool) {
            self.displayName = displayName
            self.active = active
        }
    }

    package var stampliVendorId: String
    /// `create`, `update` or `reactivate`.
    package var action: String
    /// For update/reactivate: the QBO vendor's Id.
    package var qboId: String?
    package var fields: Fields
    /// Hash of the vendors row's content: a second identical row plans nothing.
    package var contentHash: String
    /// Deterministic QBO `requestid`.
    package var requestId: String
    package var fileSha256: String
    package var path: String
    package var row: Int

    package init(
        stampliVendorId: String, action: String, qboId: String?, fields: Fields, contentHash: String, requestId: String,
        fileSha256: String, path: String, row: Int
    ) {
        self.stampliVendorId = stampliVendorId
        self.action = action
        self.qboId = qboId
        self.fields = fields
        self.contentHash = contentHash
        self.requestId = requestId
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
    }
}
