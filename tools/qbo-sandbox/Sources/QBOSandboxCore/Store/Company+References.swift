import Foundation

/// Reference (`{"value": Id, "name": label}`) checks and name filling.
extension Company {
    /// Checks that `ref` points at an existing, active record of `target` and returns it with `name` filled.
    /// Missing → 2500 naming the element; inactive → 610 (as QBO reports inactive name-list records).
    func resolvedReference(_ ref: JSONValue, target: String, element: String) throws(QBOFault) -> JSONValue {
        guard ref.isObject, let id = ref["value"]?.stringValue, !id.isEmpty else {
            throw QBOFault.invalidReference(element)
        }
        guard let referenced = lookup(target, id) else { throw QBOFault.invalidReference(element) }
        guard isActive(referenced) else { throw QBOFault.inactiveReference(element) }
        return .object([JSONMember("name", .string(Self.label(of: referenced))), JSONMember("value", .string(id))])
    }

    /// The label QBO puts in a ref's `name`.
    static func label(of record: JSONValue) -> String {
        record["DisplayName"]?.stringValue ?? record["FullyQualifiedName"]?.stringValue ?? record["Name"]?.stringValue
            ?? ""
    }

    /// Resolves every header reference declared for the kind.
    func resolveHeaderReferences(_ kind: EntityKind, _ record: inout JSONValue) throws(QBOFault) {
        for (property, target) in kind.references.sorted(by: { $0.key < $1.key }) {
            guard let ref = record[property], ref != .null else { continue }
            record[property] = try resolvedReference(ref, target: target, element: property)
        }
    }

    /// The company's default Accounts Payable account (first active Liability/AccountsPayable).
    func defaultPayablesAccount() -> JSONValue? {
        sortedRecords("Account").first {
            $0["AccountSubType"]?.stringValue == "AccountsPayable" && isActive($0)
        }
    }

    public static let homeCurrency = JSONValue.object([
        JSONMember("value", .string("USD")), JSONMember("name", .string("United States Dollar")),
    ])
}
