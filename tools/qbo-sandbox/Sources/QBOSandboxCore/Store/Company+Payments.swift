import Foundation

/// BillPayment rules and the Bill balances they drive.
extension Company {
    static let payTypes = ["Check", "CreditCard"]

    func normalizeBillPayment(_ kind: EntityKind, record: inout JSONValue, previous: JSONValue?,
        options: WriteOptions) throws(QBOFault)
    {
        try checkLengths(kind, record)
        try resolveHeaderReferences(kind, &record)
        let vendorId = record["VendorRef"]?["value"]?.stringValue ?? ""
        let payType = record["PayType"]?.stringValue ?? ""
        guard Self.payTypes.contains(payType) else { throw QBOFault.invalidEnumeration("PayType", value: payType) }
        if payType == "Check" {
            guard var check = record["CheckPayment"], let bank = check["BankAccountRef"] else {
                throw QBOFault.requiredMissing("CheckPayment.BankAccountRef")
            }
            check["BankAccountRef"] = try resolvedReference(
                bank, target: "Account", element: "CheckPayment.BankAccountRef")
            if check["PrintStatus"] == nil { check["PrintStatus"] = .string("NeedToPrint") }
            record["CheckPayment"] = check
        } else {
            guard var card = record["CreditCardPayment"], let account = card["CCAccountRef"] else {
                throw QBOFault.requiredMissing("CreditCardPayment.CCAccountRef")
            }
            card["CCAccountRef"] = try resolvedReference(
                account, target: "Account", element: "CreditCardPayment.CCAccountRef")
            record["CreditCardPayment"] = card
        }
        guard let totalAmt = record["TotalAmt"]?.decimalValue else { throw QBOFault.requiredMissing("TotalAmt") }
        record["TotalAmt"] = .decimal(totalAmt)
        let paymentId = previous?["Id"]?.stringValue
        var linesTotal = Decimal(0)
        var lines: [JSONValue] = []
        for line in record["Line"]?.arrayValue ?? [] {
            guard let amount = line["Amount"]?.decimalValue else { throw QBOFault.requiredMissing("Line.Amount") }
            guard let link = line["LinkedTxn"]?.arrayValue?.first, let billId = link["TxnId"]?.stringValue else {
                throw QBOFault.requiredMissing("Line.LinkedTxn")
            }
            guard link["TxnType"]?.stringValue == "Bill" else {
                throw QBOFault.invalidEnumeration("Line.LinkedTxn.TxnType", value: link["TxnType"]?.stringValue ?? "")
            }
            guard let bill = lookup("Bill", billId) else {
                throw QBOFault.invalidReference("Line.LinkedTxn.TxnId")
            }
            guard bill["VendorRef"]?["value"]?.stringValue == vendorId else {
                throw QBOFault.businessValidation("Bill \(billId) belongs to another vendor than this payment.")
            }
            let open = (bill["TotalAmt"]?.decimalValue ?? 0) - amountPaid(billId: billId, excluding: paymentId)
            guard options.isVoid || amount <= open else {
                throw QBOFault.businessValidation(
                    "The payment amount \(amount) exceeds the open balance \(open) of Bill \(billId).")
            }
            var normalized = line
            normalized["Amount"] = .decimal(amount)
            lines.append(normalized)
            linesTotal += amount
        }
        guard !lines.isEmpty else { throw QBOFault.requiredMissing("Line") }
        guard options.isVoid || linesTotal <= totalAmt else {
            throw QBOFault.businessValidation("TotalAmt \(totalAmt) is less than the sum of the lines \(linesTotal).")
        }
        record["Line"] = .array(lines)
        if record["TxnDate"] == nil { record["TxnDate"] = .string(Timestamp.day(options.now)) }
        if record["CurrencyRef"] == nil { record["CurrencyRef"] = Self.homeCurrency }
    }

    /// Sum of BillPayment line amounts linked to a bill.
    func amountPaid(billId: String?, excluding paymentId: String? = nil) -> Decimal {
        guard let billId else { return 0 }
        var paid = Decimal(0)
        for payment in (records["BillPayment"] ?? [:]).values where payment["Id"]?.stringValue != paymentId {
            for line in payment["Line"]?.arrayValue ?? []
            where line["LinkedTxn"]?.arrayValue?.contains(where: { $0["TxnId"]?.stringValue == billId }) == true {
                paid += line["Amount"]?.decimalValue ?? 0
            }
        }
        return paid
    }

    /// Bills linked from a payment.
    static func linkedBillIds(_ payment: JSONValue?) -> Set<String> {
        Set((payment?["Line"]?.arrayValue ?? []).flatMap { $0["LinkedTxn"]?.arrayValue ?? [] }
            .compactMap { $0["TxnId"]?.stringValue })
    }

    /// Recomputes `Balance` and `LinkedTxn` of bills touched by a payment write.
    /// The bill's SyncToken is not changed (QBO's behaviour here is unverified).
    mutating func afterWrite(_ kind: EntityKind, old: JSONValue?, new: JSONValue?, options: WriteOptions) {
        guard kind.name == "BillPayment" else { return }
        for billId in Self.linkedBillIds(old).union(Self.linkedBillIds(new)).sorted() {
            guard var bill = lookup("Bill", billId) else { continue }
            let total = bill["TotalAmt"]?.decimalValue ?? 0
            bill["Balance"] = .decimal(total - amountPaid(billId: billId))
            let payments = (records["BillPayment"] ?? [:]).values.filter {
                Self.linkedBillIds($0).contains(billId)
            }.compactMap { $0["Id"]?.stringValue }.sorted { (Int($0) ?? 0) < (Int($1) ?? 0) }
            bill["LinkedTxn"] = payments.isEmpty ? nil : .array(payments.map {
                .object(["TxnId": .string($0), "TxnType": .string("BillPaymentCheck")])
            })
            store("Bill", bill)
        }
    }
}
