package import EventLog

/// Parses export amounts into exact ``Money`` (stampli-export.md §Encoding and syntax).
///
/// Accepted: `.` as the decimal point; `,` thousands separators in groups of three; one currency symbol
/// (`$`, `€`, `£`) before or after the number; negatives as `-12.50` or `(12.50)`; surrounding spaces.
/// Never goes through binary floating point.
package enum AmountParser {
    private static let symbols: Set<Character> = ["$", "€", "£"]

    /// What a valid amount looks like, for rejection messages.
    package static let expected = "an amount such as 1234.50, 1,234.50, $1,234.50, -12.50 or (12.50)"

    /// The exact amount, or nil when `text` is not an amount.
    package static func parse(_ text: String) -> Money? {
        var body = Substring(text.trimmingSpaces)
        var isNegative = false
        if body.hasPrefix("(") && body.hasSuffix(")") && body.count >= 2 {
            isNegative = true
            body = Substring(body.dropFirst().dropLast().trimmingSpaces)
        }
        if let first = body.first, first == "-" {
            guard !isNegative else { return nil }
            isNegative = true
            body = body.dropFirst()
        }
        if let first = body.first, symbols.contains(first) {
            body = Substring(body.dropFirst().trimmingSpaces)
        } else if let last = body.last, symbols.contains(last) {
            body = Substring(body.dropLast().trimmingSpaces)
        }
        if let first = body.first, first == "-" {
            guard !isNegative else { return nil }
            isNegative = true
            body = body.dropFirst()
        }
        guard let plain = removingGrouping(body), !plain.hasPrefix("-"), let value = Money(plain) else { return nil }
        return isNegative ? -value : value
    }

    /// `1,234,567.89` → `1234567.89`; nil when the commas are not in groups of three.
    private static func removingGrouping(_ text: Substring) -> Substring? {
        guard text.contains(",") else { return text }
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let groups = parts[0].split(separator: ",", omittingEmptySubsequences: false)
        guard let head = groups.first, (1...3).contains(head.count), groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { return nil }
        var joined = groups.joined()
        if parts.count == 2 { joined += "." + parts[1] }
        return Substring(joined)
    }
}
