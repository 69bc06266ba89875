import Foundation
import Synchronization

/// The emulator's shared state behind one lock. Every operation is short and synchronous,
/// so one mutex keeps requests, tokens, limits and data consistent with each other.
public final class Sandbox: Sendable {
    public let configuration: SandboxConfiguration
    let state: Mutex<SandboxState>

    public init(configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        var initial = SandboxState(configuration: configuration)
        let now = Date()
        if let seed = configuration.seedPath {
            _ = try SeedLoader.load(path: seed, into: &initial, configuration: configuration, now: now)
        }
        if let file = configuration.stateFile, let data = FileManager.default.contents(atPath: file) {
            do { StateFile.decode(try JSONParser.parse(data), into: &initial) } catch {
                throw SeedError(path: file, message: "state file is not valid JSON: \(error)")
            }
        }
        if initial.companies.isEmpty { initial.companies["9341453000000000"] = Company(realmId: "9341453000000000") }
        if initial.seedCompanies.isEmpty { initial.seedCompanies = initial.companies }
        state = Mutex(initial)
    }

    public func withState<T>(_ body: (inout SandboxState) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    /// A fresh token pair for a realm (admin shortcut around the OAuth dance).
    public func issueTokens(realmId: String?) -> TokenPair? {
        state.withLock { state in
            guard let realm = realmId ?? state.defaultRealm, state.companies[realm] != nil else { return nil }
            state.isDirty = true
            return state.oauth.issue(realmId: realm, grant: OAuthState.randomToken("G", length: 16),
                hardExpiresAt: nil, now: Date(), configuration: configuration)
        }
    }

    public func saveIfNeeded(force: Bool = false) throws {
        guard let file = configuration.stateFile else { return }
        let snapshot: SandboxState? = state.withLock { state in
            guard state.isDirty || force else { return nil }
            state.isDirty = false
            return state
        }
        if let snapshot { try StateFile.save(snapshot, to: file) }
    }
}
