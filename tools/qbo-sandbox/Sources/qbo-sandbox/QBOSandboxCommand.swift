import ArgumentParser
import Foundation
import Hummingbird
import QBOSandboxCore

/// `qbo-sandbox`: serve the emulator on 127.0.0.1 and print `READY http://127.0.0.1:PORT` once listening.
@main
struct QBOSandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qbo-sandbox", abstract: "An emulator of the QuickBooks Online Accounting API v3 on 127.0.0.1.")

    @Option(help: "Port to listen on (0 = pick a free port).") var port = 0
    @Option(help: "Seed company JSON file.") var seed: String?
    @Option(help: "State file: loaded at start, saved periodically and on shutdown.") var stateFile: String?
    @Option(help: "OAuth client id.") var clientId = "sandbox-client-id"
    @Option(help: "OAuth client secret.") var clientSecret = "sandbox-client-secret"
    @Option(help: "Access token lifetime in seconds.") var accessTokenTtl: Double = 3600
    @Flag(help: "A refresh token dies as soon as it has been rotated.") var strictRefresh = false
    @Option(help: "Lenient mode: seconds a rotated refresh token keeps working.") var refreshGraceSeconds: Double = 86_400
    @Option(help: "Limit window in seconds.") var windowSeconds: Double = 60
    @Option(help: "Requests per window per realm.") var requestsPerWindow = 500
    @Option(help: "Concurrent requests in flight per realm.") var maxInFlight = 10
    @Option(help: "Batch calls per window per realm.") var batchesPerWindow = 40
    @Option(help: "on or off.") var limits = "on"
    @Option(help: "Seed for fault injection.") var faultSeed: UInt64 = 42
    @Option(help: "Probability of HTTP 500 SystemFault.") var fault500: Double = 0
    @Option(help: "Body of injected 500s: xml or json.") var fault500Format = "xml"
    @Option(help: "Probability of HTTP 503.") var fault503: Double = 0
    @Option(help: "Probability that a write is committed and its response dropped.") var commitThenDrop: Double = 0
    @Option(help: "close or withhold.") var dropMode = "close"
    @Option(help: "Seconds a withheld response is held.") var withholdSeconds: Double = 30
    @Option(help: "Added latency per API call in ms.") var latencyMs = 0
    @Flag(help: "Send 401s as XML AuthenticationFault instead of the JSON gateway envelope.") var xml401 = false

    func run() async throws {
        var configuration = SandboxConfiguration()
        configuration.port = port
        configuration.seedPath = seed
        configuration.stateFile = stateFile
        configuration.clientId = clientId
        configuration.clientSecret = clientSecret
        configuration.accessTokenTTL = accessTokenTtl
        configuration.strictRefresh = strictRefresh
        configuration.refreshGraceSeconds = refreshGraceSeconds
        configuration.limits.enabled = limits != "off"
        configuration.limits.windowSeconds = windowSeconds
        configuration.limits.requestsPerWindow = requestsPerWindow
        configuration.limits.maxInFlight = maxInFlight
        configuration.limits.batchesPerWindow = batchesPerWindow
        configuration.faultSeed = faultSeed
        configuration.faults.error500Rate = fault500
        configuration.faults.error500Format = fault500Format
        configuration.faults.error503Rate = fault503
        configuration.faults.commitThenDropRate = commitThenDrop
        configuration.faults.dropMode = dropMode
        configuration.faults.withholdSeconds = withholdSeconds
        configuration.faults.latencyMs = latencyMs
        configuration.xml401 = xml401

        let sandbox = try Sandbox(configuration: configuration)
        let app = SandboxServer(sandbox: sandbox).makeApplication { port in
            FileHandle.standardOutput.write(Data("READY http://127.0.0.1:\(port)\n".utf8))
        }
        let saver = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(configuration.saveInterval))
                try? sandbox.saveIfNeeded()
            }
        }
        defer { saver.cancel() }
        try await app.runService()
        try sandbox.saveIfNeeded(force: true)
    }
}
