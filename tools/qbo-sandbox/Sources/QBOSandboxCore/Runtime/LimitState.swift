import Foundation

/// Per-realm fixed windows for requests and batch calls, plus requests in flight.
public struct LimitState: Sendable {
    struct RealmWindow: Sendable {
        var windowStart = Date.distantPast
        var requests = 0
        var batchWindowStart = Date.distantPast
        var batches = 0
        var inFlight = 0
    }

    var realms: [String: RealmWindow] = [:]

    public enum Decision: Equatable { case admitted, throttled(reason: String) }

    /// Admits a call (counting it and marking it in flight) or says why it is throttled.
    mutating func admit(realmId: String, isBatch: Bool, now: Date, settings: LimitSettings) -> Decision {
        guard settings.enabled else { return .admitted }
        var window = realms[realmId] ?? RealmWindow()
        if now.timeIntervalSince(window.windowStart) >= settings.windowSeconds {
            window.windowStart = now
            window.requests = 0
        }
        if now.timeIntervalSince(window.batchWindowStart) >= settings.windowSeconds {
            window.batchWindowStart = now
            window.batches = 0
        }
        defer { realms[realmId] = window }
        guard window.inFlight < settings.maxInFlight else { return .throttled(reason: "in-flight") }
        guard window.requests < settings.requestsPerWindow else { return .throttled(reason: "requests-per-window") }
        if isBatch {
            guard window.batches < settings.batchesPerWindow else { return .throttled(reason: "batches-per-window") }
            window.batches += 1
        }
        window.requests += 1
        window.inFlight += 1
        return .admitted
    }

    mutating func release(realmId: String, settings: LimitSettings) {
        guard settings.enabled, var window = realms[realmId] else { return }
        window.inFlight = max(0, window.inFlight - 1)
        realms[realmId] = window
    }
}
