/// A Stampli payment that cannot become a BillPayment (its invoice is quarantined or unknown, its bank
/// account unmapped). Subject: `payment:<Payment ID>`.
package struct PaymentQuarantined: EventPayload, Equatable {
    package static let type = "transform.payment.quarantined"
    package static let version = 1

    package var paymentId: String
    package var invoiceId: String
    package var contentHash: String
    package var problems: [QuarantineProblem]
    package var fileSha256: String
    package var path: String
    package var row: Int

    package init(
        paymentId: String, invoiceId: String, contentHash: String, problems: [QuarantineProblem], fileSha256: String,
        path: String, row: Int
    ) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.problems = problems
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
    }
}
