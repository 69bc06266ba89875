/// A planned BillPayment exists in QBO. Subject: `payment:<Payment ID>`.
package struct PaymentPosted: EventPayload, Equatable {
    package static let type = "publish.payment.posted"
    package static let version = 1

    package var paymentId: String
    package var invoiceId: String
    package var requestId: String
    package var qboId: String
    package var syncToken: String
    package var amount: Money
    package var settledBy: String

    package init(
        paymentId: String, invoiceId: String, requestId: String, qboId: String, syncToken: String, amount: Money,
        settledBy: String
    ) {
        self.paymentId = paymentId
        self.invoiceId = invoiceId
        self.requestId = requestId
        self.qboId = qboId
        self.syncToken = syncToken
        self.amount = amount
        self.settledBy = settledBy
    }
}
