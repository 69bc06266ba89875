/// QBO refused a planned write for a reason retrying cannot fix (a validation Fault): the invoice,
/// vendor or payment is quarantined with QBO's own message. Subject: the plan's subject
/// (`invoice:`, `vendor:` or `payment:` + Stampli id).
package struct WriteRejected: EventPayload, Equatable {
    package static let type = "publish.write.rejected"
    package static let version = 1

    /// `Bill`, `VendorCredit`, `Vendor`, `BillPayment` or `Attachable`.
    package var entity: String
    /// The Stampli id of what was refused (invoice, vendor or payment id).
    package var stampliId: String
    package var requestId: String
    package var contentHash: String
    package var httpStatus: Int
    /// QBO Fault code (e.g. `6240`, `2500`) and texts.
    package var code: String?
    package var message: String
    package var detail: String?
    package var element: String?

    package init(
        entity: String, stampliId: String, requestId: String, contentHash: String, httpStatus: Int, code: String?,
        message: String, detail: String?, element: String?
    ) {
        self.entity = entity
        self.stampliId = stampliId
        self.requestId = requestId
        self.contentHash = contentHash
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.detail = detail
        self.element = element
    }
}
