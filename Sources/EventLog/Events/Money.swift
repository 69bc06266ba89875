/// An exact amount of money, never a binary floating-point number.
///
/// Values are held as an integer count of 1/100,000 of the currency unit, which covers QBO's
/// "15 digits in 10.5 form" amounts. The canonical text form has at least two and at most five
/// decimals with no trailing zeros past the second (`0.30`, `1234567.89`, `-12.5` → `-12.50`), and
/// that text is how money is encoded in events: a JSON string, never a JSON number.
package struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Units per whole currency unit.
    package static let scale: Int64 = 100_000
    /// Decimal places kept.
    package static let maximumFractionDigits = 5
    /// The largest magnitude accepted: 10 integer digits, as QBO's amount fields allow.
    package static let maximumMagnitude: Int64 = 9_999_999_999 * scale + (scale - 1)

    /// The amount in 1/100,000 units.
    package var scaledValue: Int64

    package static let zero = Money(scaledValue: 0)

    package init(scaledValue: Int64) { self.scaledValue = scaledValue }

    /// Creates an amount from whole units and cents, e.g. `Money(cents: 1050)` is 10.50.
    package init(cents: Int64) { self.scaledValue = cents * 1_000 }

    /// Parses canonical or plain decimal text: optional `-`, digits, optional `.` and up to 5 decimals.
    /// Returns nil for anything else (no thousands separators, symbols or exponents here).
    package init?(_ text: some StringProtocol) {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        guard let first = bytes.first, first != UInt8(ascii: ".") || bytes.count > 1 else { return nil }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 48 && byte <= 57 else { return nil }
            let digit = Int64(byte - 48)
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= Self.maximumFractionDigits else { return nil }
                fraction = fraction * 10 + digit
            } else {
                digits += 1
                guard digits <= 10 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard digits > 0 || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<Self.maximumFractionDigits { fraction *= 10 }
        let value = whole * Self.scale + fraction
        self.scaledValue = negative ? -value : value
    }

    /// The canonical decimal text (see the type's documentation).
    package var description: String {
        let magnitude = scaledValue.magnitude
        let whole = magnitude / UInt64(Self.scale)
        var fraction = String(magnitude % UInt64(Self.scale))
        fraction = String(repeating: "0", count: Self.maximumFractionDigits - fraction.count) + fraction
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        return (scaledValue < 0 ? "-" : "") + "\(whole).\(fraction)"
    }

    /// True when the amount has no fraction of a cent.
    package var isWholeCents: Bool { scaledValue % 1_000 == 0 }
    package var isNegative: Bool { scaledValue < 0 }
    package var magnitude: Money { Money(scaledValue: Swift.abs(scaledValue)) }

    package static func + (lhs: Money, rhs: Money) -> Money { Money(scaledValue: lhs.scaledValue + rhs.scaledValue) }
    package static func - (lhs: Money, rhs: Money) -> Money { Money(scaledValue: lhs.scaledValue - rhs.scaledValue) }
    package static prefix func - (value: Money) -> Money { Money(scaledValue: -value.scaledValue) }
    package static func += (lhs: inout Money, rhs: Money) { lhs.scaledValue += rhs.scaledValue }
    package static func < (lhs: Money, rhs: Money) -> Bool { lhs.scaledValue < rhs.scaledValue }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Money(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a decimal amount string such as \"12.50\", got \"\(text)\"")
        }
        self = value
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Sequence where Element == Money {
    /// The exact sum.
    package func sum() -> Money { reduce(.zero, +) }
}
