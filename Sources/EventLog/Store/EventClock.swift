package import Foundation

/// The source of `recorded_at` timestamps, injected so tests are deterministic.
package protocol EventClock: Sendable {
    /// Now, as UTC ISO-8601 with milliseconds (`2026-11-24T21:50:05.123Z`).
    func timestamp() -> String
}

/// The wall clock.
package struct SystemEventClock: EventClock {
    package init() {}

    package func timestamp() -> String { Self.format(Date()) }

    /// Formats a date as UTC ISO-8601 with milliseconds.
    package static func format(_ date: Date) -> String {
        date.formatted(
            Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
    }
}

/// A clock that returns a fixed or stepped time (tests, replays of recorded fixtures).
package final class FixedEventClock: EventClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private let step: TimeInterval

    package init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600), step: TimeInterval = 0) {
        self.current = start
        self.step = step
    }

    package func timestamp() -> String {
        lock.lock()
        defer { lock.unlock() }
        let text = SystemEventClock.format(current)
        current += step
        return text
    }
}
