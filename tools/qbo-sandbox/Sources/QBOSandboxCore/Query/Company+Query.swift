import Foundation

/// Runs query statements against a company.
extension Company {
    /// The `QueryResponse` object (without `time`).
    public func query(_ text: String) throws(QBOFault) -> JSONValue {
        let statement = try QueryParser.parse(text)
        // Entity names are matched case-sensitively (Intuit's parameter table says so; the stricter reading).
        guard let kind = EntityCatalog.named(statement.entity) else {
            throw QBOFault.invalidQuery("invalid context declaration: \(statement.entity)")
        }
        let known = Set(kind.properties.map { $0.lowercased() })
        for property in statement.conditions.map(\.property) + statement.orderBy.map(\.property) {
            let head = property.split(separator: ".").first.map { $0.lowercased() } ?? ""
            guard known.contains(head) else {
                throw QBOFault.invalidQuery("property '\(property)' is not queryable")
            }
        }
        let constrainsActive = statement.conditions.contains { $0.property.lowercased() == "active" }
        var rows = sortedRecords(kind.name).filter { record in
            if kind.isNameList, !constrainsActive, !isActive(record) { return false }
            return statement.conditions.allSatisfy { QueryEvaluator.matches(record, $0) }
        }
        if statement.isCount { return .object(["totalCount": .number(String(rows.count))]) }
        if !statement.orderBy.isEmpty {
            rows.sort { left, right in
                for key in statement.orderBy {
                    let result = QueryEvaluator.ordered(left, right, by: key.property)
                    if result != .orderedSame { return key.ascending == (result == .orderedAscending) }
                }
                return false
            }
        }
        let start = statement.startPosition - 1
        guard start < rows.count, statement.maxResults > 0 else { return .object([]) }
        let page = rows[start..<min(rows.count, start + statement.maxResults)].map { rendered(kind, $0) }
        return .object([
            JSONMember(kind.name, .array(Array(page))),
            JSONMember("startPosition", .number(String(statement.startPosition))),
            JSONMember("maxResults", .number(String(page.count))),
        ])
    }
}
