import Foundation

/// Evaluates conditions and sort keys against stored records.
enum QueryEvaluator {
    /// Follows a dotted path, matching property names case-insensitively; a ref yields its `value`.
    static func field(_ record: JSONValue, _ path: String) -> JSONValue? {
        var current: JSONValue? = record
        for part in path.split(separator: ".") {
            let wanted = part.lowercased()
            current = current?.members?.first { $0.key.lowercased() == wanted }?.value
        }
        if let current, current.isObject, let value = current["value"] { return value }
        return current
    }

    static func matches(_ record: JSONValue, _ condition: QueryStatement.Condition) -> Bool {
        guard let value = field(record, condition.property) else { return false }
        switch condition.op {
        case .isIn: return condition.values.contains { compare(value, $0) == .orderedSame }
        case .like:
            guard case .string(let pattern)? = condition.values.first, let text = scalarText(value) else { return false }
            return like(text.lowercased(), pattern.lowercased())
        case .equal: return condition.values.first.map { compare(value, $0) == .orderedSame } ?? false
        case .less: return condition.values.first.map { compare(value, $0) == .orderedAscending } ?? false
        case .greater: return condition.values.first.map { compare(value, $0) == .orderedDescending } ?? false
        case .lessOrEqual:
            return condition.values.first.map { [.orderedAscending, .orderedSame].contains(compare(value, $0)) } ?? false
        case .greaterOrEqual:
            return condition.values.first.map { [.orderedDescending, .orderedSame].contains(compare(value, $0)) }
                ?? false
        }
    }

    private static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text), .number(let text): return text
        case .bool(let flag): return flag ? "true" : "false"
        default: return nil
        }
    }

    /// `nil` when the two cannot be compared (the condition is then false).
    static func compare(_ value: JSONValue, _ literal: QueryStatement.Literal) -> ComparisonResult? {
        switch (value, literal) {
        case (.bool(let flag), .bool(let wanted)): return flag == wanted ? .orderedSame : .orderedAscending
        case (.bool(let flag), .string(let text)):
            return flag == (text.lowercased() == "true") ? .orderedSame : .orderedAscending
        case (.number, .number(let text)), (.number, .string(let text)):
            guard let left = value.decimalValue, let right = Decimal(string: text) else { return nil }
            return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
        case (.string(let text), .string(let wanted)), (.string(let text), .number(let wanted)):
            if let left = Timestamp.parse(text), let right = Timestamp.parse(wanted) {
                return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
            }
            if let left = Decimal(string: text), let right = Decimal(string: wanted), Int(text) != nil {
                return left == right ? .orderedSame : (left < right ? .orderedAscending : .orderedDescending)
            }
            return text.lowercased().compare(wanted.lowercased())
        default: return nil
        }
    }

    /// `%` matches any run of characters; everything else literally.
    static func like(_ text: String, _ pattern: String) -> Bool {
        let pieces = pattern.split(separator: "%", omittingEmptySubsequences: false).map(String.init)
        guard pieces.count > 1 else { return text == pattern }
        guard text.hasPrefix(pieces[0]) else { return false }
        var remainder = text.dropFirst(pieces[0].count)
        for piece in pieces.dropFirst().dropLast() where !piece.isEmpty {
            guard let range = remainder.range(of: piece) else { return false }
            remainder = remainder[range.upperBound...]
        }
        let last = pieces[pieces.count - 1]
        return last.isEmpty || remainder.hasSuffix(last)
    }

    /// Sort order between two records for one key (missing values first).
    static func ordered(_ left: JSONValue, _ right: JSONValue, by path: String) -> ComparisonResult {
        let a = field(left, path)
        let b = field(right, path)
        switch (a, b) {
        case (nil, nil): return .orderedSame
        case (nil, _): return .orderedAscending
        case (_, nil): return .orderedDescending
        case (let a?, let b?):
            if let text = scalarText(b) {
                let literal: QueryStatement.Literal = if case .number = b { .number(text) } else { .string(text) }
                return compare(a, literal) ?? .orderedSame
            }
            return .orderedSame
        }
    }
}
