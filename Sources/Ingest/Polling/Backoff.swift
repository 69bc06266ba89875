package import Foundation

/// Exponential backoff with full jitter for reconnecting within one run: a value-type machine over an
/// injected random source. Ask ``next()`` after each failure; it says wait or give up.
package struct Backoff: Sendable, Equatable {
    package enum Action: Sendable, Equatable {
        /// Try again after this many seconds.
        case retry(after: TimeInterval)
        /// Attempts are used up: report the failure.
        case giveUp
    }

    /// Delay before the first retry, in seconds. Default 1.
    package var initialDelay: TimeInterval
    /// Largest delay, in seconds. Default 30.
    package var maximumDelay: TimeInterval
    /// Connection attempts in one run, the first included. Default 4.
    package var maximumAttempts: Int
    /// Failures so far.
    private(set) package var failures = 0

    package init(initialDelay: TimeInterval = 1, maximumDelay: TimeInterval = 30, maximumAttempts: Int = 4) {
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.maximumAttempts = maximumAttempts
    }

    /// Records a failure. `random` returns a value in 0..<1; the delay is uniform in
    /// [ceiling/2, ceiling] with ceiling = min(maximumDelay, initialDelay × 2^(failures-1)).
    package mutating func next(random: () -> Double) -> Action {
        failures += 1
        guard failures < maximumAttempts else { return .giveUp }
        let ceiling = min(maximumDelay, initialDelay * pow(2, Double(failures - 1)))
        return .retry(after: ceiling / 2 + ceiling / 2 * min(max(random(), 0), 1))
    }

    /// Records a success.
    package mutating func reset() { failures = 0 }
}
