import EventLog
import Foundation
import Logging
import TestSupport

@testable import Publish

/// One emulator, a temporary event store and secret store connected to it, and admin helpers.
final class SandboxHarness {
    static let realmId = "9341453172473491"
    static let clientId = "sandbox-client-id"
    static let clientSecret = "sandbox-client-secret"

    let sandbox: SandboxLauncher
    let directory: PublishScratch
    let store: SQLiteEventStore
    let secrets: SecretStore
    var settings: PublishSettings
    let logger = Logger(label: "publish-tests")

    /// Starts the emulator with `arguments` and connects (tokens issued through `/admin/tokens`).
    init(arguments: [String] = [], limits: RateLimits = RateLimits(), connect: Bool = true) throws {
        sandbox = try SandboxLauncher(
            arguments: ["--client-id", Self.clientId, "--client-secret", Self.clientSecret] + arguments)
        directory = try PublishScratch()
        store = try directory.eventStore()
        secrets = try directory.secretStore()
        try secrets.set(.qboClientSecret, Secret(Self.clientSecret))
        settings = PublishSettings(
            baseURL: sandbox.baseURL, tokenURL: sandbox.baseURL + "/oauth2/v1/tokens/bearer",
            authorizeURL: sandbox.baseURL + "/connect/oauth2", realmId: Self.realmId, clientId: Self.clientId,
            limits: limits, http: HTTPLimits(connectTimeout: 5, totalTimeout: 20),
            backoff: Backoff(baseSeconds: 0.05, capSeconds: 0.5, maximumAttempts: 4))
        if connect { try self.connect() }
    }

    deinit { sandbox.stop() }

    /// Issues fresh tokens through the admin endpoint and stores them (as `qbo connect` would).
    func connect() throws {
        let json = try admin("POST", "/admin/tokens?realmId=\(Self.realmId)")
        var state = TokenState()
        state.apply(try TokenResponse.decode(json.bytes), now: Date().timeIntervalSince1970)
        try TokenVault(secrets: secrets).save(state)
    }

    func publisher(clock: any PublishClock = SystemPublishClock()) -> Publisher {
        Publisher(settings: settings, secrets: secrets, clock: clock)
    }

    func runOnce() throws -> StageReport {
        try publisher().runOnce(store: store, logger: logger)
    }

    /// Calls an admin endpoint and parses its JSON answer.
    @discardableResult
    func admin(_ method: String, _ path: String, body: String? = nil) throws -> JSONValue {
        let response = try CurlEasy().perform(
            HTTPRequest(
                method: method, url: sandbox.baseURL + path, headers: [("Content-Type", "application/json")],
                body: body.map { Array($0.utf8) } ?? (method == "POST" ? [] : nil)))
        return try JSONParser.parse(response.body)
    }

    /// Sets fault injection (`POST /admin/faults`; every field must be given).
    func setFaults(
        commitThenDropRate: Double = 0, error500Rate: Double = 0, error503Rate: Double = 0, dropMode: String = "close"
    ) throws {
        let body = JSONValue.object([
            "error500Rate": .number("\(error500Rate)"), "error500Format": .string("xml"),
            "error503Rate": .number("\(error503Rate)"), "commitThenDropRate": .number("\(commitThenDropRate)"),
            "dropMode": .string(dropMode), "withholdSeconds": .number("1"), "latencyMs": .number("0"),
        ])
        let answer = try admin("POST", "/admin/faults", body: body.text)
        guard answer["error"] == nil else { throw SandboxLaunchError(message: "faults refused: \(answer.text)") }
    }

    /// The company's records of one entity, straight from the emulator's state.
    func records(_ entity: String) throws -> [JSONValue] {
        let state = try admin("GET", "/admin/state")
        let company = state["companies"]?.arrayValue?.first { $0["realmId"]?.stringValue == Self.realmId }
        return company?["records"]?[entity]?.arrayValue ?? []
    }

    func bills(docNumber: String) throws -> [JSONValue] {
        try records("Bill").filter { $0["DocNumber"]?.stringValue == docNumber }
    }

    /// Appends plan events as Transform would.
    @discardableResult
    func plan(_ payloads: [(any EventPayload, String)]) throws -> [RecordedEvent] {
        try store.append(payloads.map { try NewEvent($0.0, subject: $0.1) })
    }

    func events<P: EventPayload>(_ type: P.Type) throws -> [P] {
        try store.events(types: [P.type], after: 0, limit: 1_000_000).map { try $0.decode(P.self) }
    }
}

private func NewEvent(_ payload: any EventPayload, subject: String) throws -> EventLog.NewEvent {
    try EventLog.NewEvent(payload, subject: subject)
}
