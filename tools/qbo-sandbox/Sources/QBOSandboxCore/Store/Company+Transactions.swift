import Foundation

/// Bill and VendorCredit rules: lines, totals, defaults, DocNumber checks.
extension Company {
    static let expenseDetailTypes = ["AccountBasedExpenseLineDetail", "ItemBasedExpenseLineDetail"]
    static let billableStatuses = ["Billable", "NotBillable", "HasBeenBilled"]
    static let maximumLineDescription = 4000

    func normalizeTransaction(_ kind: EntityKind, record: inout JSONValue, previous: JSONValue?,
        options: WriteOptions) throws(QBOFault)
    {
        try checkLengths(kind, record)
        try resolveHeaderReferences(kind, &record)
        if kind.name == "Bill", let ap = record["APAccountRef"],
            lookup("Account", ap["value"]?.stringValue ?? "")?["AccountSubType"]?.stringValue != "AccountsPayable"
        {
            throw QBOFault.invalidReference("APAccountRef")
        }
        let (lines, total) = try normalizedExpenseLines(record["Line"], previous: previous?["Line"])
        record["Line"] = .array(lines)
        let txnDate = record["TxnDate"]?.stringValue ?? Timestamp.day(options.now)
        guard Timestamp.parse(txnDate) != nil else {
            throw QBOFault.invalidValue("TxnDate", detail: "Invalid date format: \(txnDate)")
        }
        record["TxnDate"] = .string(txnDate)
        if record["CurrencyRef"] == nil { record["CurrencyRef"] = Self.homeCurrency }
        if record["APAccountRef"] == nil, let ap = defaultPayablesAccount() {
            record["APAccountRef"] = .object(["name": .string(Self.label(of: ap)), "value": ap["Id"] ?? .null])
        }
        record["TotalAmt"] = .decimal(total)
        if kind.name == "Bill" {
            if record["DueDate"] == nil {
                let days = dueDays(record["SalesTermRef"])
                record["DueDate"] = .string(Timestamp.addDays(days, to: txnDate) ?? txnDate)
            }
            let paid = amountPaid(billId: previous?["Id"]?.stringValue)
            guard paid <= total else {
                throw QBOFault.businessValidation("The bill total \(total) is less than the \(paid) already paid.")
            }
            record["Balance"] = .decimal(total - paid)
            try checkDuplicateDocNumber(record, ignoring: previous?["Id"]?.stringValue, options: options)
        } else {
            record["Balance"] = .decimal(total)
        }
    }

    func checkLengths(_ kind: EntityKind, _ record: JSONValue) throws(QBOFault) {
        for (field, limit) in kind.maximumLengths.sorted(by: { $0.key < $1.key }) {
            if let text = record[field]?.stringValue, text.count > limit {
                throw QBOFault.lengthExceeded(field, limit: limit)
            }
        }
    }

    private func dueDays(_ termRef: JSONValue?) -> Int {
        guard let id = termRef?["value"]?.stringValue, let term = lookup("Term", id) else { return 0 }
        return Int(term["DueDays"]?.decimalValue.map { NSDecimalNumber(decimal: $0).intValue } ?? 0)
    }

    /// Lines with ids assigned, detail defaults filled and references checked, plus their exact total.
    private func normalizedExpenseLines(_ value: JSONValue?, previous: JSONValue?) throws(QBOFault)
        -> ([JSONValue], Decimal)
    {
        guard let lines = value?.arrayValue, !lines.isEmpty else { throw QBOFault.requiredMissing("Line") }
        let knownLineIds = Set((previous?.arrayValue ?? []).compactMap { $0["Id"]?.stringValue })
        var nextLineId = (knownLineIds.compactMap { Int($0) }.max() ?? 0) + 1
        var total = Decimal(0)
        var output: [JSONValue] = []
        for line in lines {
            guard line.isObject else { throw QBOFault.badRequestBody("Line items must be objects") }
            var normalized = line
            guard let detailType = line["DetailType"]?.stringValue else {
                throw QBOFault.requiredMissing("Line.DetailType")
            }
            guard Self.expenseDetailTypes.contains(detailType) else {
                throw QBOFault.invalidEnumeration("Line.DetailType", value: detailType)
            }
            guard let amountValue = line["Amount"], case .number = amountValue, let amount = amountValue.decimalValue
            else { throw QBOFault.requiredMissing("Line.Amount") }
            if let description = line["Description"]?.stringValue, description.count > Self.maximumLineDescription {
                throw QBOFault.lengthExceeded("Line.Description", limit: Self.maximumLineDescription)
            }
            let lineId = line["Id"]?.stringValue
            if lineId == nil || !knownLineIds.contains(lineId!) && previous != nil || lineId!.isEmpty {
                normalized["Id"] = .string(String(nextLineId))
            }
            if let assigned = Int(normalized["Id"]?.stringValue ?? ""), assigned >= nextLineId {
                nextLineId = assigned + 1
            }
            normalized[detailType] = try normalizedDetail(detailType, line[detailType])
            total += amount
            output.append(normalized)
        }
        return (output, total)
    }

    private func normalizedDetail(_ detailType: String, _ detail: JSONValue?) throws(QBOFault) -> JSONValue {
        guard var detail, detail.isObject else { throw QBOFault.requiredMissing("Line.\(detailType)") }
        let prefix = "Line.\(detailType)."
        if detailType == "AccountBasedExpenseLineDetail" {
            guard let account = detail["AccountRef"] else { throw QBOFault.requiredMissing(prefix + "AccountRef") }
            detail["AccountRef"] = try resolvedReference(account, target: "Account", element: prefix + "AccountRef")
        } else if let item = detail["ItemRef"] {
            // Items are not emulated, so any ItemRef is an unknown reference.
            _ = try resolvedReference(item, target: "Item", element: prefix + "ItemRef")
        }
        if let ref = detail["ClassRef"] {
            detail["ClassRef"] = try resolvedReference(ref, target: "Class", element: prefix + "ClassRef")
        }
        if let ref = detail["CustomerRef"] {
            detail["CustomerRef"] = try resolvedReference(ref, target: "Customer", element: prefix + "CustomerRef")
        }
        let status = detail["BillableStatus"]?.stringValue ?? "NotBillable"
        guard Self.billableStatuses.contains(status) else {
            throw QBOFault.invalidEnumeration(prefix + "BillableStatus", value: status)
        }
        detail["BillableStatus"] = .string(status)
        if detail["TaxCodeRef"] == nil { detail["TaxCodeRef"] = .object(["value": .string("NON")]) }
        return detail
    }

    /// 6140 when another Bill of the same vendor already carries this DocNumber.
    /// Scope: per vendor (the reference leaves vendor vs company-wide unverified; the brief asks per vendor).
    private func checkDuplicateDocNumber(_ record: JSONValue, ignoring id: String?, options: WriteOptions)
        throws(QBOFault)
    {
        guard !options.allowDuplicateDocNumber, let docNumber = record["DocNumber"]?.stringValue,
            let key = Self.docNumberKey(record)
        else { return }
        if let other = (billsByDocNumber[key] ?? []).sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) })
            .first(where: { $0 != id && records["Bill"]?[$0] != nil })
        {
            throw QBOFault.duplicateDocNumber(docNumber, txnType: "Bill", txnId: other)
        }
    }
}
