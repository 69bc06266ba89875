import Foundation

/// Everything the operator can set on the command line.
public struct SandboxConfiguration: Sendable {
    public var port = 0
    public var seedPath: String?
    public var stateFile: String?
    public var clientId = "sandbox-client-id"
    public var clientSecret = "sandbox-client-secret"
    /// Access token lifetime (QBO: 3600 s).
    public var accessTokenTTL: Double = 3600
    /// Rolling refresh token lifetime reported as `x_refresh_token_expires_in` (QBO: ~101 days).
    public var refreshTokenTTL: Double = 8_726_400
    /// Absolute refresh token lifetime (QBO: 5 years).
    public var refreshTokenHardTTL: Double = 5 * 365 * 86_400
    /// Strict: a rotated-out refresh token fails at once. Lenient: it keeps working for `refreshGraceSeconds`.
    public var strictRefresh = false
    public var refreshGraceSeconds: Double = 86_400
    public var limits = LimitSettings()
    public var faults = FaultSettings()
    public var faultSeed: UInt64 = 42
    /// Send 401s as QBO's XML AuthenticationFault (code 100) instead of the JSON gateway envelope.
    public var xml401 = false
    /// Seconds between periodic state-file saves.
    public var saveInterval: Double = 5

    public init() {}
}

/// QBO's per-realm limits; `windowSeconds` can be compressed for tests.
public struct LimitSettings: Sendable, Codable, Equatable {
    public var enabled = true
    public var windowSeconds: Double = 60
    public var requestsPerWindow = 500
    public var maxInFlight = 10
    public var batchesPerWindow = 40
    /// Items allowed in one batch call.
    public var maxBatchItems = 30

    public init() {}
}
