/// A per-realm sliding-window limiter (a value-type state machine over times passed in, style.md §3.5).
/// It keeps Publish under QBO's request, batch and concurrency limits by itself, and pauses everything
/// after a 429 until the wait is over.
package struct RateLimiter: Sendable {
    /// What the caller should do next.
    package enum Action: Sendable, Equatable {
        /// Send now; the send has been counted (call ``release()`` when the response arrives).
        case send
        /// Wait this many seconds, then ask again.
        case wait(seconds: Double)
    }

    package let limits: RateLimits
    private var requestTimes: [Double] = []
    private var batchTimes: [Double] = []
    private var inFlight = 0
    private var pausedUntil: Double = 0

    package init(limits: RateLimits) { self.limits = limits }

    /// Requests counted in the current window (for reports and tests).
    package func requestsInWindow(now: Double) -> Int { requestTimes.filter { $0 > now - effectiveWindow }.count }

    private var effectiveWindow: Double { limits.windowSeconds * (1 + limits.windowGuardFraction) }

    /// Asks to send one request (a batch call when `isBatch`).
    package mutating func acquire(now: Double, isBatch: Bool = false) -> Action {
        if now < pausedUntil { return .wait(seconds: pausedUntil - now) }
        let horizon = now - effectiveWindow
        requestTimes.removeAll { $0 <= horizon }
        batchTimes.removeAll { $0 <= horizon }
        if inFlight >= limits.maximumInFlight { return .wait(seconds: 0) }
        if requestTimes.count >= limits.requestsPerWindow, let oldest = requestTimes.first {
            return .wait(seconds: oldest + effectiveWindow - now)
        }
        if isBatch, batchTimes.count >= limits.batchesPerWindow, let oldest = batchTimes.first {
            return .wait(seconds: oldest + effectiveWindow - now)
        }
        requestTimes.append(now)
        if isBatch { batchTimes.append(now) }
        inFlight += 1
        return .send
    }

    /// Marks one in-flight request as finished.
    package mutating func release() { inFlight = max(0, inFlight - 1) }

    /// Records a 429: nothing is sent until `seconds` have passed.
    package mutating func throttled(now: Double, seconds: Double) {
        pausedUntil = max(pausedUntil, now + seconds)
    }

    /// Requests still allowed in the current window, and batch calls.
    package func remaining(now: Double) -> (requests: Int, batches: Int) {
        let horizon = now - effectiveWindow
        return (
            limits.requestsPerWindow - requestTimes.filter { $0 > horizon }.count,
            limits.batchesPerWindow - batchTimes.filter { $0 > horizon }.count
        )
    }
}
