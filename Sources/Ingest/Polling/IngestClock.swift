package import Foundation

/// Time for the readiness and retry machines, injected so tests run on a manual clock and never sleep.
package protocol IngestClock: AnyObject {
    /// Now.
    func now() -> Date
    /// Waits `seconds` (a manual clock just advances).
    func sleep(seconds: TimeInterval)
}

/// The wall clock.
package final class SystemIngestClock: IngestClock {
    package init() {}

    package func now() -> Date { Date() }

    package func sleep(seconds: TimeInterval) {
        guard seconds > 0 else { return }
        Thread.sleep(forTimeInterval: seconds)
    }
}
