package import EventLog

/// A JSON document as QBO sends it, with numbers kept as their exact text so that amounts decode into
/// ``Money`` without ever passing through a binary floating-point value (qbo-api.md §2: "decode into
/// Decimal, never Double"). Object members keep their order, which keeps written bodies stable.
package enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text exactly as written, e.g. `200.00` or `-1.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    package static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.number(let a), .number(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// The member named `key` of an object (the first one when repeated), or nil.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The member whose name matches `key` ignoring case (QBO's gateway writes `fault`, the API `Fault`).
    package func member(caseInsensitive key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        let lowered = key.lowercased()
        return members.first { $0.0.lowercased() == lowered }?.1
    }

    package var stringValue: String? {
        switch self {
        case .string(let text): return text
        case .number(let text): return text
        default: return nil
        }
    }

    package var arrayValue: [JSONValue]? {
        if case .array(let items) = self { return items }
        return nil
    }

    package var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Keys of an object, in order.
    package var keys: [String] {
        if case .object(let members) = self { return members.map(\.0) }
        return []
    }

    /// The exact amount of a JSON number (or numeric string), or nil when it is not a plain decimal.
    /// Exponent forms are expanded exactly; more than five decimals are refused rather than rounded.
    package var moneyValue: Money? {
        guard let text = stringValue else { return nil }
        return JSONNumberText.money(text)
    }

    /// A JSON number holding exactly this amount (canonical decimal text, never a Double).
    package static func money(_ amount: Money) -> JSONValue { .number(amount.description) }

    /// A JSON object from ordered members, dropping nil values (QBO treats absent and null alike on create).
    package static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .object(members.compactMap { key, value in value.map { (key, $0) } })
    }

    /// A QBO reference object `{"value": id}` with an optional informational name.
    package static func ref(_ id: String, name: String? = nil) -> JSONValue {
        .object(["value": .string(id), "name": name.map(JSONValue.string)])
    }
}

/// Exact conversions between JSON number text and ``Money``.
enum JSONNumberText {
    /// Parses `-12.5`, `200.00`, `1E+2`, `2.5e-1` into Money without floating point; nil if not exact.
    static func money(_ text: String) -> Money? {
        var mantissa = text
        var exponent = 0
        if let index = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<index])
            guard let value = Int(text[text.index(after: index)...].replacingOccurrences(of: "+", with: "")),
                abs(value) < 40
            else { return nil }
            exponent = value
        }
        if exponent == 0 { return Money(mantissa) }
        var negative = false
        if mantissa.hasPrefix("-") {
            negative = true
            mantissa.removeFirst()
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return nil }
        var digits = String(parts[0])
        var pointPosition = digits.count
        if parts.count == 2 { digits += parts[1] }
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        pointPosition += exponent
        if pointPosition <= 0 {
            digits = String(repeating: "0", count: 1 - pointPosition) + digits
            pointPosition = 1
        } else if pointPosition > digits.count {
            digits += String(repeating: "0", count: pointPosition - digits.count)
        }
        var whole = String(digits.prefix(pointPosition))
        var fraction = String(digits.dropFirst(pointPosition))
        while fraction.hasSuffix("0") { fraction.removeLast() }
        while whole.count > 1 && whole.hasPrefix("0") { whole.removeFirst() }
        let plain = (negative ? "-" : "") + whole + (fraction.isEmpty ? "" : "." + fraction)
        return Money(plain)
    }
}
