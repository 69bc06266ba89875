/// Exponential backoff with full jitter for transient failures (5xx, dropped connections), as a value type.
package struct Backoff: Sendable, Equatable {
    /// First delay ceiling in seconds.
    package var baseSeconds: Double
    /// Largest delay in seconds.
    package var capSeconds: Double
    /// Attempts after which the caller gives up for this run.
    package var maximumAttempts: Int
    package private(set) var attempts = 0

    /// Defaults: 1 s doubling to at most 60 s, 6 attempts.
    package init(baseSeconds: Double = 1, capSeconds: Double = 60, maximumAttempts: Int = 6) {
        self.baseSeconds = baseSeconds
        self.capSeconds = capSeconds
        self.maximumAttempts = maximumAttempts
    }

    /// The next delay for a random value in [0, 1), or nil when attempts are exhausted.
    package mutating func nextDelay(random: Double) -> Double? {
        guard attempts < maximumAttempts else { return nil }
        let ceiling = min(capSeconds, baseSeconds * Double(1 << min(attempts, 30)))
        attempts += 1
        // Half fixed, half jittered: never zero, never in lockstep with another client.
        return ceiling / 2 + ceiling / 2 * min(max(random, 0), 1)
    }

    /// Starts over after a success.
    package mutating func reset() { attempts = 0 }
}
