/// QBO's per-realm limits (qbo-api.md §6), configurable and time-compressible for tests and benchmarks.
package struct RateLimits: Sendable, Equatable {
    /// Requests (batch calls included) per window. QBO: 500 per minute per realm.
    package var requestsPerWindow: Int
    /// Batch calls per window. QBO: 40 per minute per realm and app.
    package var batchesPerWindow: Int
    /// Requests in flight at once. QBO: 10 per realm and app.
    package var maximumInFlight: Int
    /// Items per batch call. QBO: 30.
    package var maximumBatchItems: Int
    /// Window length in seconds. QBO: 60. A benchmark may compress it (e.g. 6) with the emulator.
    package var windowSeconds: Double
    /// Seconds to wait after a 429 without `Retry-After`. QBO: 60; compressed with the window.
    package var throttleWaitSeconds: Double
    /// Extra fraction of the window kept between our oldest counted send and a new one, absorbing the
    /// difference between when we send and when QBO counts (1% = 0.6 s of a minute).
    package var windowGuardFraction: Double
    /// Backlog (plans waiting) from which Publish switches to the batch endpoint.
    package var batchThreshold: Int

    /// QBO's documented limits.
    package init(
        requestsPerWindow: Int = 500, batchesPerWindow: Int = 40, maximumInFlight: Int = 10,
        maximumBatchItems: Int = 30, windowSeconds: Double = 60, throttleWaitSeconds: Double = 60,
        windowGuardFraction: Double = 0.01, batchThreshold: Int = 10
    ) {
        self.requestsPerWindow = requestsPerWindow
        self.batchesPerWindow = batchesPerWindow
        self.maximumInFlight = maximumInFlight
        self.maximumBatchItems = maximumBatchItems
        self.windowSeconds = windowSeconds
        self.throttleWaitSeconds = throttleWaitSeconds
        self.windowGuardFraction = windowGuardFraction
        self.batchThreshold = batchThreshold
    }

    /// The same limits with every duration divided by `factor` (a window of 60 s at factor 10 is 6 s).
    package func compressed(by factor: Double) -> RateLimits {
        var copy = self
        copy.windowSeconds /= factor
        copy.throttleWaitSeconds /= factor
        return copy
    }
}
