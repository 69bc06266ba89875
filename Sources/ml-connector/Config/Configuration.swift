import EventLog
import Foundation

/// The whole of `ml-connector.toml`, validated. Relative paths are resolved against the config file's folder.
struct Configuration {
    /// `[stampli]`: where the exports come from and how to read them.
    struct Stampli {
        /// An SFTP folder path on `host`, or `file:///path` for a local folder.
        var root: String
        var host: String?
        var port: Int
        var username: String?
        /// `SHA256:...` as `ssh-keygen -lf` or `ml-connector sftp fingerprint` prints it.
        var hostKeySHA256: String?
        /// `password` or `private-key` (secrets: `sftp-password`, `sftp-private-key`, `sftp-key-passphrase`).
        var authentication: String
        var pollSeconds: Int
        var settleSeconds: Int
        var useDoneMarkers: Bool
        /// `keep`, `move` or `delete`.
        var afterIngest: String
        var processedFolder: String
        var delimiter: String
        var encoding: String
        var dateFormat: String
        var connectTimeoutSeconds: Int
        var kinds: [FileKind: Kind]

        struct Kind {
            var folder: String
            var globs: [String]
            /// Canonical column name → the header this customer's export uses.
            var columns: [String: String]
        }

        var isLocalFolder: Bool { root.hasPrefix("file://") }
        /// The local folder for `file://` roots.
        var localPath: String? { isLocalFolder ? String(root.dropFirst("file://".count)) : nil }
    }

    /// `[qbo]`: the QuickBooks Online company and app.
    struct QBO {
        /// `production` or `sandbox`.
        var environment: String
        var baseURL: String
        var tokenURL: String
        var authorizeURL: String
        var revokeURL: String
        var realmId: String?
        var clientId: String?
        var redirectURI: String
        var minorVersion: Int
        var requestsPerMinute: Int
        var maxInFlight: Int
        var batchesPerMinute: Int
        var windowSeconds: Int
        var timeoutSeconds: Int
    }

    /// `[mapping]`.
    struct Mapping {
        var file: String?
        var autoMatch: Bool
    }

    /// `[transform]`.
    struct Transform {
        /// `quarantine` or `update`.
        var onAmendment: String
        var homeCurrency: String
    }

    /// `[storage]`.
    struct Storage {
        var dataDir: String
        var databasePath: String { (dataDir as NSString).appendingPathComponent("events.sqlite") }
    }

    var path: String
    var stampli: Stampli
    var qbo: QBO
    var mapping: Mapping
    var transform: Transform
    var storage: Storage

    static let defaultFolders: [FileKind: String] = [
        .invoices: "invoices", .vendors: "vendors", .glAccounts: "gl_accounts",
        .purchaseOrders: "purchase_orders", .payments: "payments",
    ]
    static let productionBaseURL = "https://quickbooks.api.intuit.com"
    static let sandboxBaseURL = "https://sandbox-quickbooks.api.intuit.com"
    static let defaultTokenURL = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer"
    static let defaultAuthorizeURL = "https://appcenter.intuit.com/connect/oauth2"
    static let defaultRevokeURL = "https://developer.api.intuit.com/v2/oauth2/tokens/revoke"

    /// Reads and validates a configuration file.
    /// - Throws: ``ConfigError`` naming the key, its value and what was expected.
    static func load(path: String) throws -> Configuration {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(
                path: path, key: nil, value: nil,
                expected: "a readable configuration file (create one with `ml-connector init`)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, key: nil, value: nil, expected: "UTF-8 text")
        }
        return try parse(text, path: path)
    }

    /// Validates configuration text; `path` is used for messages and to resolve relative paths.
    static func parse(_ text: String, path: String) throws -> Configuration {
        let reader = try ConfigReader.parse(text, path: path)
        let base = (path as NSString).deletingLastPathComponent
        func resolve(_ file: String) -> String {
            if file.hasPrefix("/") { return file }
            return ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(file)
        }

        let stampliTable = try reader.table("stampli") ?? ConfigReader(path: path, prefix: "stampli", table: .init())
        let stampli = try readStampli(stampliTable, resolve: resolve)
        let qboTable = try reader.table("qbo") ?? ConfigReader(path: path, prefix: "qbo", table: .init())
        let qbo = try readQBO(qboTable)
        let mappingTable = try reader.table("mapping")
        let mapping = Mapping(
            file: try mappingTable?.nonEmptyString("file").map(resolve),
            autoMatch: try mappingTable?.bool("auto_match", default: true) ?? true)
        let transformTable = try reader.table("transform")
        let transform = Transform(
            onAmendment: try transformTable?.choice("on_amendment", ["quarantine", "update"], default: "quarantine")
                ?? "quarantine",
            homeCurrency: try transformTable?.string("home_currency", default: "USD") ?? "USD")
        let storageTable = try reader.table("storage")
        let storage = Storage(dataDir: resolve(try storageTable?.nonEmptyString("data_dir") ?? "data"))
        try reader.rejectUnknownKeys()
        return Configuration(
            path: path, stampli: stampli, qbo: qbo, mapping: mapping, transform: transform, storage: storage)
    }

