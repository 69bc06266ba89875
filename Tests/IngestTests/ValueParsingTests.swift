import EventLog
import Testing

@testable import Ingest

@Suite("AmountParser")
struct AmountParserTests {
    @Test(arguments: [
        ("12.50", "12.5"), ("-12.50", "-12.5"), ("(12.50)", "-12.5"), ("1,234.56", "1234.56"),
        ("$1,234.56", "1234.56"), ("€12", "12"), ("£0.01", "0.01"), ("-$5.00", "-5"), ("$-5.00", "-5"),
        ("($1,000,000.10)", "-1000000.1"), (" 7 ", "7"), ("12.50 €", "12.5"), ("0.00001", "0.00001"),
    ])
    func parsesAcceptedAmountForms(_ input: String, _ expected: String) throws {
        let value = try #require(AmountParser.parse(input))
        #expect(value == Money(expected))
    }

    @Test(arguments: [
        "", "abc", "12,50", "1,23.00", "1.2.3", "--5", "(-5)", "12.505555", "1e5", "$", "(12.50", "12.50$$",
    ])
    func rejectsMalformedAmounts(_ input: String) {
        #expect(AmountParser.parse(input) == nil)
    }

    @Test func keepsCentsExactWithoutFloatingPoint() throws {
        let total = try #require(AmountParser.parse("0.10")) + #require(AmountParser.parse("0.20"))
        #expect(total == Money("0.30"))
    }
}

@Suite("DateFormat")
struct DateFormatTests {
    @Test func normalizesEachLayoutToISODates() {
        #expect(DateFormat.isoDate.canonical("2026-03-31") == "2026-03-31")
        #expect(DateFormat.monthDayYear.canonical("3/31/2026") == "2026-03-31")
        #expect(DateFormat.dayMonthYear.canonical("31/03/2026") == "2026-03-31")
        #expect(DateFormat.isoDate.canonical(" 2024-02-29 ") == "2024-02-29")
    }

    @Test func rejectsImpossibleOrMisformattedDates() {
        #expect(DateFormat.isoDate.canonical("2025-02-29") == nil)
        #expect(DateFormat.isoDate.canonical("2026-13-01") == nil)
        #expect(DateFormat.isoDate.canonical("03/31/2026") == nil)
        #expect(DateFormat.monthDayYear.canonical("31/03/2026") == nil)
        #expect(DateFormat.isoDate.canonical("2026-3-x") == nil)
        #expect(DateFormat.isoDate.canonical("1900-02-29") == nil)
    }
}

@Suite("TextEncoding")
struct TextEncodingTests {
    @Test func decodesWindows1252TypographicBytes() {
        let bytes: ArraySlice<UInt8> = [0x80, 0x20, 0x93, 0x71, 0x94, 0x20, 0x96, 0x20, 0xE9, 0x20, 0x9F]
        #expect(TextEncoding.windows1252.decode(bytes) == "€ \u{201C}q\u{201D} – é Ÿ")
    }

    @Test func refusesInvalidUTF8() {
        #expect(TextEncoding.utf8.decode([0x61, 0xE9, 0x62]) == nil)
        #expect(TextEncoding.utf8.decode(Array("é".utf8)[...]) == "é")
    }
}

@Suite("FileNameRule")
struct FileNameRuleTests {
    @Test func neverReadsHiddenOrPartialFiles() {
        for name in [".hidden.csv", "a.csv.tmp", "a.csv.part", "a.csv.filepart", "A.CSV.PART"] {
            #expect(!FileNameRule.isCandidate(name, globs: ["*"]), "\(name)")
        }
    }

    @Test func matchesTheDefaultGlobs() {
        let globs = ["*.csv", "*.csv.gz"]
        #expect(FileNameRule.isCandidate("invoices_2026.csv", globs: globs))
        #expect(FileNameRule.isCandidate("x.csv.gz", globs: globs))
        #expect(!FileNameRule.isCandidate("x.csv.done", globs: globs))
        #expect(!FileNameRule.isCandidate("x.txt", globs: globs))
        #expect(FileNameRule.matches("inv_01.csv", glob: "inv_??.csv"))
        #expect(!FileNameRule.matches("inv_1.csv", glob: "inv_??.csv"))
    }
}

@Suite("ReadinessTracker")
struct ReadinessTrackerTests {
    @Test func aFileIsReadyOnlyAfterTwoEqualListingsAtLeastTheSettleIntervalApart() {
        let clock = ManualClock()
        var tracker = ReadinessTracker(settleInterval: 30)
        #expect(tracker.observe(path: "a.csv", size: 10, mtime: 1, at: clock.now()) == .pending(after: 30))
        clock.advance(10)
        #expect(tracker.observe(path: "a.csv", size: 10, mtime: 1, at: clock.now()) == .pending(after: 20))
        clock.advance(20)
        guard case .ready(let first, let second) = tracker.observe(path: "a.csv", size: 10, mtime: 1, at: clock.now())
        else {
            Issue.record("expected ready")
            return
        }
        #expect(first.size == 10 && second.size == 10)
        #expect(first.listedAt != second.listedAt)
    }

    @Test func aGrowingFileStartsTheIntervalAgain() {
        let clock = ManualClock()
        var tracker = ReadinessTracker(settleInterval: 30)
        _ = tracker.observe(path: "a.csv", size: 10, mtime: 1, at: clock.now())
        clock.advance(31)
        #expect(tracker.observe(path: "a.csv", size: 20, mtime: 2, at: clock.now()) == .pending(after: 30))
        clock.advance(31)
        #expect(tracker.observe(path: "a.csv", size: 20, mtime: 2, at: clock.now()) != .pending(after: 30))
    }

    @Test func forgetsFilesThatLeftTheFolder() {
        var tracker = ReadinessTracker(settleInterval: 30)
        _ = tracker.observe(path: "f/a.csv", size: 1, mtime: 1, at: ManualClock().now())
        _ = tracker.observe(path: "f/b.csv", size: 1, mtime: 1, at: ManualClock().now())
        tracker.forget(in: "f/", except: ["f/b.csv"])
        #expect(tracker.watched == ["f/b.csv"])
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test func delaysGrowExponentiallyWithJitterThenGiveUp() {
        var backoff = Backoff(initialDelay: 1, maximumDelay: 3, maximumAttempts: 4)
        #expect(backoff.next(random: { 0 }) == .retry(after: 0.5))
        #expect(backoff.next(random: { 1 }) == .retry(after: 2))
        #expect(backoff.next(random: { 0.5 }) == .retry(after: 2.25))
        #expect(backoff.next(random: { 0.5 }) == .giveUp)
        backoff.reset()
        #expect(backoff.next(random: { 0.999 }) != .giveUp)
    }

    @Test func capsTheDelayAtTheMaximum() {
        var backoff = Backoff(initialDelay: 10, maximumDelay: 15, maximumAttempts: 10)
        for _ in 0..<5 {
            guard case .retry(let delay) = backoff.next(random: { 1 }) else {
                Issue.record("gave up early")
                return
            }
            #expect(delay <= 15)
        }
    }
}
