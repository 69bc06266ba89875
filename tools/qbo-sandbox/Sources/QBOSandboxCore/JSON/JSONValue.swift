import Foundation

/// A JSON document that keeps object key order and the exact text of every number.
///
/// Foundation's parsers on Linux carry numbers through `Double`, which would turn 0.3 into
/// 0.30000000000000004; money must stay exact, so the emulator parses and prints JSON itself.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number as written (already validated as JSON number syntax).
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    public subscript(key: String) -> JSONValue? {
        get {
            guard case .object(let members) = self else { return nil }
            return members.first { $0.key == key }?.value
        }
        set {
            guard case .object(var members) = self else { return }
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(JSONMember(key, newValue))
            }
            self = .object(members)
        }
    }

    /// Follows a dotted path (`MetaData.LastUpdatedTime`).
    public func value(atPath path: String) -> JSONValue? {
        var current: JSONValue? = self
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    public var members: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    public var isObject: Bool { members != nil }

    /// A number (or a numeric string) as an exact decimal.
    public var decimalValue: Decimal? {
        switch self {
        case .number(let text), .string(let text): return Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))
        default: return nil
        }
    }

    public static func decimal(_ value: Decimal) -> JSONValue {
        .number(value.jsonText)
    }

    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(pairs.map { JSONMember($0.key, $0.value) })
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

extension Decimal {
    /// Plain decimal text with no exponent and no binary rounding (`1234567.89`, `0.3`).
    public var jsonText: String {
        description
    }
}