    private static func readStampli(_ table: ConfigReader, resolve: (String) -> String) throws -> Stampli {
        var root = try table.nonEmptyString("root") ?? "file://./export"
        if root.hasPrefix("file://") {
            root = "file://" + resolve(String(root.dropFirst("file://".count)))
        }
        let host = try table.nonEmptyString("host")
        if !root.hasPrefix("file://") && host == nil {
            throw ConfigError(
                path: table.path, key: "stampli.host", value: nil,
                expected: "the SFTP host name when `stampli.root` is a remote folder (or a root of the form file:///path)")
        }
        if let fingerprint = try table.string("host_key_sha256"), !fingerprint.hasPrefix("SHA256:") {
            throw ConfigError(
                path: table.path, key: "stampli.host_key_sha256", value: "\"\(fingerprint)\"",
                expected: "a fingerprint of the form SHA256:<base64>, as `ml-connector sftp fingerprint` prints it")
        }
        let delimiter = try table.choice("delimiter", [",", ";", "\t", "|"], default: ",")
        var kinds: [FileKind: Stampli.Kind] = [:]
        let kindsTable = try table.table("kinds")
        let columnsTable = try table.table("columns")
        for kind in FileKind.allCases {
            let own = try kindsTable?.table(kind.rawValue)
            let columns = try columnsTable?.table(kind.rawValue)?.stringMap() ?? [:]
            kinds[kind] = Stampli.Kind(
                folder: try own?.nonEmptyString("folder") ?? defaultFolders[kind]!,
                globs: try own?.strings("glob") ?? ["*.csv", "*.csv.gz"],
                columns: columns)
        }
        return Stampli(
            root: root, host: host, port: try table.int("port", range: 1...65535, default: 22),
            username: try table.nonEmptyString("username"),
            hostKeySHA256: try table.string("host_key_sha256"),
            authentication: try table.choice("auth", ["password", "private-key"], default: "password"),
            pollSeconds: try table.int("poll_seconds", range: 5...86_400, default: 300),
            settleSeconds: try table.int("settle_seconds", range: 0...3_600, default: 30),
            useDoneMarkers: try table.bool("done_markers", default: false),
            afterIngest: try table.choice("after_ingest", ["keep", "move", "delete"], default: "keep"),
            processedFolder: try table.string("processed_folder", default: "processed"),
            delimiter: delimiter,
            encoding: try table.choice("encoding", ["utf-8", "windows-1252"], default: "utf-8"),
            dateFormat: try table.choice("date_format", ["YYYY-MM-DD", "MM/DD/YYYY", "DD/MM/YYYY"], default: "YYYY-MM-DD"),
            connectTimeoutSeconds: try table.int("connect_timeout_seconds", range: 1...600, default: 20),
            kinds: kinds)
    }

    private static func readQBO(_ table: ConfigReader) throws -> QBO {
        let environment = try table.choice("environment", ["production", "sandbox"], default: "sandbox")
        let baseURL = try table.nonEmptyString("base_url")
            ?? (environment == "production" ? productionBaseURL : sandboxBaseURL)
        for (key, value) in [("base_url", baseURL)] where !(value.hasPrefix("https://") || value.hasPrefix("http://127.0.0.1")
            || value.hasPrefix("http://localhost"))
        {
            throw ConfigError(
                path: table.path, key: "qbo.\(key)", value: "\"\(value)\"",
                expected: "an https:// URL (plain http only for the local emulator on 127.0.0.1)")
        }
        return QBO(
            environment: environment, baseURL: baseURL,
            tokenURL: try table.nonEmptyString("token_url") ?? defaultTokenURL,
            authorizeURL: try table.nonEmptyString("authorize_url") ?? defaultAuthorizeURL,
            revokeURL: try table.nonEmptyString("revoke_url") ?? defaultRevokeURL,
            realmId: try table.nonEmptyString("realm_id"),
            clientId: try table.nonEmptyString("client_id"),
            redirectURI: try table.string("redirect_uri", default: "http://localhost:8765/callback"),
            minorVersion: try table.int("minor_version", range: 75...999, default: 75),
            requestsPerMinute: try table.int("requests_per_minute", range: 1...500, default: 450),
            maxInFlight: try table.int("max_in_flight", range: 1...10, default: 4),
            batchesPerMinute: try table.int("batches_per_minute", range: 0...40, default: 40),
            windowSeconds: try table.int("window_seconds", range: 1...3_600, default: 60),
            timeoutSeconds: try table.int("timeout_seconds", range: 5...300, default: 60))
    }
}
