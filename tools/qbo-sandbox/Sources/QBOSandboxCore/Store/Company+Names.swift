import Foundation

/// Name-list rules: Vendor/Customer/Employee display names, Account/Class/Department/Term names.
extension Company {
    static let deletedSuffix = " (deleted)"
    static let personNameFields = ["DisplayName", "Title", "GivenName", "MiddleName", "FamilyName", "Suffix",
        "PrintOnCheckName"]
    static let nameKinds = ["Vendor", "Customer", "Employee"]

    func normalizePerson(_ kind: EntityKind, record: inout JSONValue, previous: JSONValue?) throws(QBOFault) {
        if record["DisplayName"] == nil {
            let parts = ["Title", "GivenName", "MiddleName", "FamilyName", "Suffix"].compactMap {
                record[$0]?.stringValue
            }
            if let previousName = previous?["DisplayName"] {
                record["DisplayName"] = previousName
            } else if parts.isEmpty {
                throw QBOFault.requiredMissing("DisplayName")
            } else {
                record["DisplayName"] = .string(parts.joined(separator: " "))
            }
        }
        let wasActive = previous.map(isActive) ?? true
        let active = record["Active"]?.boolValue ?? true
        var name = record["DisplayName"]?.stringValue ?? ""
        // Deactivation appends " (deleted)"; reactivation takes it off again.
        if !active, wasActive || !name.hasSuffix(Self.deletedSuffix) {
            if !name.hasSuffix(Self.deletedSuffix) { name += Self.deletedSuffix }
        } else if active, name.hasSuffix(Self.deletedSuffix) {
            name = String(name.dropLast(Self.deletedSuffix.count))
        }
        record["DisplayName"] = .string(name)
        record["Active"] = .bool(active)
        for field in Self.personNameFields {
            if let text = record[field]?.stringValue, text.contains(where: { $0 == ":" || $0 == "\t" || $0 == "\n" })
            {
                // QBO rejects these characters; the exact code it uses is unverified, 6000 carries the reason.
                throw QBOFault(code: "6000", message: "A business validation error has occurred while processing "
                    + "your request", detail: "Business Validation Error: \(field) cannot contain a colon (:), "
                    + "a tab or a newline.", element: field)
            }
        }
        try checkLengths(kind, record)
        if let address = record["PrimaryEmailAddr"]?["Address"]?.stringValue,
            !(address.contains("@") && address.contains("."))
        {
            throw QBOFault.invalidValue("PrimaryEmailAddr.Address", detail: "Invalid email address: \(address)")
        }
        try checkUniqueDisplayName(name, ignoring: (kind.name, previous?["Id"]?.stringValue))
        if kind.name == "Vendor", let tax = record["TaxIdentifier"]?.stringValue,
            let stored = previous?["TaxIdentifier"]?.stringValue, tax == Self.masked(stored)
        {
            record["TaxIdentifier"] = .string(stored)  // a masked value written back leaves the real one alone
        }
        if record["PrintOnCheckName"] == nil { record["PrintOnCheckName"] = .string(Self.baseName(name)) }
        if record["CurrencyRef"] == nil { record["CurrencyRef"] = Self.homeCurrency }
        if kind.name == "Vendor" || kind.name == "Customer" {
            record["Balance"] = previous?["Balance"] ?? .number("0")
        }
        if kind.name == "Vendor", record["Vendor1099"] == nil { record["Vendor1099"] = .bool(false) }
        try resolveHeaderReferences(kind, &record)
        if var address = record["BillAddr"], address.isObject, address["Id"] == nil {
            address["Id"] = .string(String(lastId + 1000))
            record["BillAddr"] = address
        }
    }

    static func baseName(_ name: String) -> String {
        name.hasSuffix(deletedSuffix) ? String(name.dropLast(deletedSuffix.count)) : name
    }

    /// 6240 when a Vendor, Customer or Employee (active or not) already uses the name.
    /// Compared case-insensitively, and an inactive record also keeps its name without " (deleted)".
    func checkUniqueDisplayName(_ name: String, ignoring: (String, String?)) throws(QBOFault) {
        let wanted = Self.baseName(name).lowercased()
        for kindName in Self.nameKinds {
            for (id, other) in records[kindName] ?? [:] where !(kindName == ignoring.0 && id == ignoring.1) {
                let otherName = other["DisplayName"]?.stringValue ?? ""
                if Self.baseName(otherName).lowercased() == wanted { throw QBOFault.duplicateName }
            }
        }
    }

    func normalizeList(_ kind: EntityKind, record: inout JSONValue, previous: JSONValue?) throws(QBOFault) {
        try checkLengths(kind, record)
        guard var name = record["Name"]?.stringValue, !name.isEmpty else { throw QBOFault.requiredMissing("Name") }
        let active = record["Active"]?.boolValue ?? true
        if kind.name == "Account" {
            if !active, !name.hasSuffix(Self.deletedSuffix) { name += Self.deletedSuffix }
            if active { name = Self.baseName(name) }
            guard !Self.baseName(name).contains(where: { $0 == ":" || $0 == "\"" }) else {
                throw QBOFault.invalidValue("Name", detail: "Account Name cannot contain a colon (:) or a quote (\").")
            }
            record["Classification"] = .string(Self.classification(record["AccountType"]?.stringValue))
        }
        record["Name"] = .string(name)
        record["Active"] = .bool(active)
        try resolveHeaderReferences(kind, &record)
        var qualified = name
        if let parentId = record["ParentRef"]?["value"]?.stringValue, let parent = lookup(kind.name, parentId) {
            qualified = (parent["FullyQualifiedName"]?.stringValue ?? "") + ":" + name
        }
        if kind.name != "Term" { record["FullyQualifiedName"] = .string(qualified) }
        let subFlag = ["Account": "SubAccount", "Class": "SubClass", "Department": "SubDepartment"][kind.name]
        if let subFlag { record[subFlag] = .bool(record["ParentRef"] != nil) }
        if kind.name == "Term" { record["Type"] = .string(record["DueDays"] != nil ? "STANDARD" : "DATE_DRIVEN") }
        let key = kind.name == "Term" ? "Name" : "FullyQualifiedName"
        for other in sortedRecords(kind.name) where other["Id"] != previous?["Id"] {
            if other[key]?.stringValue?.lowercased() == record[key]?.stringValue?.lowercased() {
                throw QBOFault.duplicateName
            }
        }
    }

    static func classification(_ accountType: String?) -> String {
        switch accountType ?? "" {
        case "Bank", "Accounts Receivable", "Other Current Asset", "Fixed Asset", "Other Asset": "Asset"
        case "Accounts Payable", "Credit Card", "Long Term Liability", "Other Current Liability": "Liability"
        case "Equity": "Equity"
        case "Income", "Other Income": "Revenue"
        default: "Expense"
        }
    }
}
