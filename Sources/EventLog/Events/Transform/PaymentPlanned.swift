/// A QBO BillPayment against the Bill posted for a Stampli invoice. Emitted by Transform once that Bill
/// is posted. Subject: `payment:<Payment ID>`.
package struct PaymentPlanned: EventPayload, Equatable {
    package static let type = "transform.payment.planned"
    package static let version = 1

    package var paymentId: String
    package var invoiceId: String
    package var contentHash: String
    package var requestId: String
    package var billQboId: String
    package var vendorQboId: String
    package var amount: Money
    package var txnDate: String
    /// `Check` or `CreditCard`.
    package var payType: String
    /// The bank (Check) or credit-card (CreditCard) account paid from.
    package var account: RuleChoice
    package var reference: String?
    package var privateNote: String
    package var fileSha256: String
    package var path: String
    package var row: Int

    package init(
        paymentId: String, invoiceId: String, contentHash: String, requestId: String, billQboId: String,
        vendorQboId: String, amount: Money, txnDate: String, payType: String, account: RuleChoice, reference: String?,
        privateNote: String, fileSha256: String, path: String, row: Int
    ) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.contentHash = contentHash
        self.requestId = requestId
        self.billQboId = billQboId
        self.vendorQboId = vendorQboId
        self.amount = amount
        self.txnDate = txnDate
        self.payType = payType
        self.account = account
        self.reference = reference
        self.privateNote = privateNote
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
    }
}
