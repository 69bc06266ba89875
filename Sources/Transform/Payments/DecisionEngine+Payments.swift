import EventLog

extension DecisionEngine {
    /// Method words that mean a card payment (`PayType` `CreditCard`).
    static let cardWords = [
        "card", "visa", "mastercard", "master card", "amex", "american express", "discover", "diners", "jcb",
    ]

    /// True when a Stampli payment Method names a card.
    static func isCard(_ method: String) -> Bool {
        let lowered = method.lowercased()
        return cardWords.contains { lowered.contains($0) }
    }

    /// Decides one payments row. Returns nil when the same content is already planned.
    /// - Parameter isFinal: the backlog is consumed: an invoice still unknown quarantines the payment.
    /// - Parameter isRepeatAllowed: decide even when the same content is planned (replay).
    func decidePayment(_ row: SourceRow, isFinal: Bool = false, isRepeatAllowed: Bool = false) -> TransformDecision? {
        let id = row.raw("Payment ID")
        let invoiceId = row.raw("Invoice ID")
        let hash = Digest.contentHash(rows: [row])
        let record = state.payments[id]
        if !isRepeatAllowed, record?.plannedHash == hash { return nil }
        let fix = "correct the payment in Stampli so that it is exported again"
        var problems: [QuarantineProblem] = []
        func problem(_ category: String, _ message: String, _ column: String?, _ expected: String?, _ fix: String) {
            problems.append(
                QuarantineProblem(
                    category: category, message: message, file: row.path, row: row.row, column: column,
                    value: column.map { row.raw($0) }, expected: expected, fix: fix))
        }
        if let rejection = row.rejection {
            problem(
                "invalid-row", "the payment row could not be read: expected \(rejection.expected)", rejection.column,
                rejection.expected, fix)
        }
        let amount = row.normalized["Amount"].flatMap { Money($0) }
        if row.rejection == nil, amount == nil || amount! <= .zero {
            problem("invalid-row", "Amount is not a positive amount", "Amount", "an amount above zero", fix)
        }
        let date = row.value("Payment Date")
        if row.rejection == nil, !Digest.isValidDate(date) {
            problem("invalid-row", "Payment Date is not a valid date", "Payment Date", "a date such as 2026-01-31", fix)
        }
        func quarantine(_ problems: [QuarantineProblem]) -> TransformDecision {
            .paymentQuarantined(
                PaymentQuarantined(
                    paymentId: id, invoiceId: invoiceId, contentHash: hash, problems: problems,
                    fileSha256: row.fileSha256,
                    path: row.path, row: row.row))
        }
        func waiting(_ reason: String) -> TransformDecision {
            .paymentWaiting(
                PaymentWaiting(
                    paymentId: id, invoiceId: invoiceId, contentHash: hash, fileSha256: row.fileSha256, path: row.path,
                    row: row.row, reason: reason))
        }
        if !problems.isEmpty { return quarantine(problems) }
        let invoice = state.invoices[invoiceId]
        guard let posted = invoice?.posted else {
            switch invoice?.status {
            case .quarantined?, .dismissed?:
                problem(
                    "bill-unknown", "invoice \(invoiceId) is quarantined, so it has no Bill to pay", "Invoice ID",
                    "an invoice posted as a Bill", "resolve the invoice's quarantine first, then retry this payment")
                return quarantine(problems)
            case .planned?, .waiting?, .skipped?:
                return waiting("bill-pending")
            case .none?, nil:
                if !isFinal { return waiting("invoice-unknown") }
                problem(
                    "bill-unknown", "invoice \(invoiceId) is in no ingested invoices file", "Invoice ID",
                    "an invoice exported by Stampli",
                    "export the invoice from Stampli (it is paid before it is posted), then retry")
                return quarantine(problems)
            }
        }
        let method = row.raw("Method")
        let isCard = Self.isCard(method)
        let bank = row.raw("Bank Account")
        var account: RuleChoice?
        if bank.isEmpty {
            problem(
                "unmapped-bank", "Bank Account is empty, so the account the payment is drawn on is unknown",
                "Bank Account",
                "a bank account mapped with a `bank` row", fix)
        } else {
            switch resolve(.bank, bank, accountTypes: isCard ? ["Credit Card"] : ["Bank"]) {
            case .chosen(let choice): account = choice
            case .problem(let category, let message, let fix):
                problem(category, message, "Bank Account", "a \(isCard ? "credit card" : "bank") account in QBO", fix)
            }
        }
        guard let account, let amount else { return quarantine(problems) }
        let reference = row.raw("Reference")
        let attempt = record?.rejections[hash] ?? 0
        return .payment(
            PaymentPlanned(
                paymentId: id, invoiceId: invoiceId, contentHash: hash,
                requestId: Digest.requestId(prefix: "p-", id: id, contentHash: hash, attempt: attempt),
                billQboId: posted.qboId, vendorQboId: posted.vendorQboId, amount: amount, txnDate: date,
                payType: isCard ? "CreditCard" : "Check", account: account,
                reference: reference.isEmpty ? nil : reference,
                privateNote:
                    "Stampli payment \(id) for invoice \(invoiceId); file sha256 \(row.fileSha256) row \(row.row)",
                fileSha256: row.fileSha256, path: row.path, row: row.row))
    }
}
