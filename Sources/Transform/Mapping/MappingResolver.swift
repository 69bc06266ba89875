import EventLog

/// The kinds of Stampli value the mapping file maps, with the QBO entity and quarantine categories of each.
enum MappingKind: String, CaseIterable {
    case account, department, `class`, bank

    var entity: String {
        switch self {
        case .account, .bank: "Account"
        case .department: "Department"
        case .class: "Class"
        }
    }

    var column: String {
        switch self {
        case .account: "GL Account"
        case .department: "Department"
        case .class: "Class"
        case .bank: "Bank Account"
        }
    }

    var unmappedCategory: String { self == .bank ? "unmapped-bank" : "unmapped-\(rawValue)" }
    var inactiveCategory: String { self == .bank ? "unmapped-bank" : "inactive-\(rawValue)" }
}

/// Resolves Stampli values to QBO records with the mapping in force and the synced reference data.
///
/// Order (stampli-export.md §The mapping file): an explicit mapping row (its target named by Id, AcctNum,
/// fully qualified name or name); else, when `auto_match` is on, a record whose AcctNum (accounts) or
/// name equals the value. A missing, ambiguous or inactive target is a problem for the invoices that use it.
struct MappingResolver {
    /// A resolution before it is attached to a file and row.
    enum Outcome: Equatable {
        case chosen(RuleChoice)
        case problem(category: String, message: String, fix: String)
    }

    private var rules: [String: MappingRecorded.Rule] = [:]
    let mapping: MappingRecorded?
    let autoMatch: Bool

    init(mapping: MappingRecorded?, defaultAutoMatch: Bool) {
        self.mapping = mapping
        self.autoMatch = mapping?.autoMatch ?? defaultAutoMatch
        for rule in mapping?.rules ?? [] { rules[Self.key(rule.type, rule.stampli)] = rule }
    }

    private static func key(_ type: String, _ value: String) -> String { type + "\u{0}" + value.lowercased() }

    /// Resolves one value. `accountTypes` restricts acceptable accounts (bank: `Bank`, card: `Credit Card`).
    func resolve(_ kind: MappingKind, _ value: String, reference: ReferenceIndex, accountTypes: Set<String>? = nil)
        -> Outcome
    {
        let label = kind == .account ? "QBO account" : "QBO \(kind.entity.lowercased())"
        let retry = "then run `ml-connector quarantine retry`"
        if let rule = rules[Self.key(kind.rawValue, value)] {
            let where_ = "mapping row \(rule.row) (\(kind.rawValue),\(rule.stampli),\(rule.quickBooks))"
            guard let found = reference.find(kind.entity, target: rule.quickBooks), let record = found.records.first
            else {
                return .problem(
                    category: kind.unmappedCategory,
                    message: "\(where_) names \"\(rule.quickBooks)\", which is not a \(label)",
                    fix:
                        "correct row \(rule.row) of the mapping file to an existing \(label)'s name, number or Id, \(retry)"
                )
            }
            if found.records.count > 1 {
                return .problem(
                    category: kind.unmappedCategory,
                    message:
                        "\(where_) names \"\(rule.quickBooks)\", which matches \(found.records.count) QBO records (Ids "
                        + found.records.map(\.id).joined(separator: ", ") + ")",
                    fix: "name the record by its fully qualified name or Id in row \(rule.row), \(retry)")
            }
            return check(kind, value, record, rule: "mapping-row", row: rule.row, accountTypes: accountTypes)
        }
        if autoMatch,
            let found = reference.find(
                kind.entity, target: value, allowId: false, allowNumber: kind != .department && kind != .class)
        {
            if found.records.count == 1 {
                return check(
                    kind, value, found.records[0],
                    rule: found.match == .number ? "auto-match-number" : "auto-match-name",
                    row: nil, accountTypes: accountTypes)
            }
            return .problem(
                category: kind.unmappedCategory,
                message: "\(kind.column) \"\(value)\" matches \(found.records.count) QBO records by name (Ids "
                    + found.records.map(\.id).joined(separator: ", ") + ")",
                fix: "add a row `\(kind.rawValue),\(value),<QBO Id>` to the mapping file, \(retry)")
        }
        return .problem(
            category: kind.unmappedCategory,
            message: "\(kind.column) \"\(value)\" has no mapping row"
                + (autoMatch ? " and matches no \(label) by number or name" : " (auto_match is off)"),
            fix: "add a row `\(kind.rawValue),\(value),<\(label)>` to the mapping file (or create it in QBO), \(retry)")
    }

    private func check(
        _ kind: MappingKind, _ value: String, _ record: ReferenceSynced.Record, rule: String, row: Int?,
        accountTypes: Set<String>?
    ) -> Outcome {
        let name = record.fullyQualifiedName ?? record.name
        let via = row.map { "mapping row \($0)" } ?? rule
        guard record.active else {
            return .problem(
                category: kind.inactiveCategory,
                message:
                    "\(kind.column) \"\(value)\" maps (\(via)) to QBO \(kind.entity.lowercased()) \"\(name)\" (Id \(record.id)), which is inactive",
                fix:
                    "reactivate \"\(name)\" in QBO or map \"\(value)\" to an active record, then run `ml-connector quarantine retry`"
            )
        }
        if let accountTypes, !accountTypes.contains(record.accountType ?? "") {
            return .problem(
                category: kind.unmappedCategory,
                message:
                    "\(kind.column) \"\(value)\" maps (\(via)) to QBO account \"\(name)\" (Id \(record.id)) of type "
                    + "\(record.accountType ?? "unknown"), not \(accountTypes.sorted().joined(separator: " or "))",
                fix:
                    "map \"\(value)\" to a \(accountTypes.sorted().joined(separator: " or ")) account with a `bank` row, then run `ml-connector quarantine retry`"
            )
        }
        return .chosen(RuleChoice(stampli: value, qboId: record.id, qboName: name, rule: rule, mappingRow: row))
    }
}
