import EventLog
import Foundation
import Publish

/// The QBO company this data dir is connected to, written by `qbo connect` (not a secret).
struct QBOConnection: Codable {
    static let fileName = "qbo-connection.json"
    var realmId: String
    var connectedAt: String

    static func path(dataDir: String) -> String { (dataDir as NSString).appendingPathComponent(fileName) }

    static func load(dataDir: String) -> QBOConnection? {
        guard let data = FileManager.default.contents(atPath: path(dataDir: dataDir)) else { return nil }
        return try? JSONDecoder().decode(QBOConnection.self, from: data)
    }

    func save(dataDir: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: Self.path(dataDir: dataDir)), options: .atomic)
    }
}

extension Context {
    /// The realm: `qbo.realm_id` when set, else the one `qbo connect` recorded.
    var realmId: String? {
        configuration.qbo.realmId ?? QBOConnection.load(dataDir: configuration.storage.dataDir)?.realmId
    }

    /// Publish's settings from `[qbo]`.
    func publishSettings(realmId: String? = nil) throws -> PublishSettings {
        let qbo = configuration.qbo
        guard let clientId = qbo.clientId else {
            throw CommandFailure(
                "`qbo.client_id` is not set", hint: "put your QuickBooks app's client id in \(configuration.path)",
                status: .config)
        }
        let limits = RateLimits(
            requestsPerWindow: qbo.requestsPerMinute, batchesPerWindow: qbo.batchesPerMinute,
            maximumInFlight: qbo.maxInFlight, windowSeconds: Double(qbo.windowSeconds),
            throttleWaitSeconds: Double(qbo.windowSeconds))
        return PublishSettings(
            baseURL: qbo.baseURL, tokenURL: qbo.tokenURL, authorizeURL: qbo.authorizeURL,
            realmId: realmId ?? self.realmId ?? "", clientId: clientId, minorVersion: qbo.minorVersion, limits: limits,
            http: HTTPLimits(totalTimeout: TimeInterval(qbo.timeoutSeconds), caFile: qbo.caFile),
            useBatch: qbo.batchesPerMinute > 0)
    }

    /// The Publish stage, or a failure saying how to connect when no company is connected yet.
    func makePublisher() throws -> Publisher {
        guard let realm = realmId else {
            throw CommandFailure(
                "no QuickBooks company is connected", hint: "run `ml-connector qbo connect`", status: .config)
        }
        return Publisher(settings: try publishSettings(realmId: realm), secrets: try openSecrets())
    }
}
