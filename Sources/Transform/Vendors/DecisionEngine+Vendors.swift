import EventLog

extension DecisionEngine {
    /// QBO's DisplayName limit (qbo-api.md §13).
    static let maximumDisplayNameLength = 500
    /// The longest Stampli Vendor ID kept in AcctNum (the legacy 15-character limit, qbo-api.md §13).
    static let maximumAcctNumLength = 15

    /// Decides one vendors row: create, update or reactivate the QBO vendor, or quarantine a name QBO would
    /// refuse (never a silent rename). Returns nil when the row repeats the vendor's last plan or quarantine.
    /// - Parameter isRepeatAllowed: decide even when the row repeats the last plan or quarantine (retry, replay).
    func decideVendor(_ row: SourceRow, isRepeatAllowed: Bool = false) -> TransformDecision? {
        let id = row.raw("Vendor ID")
        let name = row.raw("Vendor Name")
        let hash = Digest.contentHash(rows: [row])
        let record = state.vendors[id]
        if !isRepeatAllowed,
            record?.plannedHash == hash || (record?.isQuarantined == true && record?.quarantinedHash == hash)
        {
            return nil
        }
        var problems = nameProblems(name, row: row)
        let active = row.value("Active") != "N"
        var fields = VendorPlanned.Fields(displayName: name, active: active)
        func optional(_ column: String) -> String? {
            let value = row.raw(column)
            return value.isEmpty ? nil : value
        }
        fields.companyName = optional("Legal Name")
        fields.printOnCheckName = optional("Legal Name")
        fields.line1 = optional("Address 1")
        fields.line2 = optional("Address 2")
        fields.city = optional("City")
        fields.countrySubDivisionCode = optional("State")
        fields.postalCode = optional("Postal Code")
        fields.country = optional("Country")
        fields.taxIdentifier = optional("Tax ID")
        fields.email = optional("Email")
        fields.phone = optional("Phone")
        fields.currency = optional("Currency")?.uppercased()
        fields.vendor1099 = optional("1099").map { _ in row.value("1099") == "Y" }
        fields.acctNum = id.count <= Self.maximumAcctNumLength ? id : nil
        if let terms = optional("Terms") {
            let found = state.reference.find("Term", target: terms, allowNumber: false)
            if let found, found.records.count == 1, found.records[0].active {
                fields.termId = found.records[0].id
            } else {
                problems.append(
                    QuarantineProblem(
                        category: "unknown-term", message: "Terms \"\(terms)\" matches no active QBO term",
                        file: row.path, row: row.row, column: "Terms", value: terms,
                        expected: "an active QBO term name",
                        fix: "create the term in QBO or correct it in Stampli, then retry"))
            }
        }
        if !problems.isEmpty {
            return .vendorQuarantined(
                VendorQuarantined(
                    stampliVendorId: id, vendorName: name, contentHash: hash, problems: problems,
                    fileSha256: row.fileSha256, path: row.path))
        }
        var action = "create"
        var qboId: String?
        let existing: ReferenceSynced.Record? =
            record?.qboId.flatMap { state.reference.record("Vendor", id: $0) }
            ?? state.reference.findByDisplayName("Vendor", name).sorted { $0.active && !$1.active }.first
        if let known = record?.qboId ?? existing?.id {
            qboId = known
            let isActive = state.confirmedActive[known] ?? existing?.active ?? record?.active ?? true
            action = active && !isActive ? "reactivate" : "update"
        }
        let attempt = record?.rejections ?? 0
        return .vendor(
            VendorPlanned(
                stampliVendorId: id, action: action, qboId: qboId, fields: fields, contentHash: hash,
                requestId: Digest.requestId(prefix: "v-", id: id, contentHash: hash, attempt: attempt),
                fileSha256: row.fileSha256, path: row.path, row: row.row))
    }

    /// Why QBO would refuse `name` as a vendor DisplayName: `:`, tab or newline, over 500 characters, empty,
    /// or already the name of a Customer or Employee (6240; inactive ones included, with their " (deleted)").
    func nameProblems(_ name: String, row: SourceRow) -> [QuarantineProblem] {
        let fix = "rename the vendor in Stampli so it is exported again, then retry (names are never changed silently)"
        func problem(_ message: String, _ expected: String) -> QuarantineProblem {
            QuarantineProblem(
                category: "vendor-name-invalid", message: message, file: row.path, row: row.row, column: "Vendor Name",
                value: name, expected: expected, fix: fix)
        }
        if name.isEmpty { return [problem("Vendor Name is empty", "a name")] }
        if name.contains(where: { $0 == ":" || $0 == "\t" || $0.isNewline }) {
            return [
                problem(
                    "Vendor Name contains a colon, tab or line break, which QBO refuses in a DisplayName",
                    "no `:`, tab or newline")
            ]
        }
        if name.utf16.count > Self.maximumDisplayNameLength {
            return [
                problem(
                    "Vendor Name has \(name.count) characters; QBO allows \(Self.maximumDisplayNameLength)",
                    "at most 500 characters")
            ]
        }
        for entity in ["Customer", "Employee"] {
            if let taken = state.reference.findByDisplayName(entity, name).first {
                return [
                    problem(
                        "a QBO \(entity.lowercased()) (Id \(taken.id), \"\(taken.name)\") already uses this name; QBO refuses it (6240)",
                        "a name no QBO customer or employee uses")
                ]
            }
        }
        return []
    }
}
