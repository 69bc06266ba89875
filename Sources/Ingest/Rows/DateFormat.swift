/// The date layouts an export may use; the default is `YYYY-MM-DD` (stampli-export.md §Encoding and syntax).
package enum DateFormat: String, Sendable, Equatable, CaseIterable {
    case isoDate = "YYYY-MM-DD"
    case monthDayYear = "MM/DD/YYYY"
    case dayMonthYear = "DD/MM/YYYY"

    /// Parses `text` (surrounding spaces ignored) and returns the canonical `YYYY-MM-DD`, or nil when the
    /// text is not a real calendar date in this layout. One-digit months and days are accepted.
    package func canonical(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces
        let separator: Character = self == .isoDate ? "-" : "/"
        let parts = trimmed.split(separator: separator, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return nil }
        let texts: (year: Substring, month: Substring, day: Substring)
        switch self {
        case .isoDate: texts = (parts[0], parts[1], parts[2])
        case .monthDayYear: texts = (parts[2], parts[0], parts[1])
        case .dayMonthYear: texts = (parts[2], parts[1], parts[0])
        }
        guard texts.year.count == 4, (1...2).contains(texts.month.count), (1...2).contains(texts.day.count),
            let year = Self.digits(texts.year), let month = Self.digits(texts.month), let day = Self.digits(texts.day),
            (1...12).contains(month), day >= 1, day <= Self.daysIn(month: month, year: year), year >= 1900
        else { return nil }
        return "\(year)-\(Self.pad(month))-\(Self.pad(day))"
    }

    /// What a value in this layout looks like, for rejection messages.
    package var example: String {
        switch self {
        case .isoDate: return "a date such as 2026-03-31 (YYYY-MM-DD)"
        case .monthDayYear: return "a date such as 03/31/2026 (MM/DD/YYYY)"
        case .dayMonthYear: return "a date such as 31/03/2026 (DD/MM/YYYY)"
        }
    }

    private static func digits(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(text)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
