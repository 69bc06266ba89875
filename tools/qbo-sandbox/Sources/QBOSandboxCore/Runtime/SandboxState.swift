import Foundation

/// All mutable emulator state; only ever touched under `Sandbox`'s lock.
public struct SandboxState: Sendable {
    public var companies: [String: Company] = [:]
    public var seedCompanies: [String: Company] = [:]
    public var oauth = OAuthState()
    public var limits = LimitState()
    public var faults: FaultSettings
    public var generator: SeededGenerator
    public var counters = Counters()
    public var log = RequestLog()
    public var isDirty = false

    init(configuration: SandboxConfiguration) {
        faults = configuration.faults
        generator = SeededGenerator(seed: configuration.faultSeed)
    }

    /// The first realm loaded (authorize uses it when the caller names none).
    public var defaultRealm: String? { companies.keys.sorted().first }
}
