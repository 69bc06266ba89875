/// QBO now holds the vendor Transform planned (created, updated, reactivated, or found already matching).
/// This builds the Stampli Vendor ID → QBO Vendor Id cross-reference. Subject: `vendor:<Vendor ID>`.
package struct VendorConfirmed: EventPayload, Equatable {
    package static let type = "publish.vendor.confirmed"
    package static let version = 1

    package var stampliVendorId: String
    package var qboId: String
    package var displayName: String
    package var syncToken: String
    package var active: Bool
    /// The plan this confirms (its request id and content hash).
    package var requestId: String
    package var contentHash: String
    /// `created`, `updated`, `reactivated`, `linked` (an existing vendor with that name was adopted).
    package var outcome: String

    package init(
        stampliVendorId: String, qboId: String, displayName: String, syncToken: String, active: Bool,
        requestId: String, contentHash: String, outcome: String
    ) {
        self.stampliVendorId = stampliVendorId
        self.qboId = qboId
        self.displayName = displayName
        self.syncToken = syncToken
        self.active = active
        self.requestId = requestId
        self.contentHash = contentHash
        self.outcome = outcome
    }
}
