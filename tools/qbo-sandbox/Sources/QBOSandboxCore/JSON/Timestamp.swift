import Foundation

/// QBO-style timestamps: `2014-12-31T09:59:18-08:00` (records) and `...17.449-08:00` (envelope `time`).
///
/// The emulator presents every company in one fixed offset (Pacific standard time, like most sandbox
/// companies); clients must compare instants, never strings.
public enum Timestamp {
    public static let offsetSeconds = -8 * 3600

    public static func recordTime(_ date: Date) -> String { format(date, fraction: false) }
    public static func envelopeTime(_ date: Date) -> String { format(date, fraction: true) }

    /// `YYYY-MM-DD` in the company's offset.
    public static func day(_ date: Date) -> String {
        let parts = civil(date)
        return String(format: "%04d-%02d-%02d", parts.year, parts.month, parts.day)
    }

    static func format(_ date: Date, fraction: Bool) -> String {
        let parts = civil(date)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year, parts.month, parts.day, parts.hour, parts.minute,
            parts.second)
        if fraction { text += String(format: ".%03d", parts.millisecond) }
        let sign = offsetSeconds < 0 ? "-" : "+"
        let magnitude = abs(offsetSeconds)
        text += String(format: "%@%02d:%02d", sign, magnitude / 3600, magnitude % 3600 / 60)
        return text
    }

    private struct Civil { var year, month, day, hour, minute, second, millisecond: Int }

    private static func civil(_ date: Date) -> Civil {
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded(.down)) + offsetSeconds * 1000
        let millisPerDay = 86_400_000
        var days = totalMillis / millisPerDay
        var millisOfDay = totalMillis % millisPerDay
        if millisOfDay < 0 { millisOfDay += millisPerDay; days -= 1 }
        // Days-from-civil inverse (proleptic Gregorian), after H. Hinnant's public-domain algorithm.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        let seconds = millisOfDay / 1000
        return Civil(
            year: year, month: month, day: day, hour: seconds / 3600, minute: seconds % 3600 / 60,
            second: seconds % 60, millisecond: millisOfDay % 1000)
    }

    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Parses `YYYY-MM-DD` (midnight in the company offset) or a date-time with `Z` or `±HH:MM`.
    public static func parse(_ text: String) -> Date? {
        let chars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= chars.count else { return nil }
            var value = 0
            for index in range {
                guard (0x30...0x39).contains(chars[index]) else { return nil }
                value = value * 10 + Int(chars[index] - 0x30)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year: year, month: month, day: day) * 86_400)
        if chars.count == 10 { return Date(timeIntervalSince1970: seconds - Double(offsetSeconds)) }
        guard chars.count >= 19, chars[10] == UInt8(ascii: "T"), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19)
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60 + second)
        var index = 19
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 0.1
            while index < chars.count, (0x30...0x39).contains(chars[index]) {
                seconds += Double(chars[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        if index == chars.count { return Date(timeIntervalSince1970: seconds - Double(offsetSeconds)) }
        if chars[index] == UInt8(ascii: "Z"), index + 1 == chars.count { return Date(timeIntervalSince1970: seconds) }
        guard index + 6 == chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-"),
            let offsetHours = number(index + 1..<index + 3), let offsetMinutes = number(index + 4..<index + 6)
        else { return nil }
        let offset = Double(offsetHours * 3600 + offsetMinutes * 60) * (chars[index] == UInt8(ascii: "-") ? -1 : 1)
        return Date(timeIntervalSince1970: seconds - offset)
    }

    /// Adds whole days to a `YYYY-MM-DD` date.
    public static func addDays(_ days: Int, to day: String) -> String? {
        guard let date = parse(day) else { return nil }
        return Timestamp.day(date.addingTimeInterval(Double(days) * 86_400))
    }
}
