/// A planned Bill or VendorCredit exists in QBO. `settledBy` says how Publish knows: the create response,
/// a replayed response for the same `requestid`, or a lookup after an ambiguous outcome.
/// Subject: `invoice:<Invoice ID>`.
package struct BillPosted: EventPayload, Equatable {
    package static let type = "publish.bill.posted"
    package static let version = 1

    package var invoiceId: String
    package var contentHash: String
    package var requestId: String
    /// `Bill` or `VendorCredit`.
    package var entity: String
    package var qboId: String
    package var syncToken: String
    package var docNumber: String?
    package var totalAmt: Money
    package var vendorQboId: String
    /// `response`, `requestid-replay` or `lookup`.
    package var settledBy: String

    package init(
        invoiceId: String, contentHash: String, requestId: String, entity: String, qboId: String, syncToken: String,
        docNumber: String?, totalAmt: Money, vendorQboId: String, settledBy: String
    ) {
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.requestId = requestId
        self.entity = entity
        self.qboId = qboId
        self.syncToken = syncToken
        self.docNumber = docNumber
        self.totalAmt = totalAmt
        self.vendorQboId = vendorQboId
        self.settledBy = settledBy
    }
}
