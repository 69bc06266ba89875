import Foundation

/// Time for Publish: wall-clock seconds (token expiries survive restarts) and sleeping. Injected so the
/// state machines and the stage can be driven by a manual clock in tests.
package protocol PublishClock: AnyObject {
    /// Seconds since 1970-01-01 UTC.
    func now() -> Double
    /// Blocks for `seconds` (a manual clock just advances).
    func sleep(_ seconds: Double)
}

/// The system clock.
package final class SystemPublishClock: PublishClock {
    package init() {}
    package func now() -> Double { Date().timeIntervalSince1970 }
    package func sleep(_ seconds: Double) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}

/// A clock that only moves when told to (tests); `sleep` advances it and records the wait.
package final class ManualPublishClock: PublishClock {
    package private(set) var current: Double
    package private(set) var sleeps: [Double] = []

    package init(_ start: Double = 1_767_225_600) { current = start }
    package func now() -> Double { current }
    package func sleep(_ seconds: Double) {
        sleeps.append(seconds)
        current += max(seconds, 0)
    }
    package func advance(_ seconds: Double) { current += seconds }
}
