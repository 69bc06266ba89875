package import Foundation

/// One connector installation for the proof suites (tools/proof, Tests/ProofTests): a working folder with a
/// generated Stampli export, a `ml-connector.toml` pointing at a real qbo-sandbox on 127.0.0.1, the master
/// key and client secret in place, and the company connected through `qbo connect --no-browser`.
package final class ProofRig {
    /// The client secret the emulator expects (its default).
    package static let clientSecret = "sandbox-client-secret"

    /// The `ml-connector` binary: `ML_CONNECTOR_BIN`, else the one beside this build's products.
    package static var connectorBinary: String {
        ProcessInfo.processInfo.environment["ML_CONNECTOR_BIN"] ?? RepositoryPaths.executable("ml-connector")
    }

    /// The export generator: `STAMPLI_EXPORT_GEN_BIN`, else the one beside this build's products.
    package static var generatorBinary: String {
        ProcessInfo.processInfo.environment["STAMPLI_EXPORT_GEN_BIN"] ?? RepositoryPaths.executable("stampli-export-gen")
    }

    /// True when the binaries and the emulator the suites need are built.
    package static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: connectorBinary)
            && FileManager.default.isExecutableFile(atPath: generatorBinary) && SandboxLauncher.isAvailable
    }

    /// Connector-side QBO settings written into `[qbo]`.
    package struct QBOSettings: Sendable {
        /// Length of a rate-limit window in seconds (must match the emulator's `--window-seconds`).
        package var windowSeconds: Int
        /// Requests the connector allows itself per window.
        package var requestsPerWindow: Int
        /// Batch calls the connector allows itself per window.
        package var batchesPerWindow: Int
        /// Per-request limit in seconds.
        package var timeoutSeconds: Int

        package init(windowSeconds: Int = 60, requestsPerWindow: Int = 450, batchesPerWindow: Int = 40, timeoutSeconds: Int = 30) {
            self.windowSeconds = windowSeconds
            self.requestsPerWindow = requestsPerWindow
            self.batchesPerWindow = batchesPerWindow
            self.timeoutSeconds = timeoutSeconds
        }
    }

    /// Where the connector reads the export from.
    package enum Source: String, Sendable {
        /// A real OpenSSH sshd on 127.0.0.1 serving the export folder (password login, pinned host key).
        case sftp
        /// The export folder itself (`file://`).
        case local
    }

    private let temporary: TemporaryDirectory?
    /// The SFTP server, when the source is ``Source/sftp`` (restartable on the same port and host key).
    package let sshd: SSHDServer?
    /// Invoices files held back by ``holdBack(keeping:)``, released one by one by ``releaseHeldBack()``.
    package private(set) var heldBack: [String] = []
    /// The working folder (`ml-connector.toml`, `export/`, `data/`, run logs).
    package let directory: String
    package let emulator: SandboxLauncher
    package var exportPath: String { directory + "/export" }
    package var dataPath: String { directory + "/data" }
    package var databasePath: String { dataPath + "/events.sqlite" }
    /// Every stdout/stderr byte the suites saw from the connector, kept for the secrets check.
    package private(set) var transcript = Data()

    /// Generates the export, starts the emulator and connects.
    /// - Parameters:
    ///   - invoices: invoices in the generated export.
    ///   - seed: the generator's seed.
    ///   - emulatorArguments: extra qbo-sandbox flags (faults, limits, token lifetimes).
    ///   - qbo: the connector's matching `[qbo]` settings.
    ///   - keep: a folder to work in and keep (the long runs), or nil for a removed temporary folder.
    ///   - source: SFTP through a real sshd (default) or the local folder.
    ///   - afterIngest: `stampli.after_ingest` (`keep`, `move` or `delete`).
    ///   - files: invoices files the generator splits the export into.
    ///   - encoding: `stampli.encoding`.
    ///   - sftpAuth: `stampli.auth` for the SFTP source: `password`, or `private-key` (the sshd's ed25519 key,
    ///     stored with `credentials set sftp-private-key`).
    package init(
        invoices: Int, seed: UInt64 = 42, emulatorArguments: [String] = [], qbo: QBOSettings = QBOSettings(),
        keep: String? = nil, source: Source = .sftp, afterIngest: String = "keep", files: Int = 3,
        encoding: String = "utf-8", sftpAuth: String = "password"
    ) throws {
        if let keep {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
            temporary = nil
            directory = keep
        } else {
            let made = try TemporaryDirectory("proof")
            temporary = made
            directory = made.path
        }
        emulator = try SandboxLauncher(arguments: emulatorArguments)
        let generated = try ProcessRunner.run(
            Self.generatorBinary,
            ["--out", directory + "/export", "--invoices", String(invoices), "--seed", String(seed), "--files", String(files)])
        guard generated.status == 0 else { throw ProofError("stampli-export-gen failed: \(generated.stderr)") }
        var stampli = "root = \"file://export\"\n"
        if source == .sftp {
            let server = try SSHDServer()
            sshd = server
            // The SFTP user reads the export and, for `after_ingest = move`, creates and renames in it.
            try Self.openToEveryone(directory, export: directory + "/export")
            stampli = """
                root = "\(directory)/export"
                host = "127.0.0.1"
                port = \(server.port)
                username = "\(SSHDServer.username)"
                auth = "\(sftpAuth)"
                host_key_sha256 = "\(server.fingerprint)"
                connect_timeout_seconds = 5

                """
        } else {
            sshd = nil
        }
        let config = """
            [stampli]
            \(stampli)settle_seconds = 0
            after_ingest = "\(afterIngest)"
            encoding = "\(encoding)"

            [qbo]
            base_url = "\(emulator.baseURL)"
            token_url = "\(emulator.baseURL)/oauth2/v1/tokens/bearer"
            authorize_url = "\(emulator.baseURL)/connect/oauth2"
            client_id = "sandbox-client-id"
            redirect_uri = "http://127.0.0.1:9/callback"
            window_seconds = \(qbo.windowSeconds)
            requests_per_minute = \(qbo.requestsPerWindow)
            batches_per_minute = \(qbo.batchesPerWindow)
            timeout_seconds = \(qbo.timeoutSeconds)

            [mapping]
            file = "export/mapping.csv"

            [storage]
            data_dir = "data"

            """
        try config.write(toFile: directory + "/ml-connector.toml", atomically: true, encoding: .utf8)
        try expectSuccess(run(["init"]), "init")
        try expectSuccess(run(["credentials", "set", "qbo-client-secret"], input: Self.clientSecret + "\n"), "credentials set")
        if source == .sftp, let server = sshd {
            if sftpAuth == "private-key" {
                let key = try String(contentsOfFile: server.ed25519KeyPath, encoding: .utf8)
                try expectSuccess(run(["credentials", "set", "sftp-private-key"], input: key), "credentials set")
            } else {
                try expectSuccess(run(["credentials", "set", "sftp-password"], input: SSHDServer.password + "\n"), "credentials set")
            }
        }
        try connect()
    }

    /// Makes the working folder traversable and the export folder tree readable and writable by the SFTP
    /// user (the suites run as root; sshd's user is not).
    private static func openToEveryone(_ directory: String, export: String) throws {
        var folder = directory
        while folder != "/" && !folder.isEmpty {
            let mode = (try FileManager.default.attributesOfItem(atPath: folder)[.posixPermissions] as? NSNumber)?.intValue ?? 0
            if mode & 0o001 == 0 { try FileManager.default.setAttributes([.posixPermissions: mode | 0o011], ofItemAtPath: folder) }
            folder = (folder as NSString).deletingLastPathComponent
        }
        try makeShared(export)
    }

    /// Mode 0777 for a folder and everything under it that is a folder, 0666 for files.
    package static func makeShared(_ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: path)
        let walker = FileManager.default.enumerator(atPath: path)
        while let relative = walker?.nextObject() as? String {
            let child = path + "/" + relative
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: child, isDirectory: &isDirectory)
            try FileManager.default.setAttributes([.posixPermissions: isDirectory.boolValue ? 0o777 : 0o666], ofItemAtPath: child)
        }
    }

    /// Moves every invoices file but the first `keeping` out of the export, to be released later one at a
    /// time, so ingest (its transaction and `after_ingest`) has work while later kills land.
    package func holdBack(keeping: Int) throws {
        let folder = exportPath + "/invoices"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".csv") }.sorted()
        let held = directory + "/held-back"
        try FileManager.default.createDirectory(atPath: held, withIntermediateDirectories: true)
        for name in files.dropFirst(keeping) {
            try FileManager.default.moveItem(atPath: folder + "/" + name, toPath: held + "/" + name)
            heldBack.append(name)
        }
    }

    /// Puts the next held-back file into the export (one rename, so it is never seen half written).
    /// - Returns: false when none is left.
    @discardableResult
    package func releaseHeldBack() throws -> Bool {
        guard !heldBack.isEmpty else { return false }
        let name = heldBack.removeFirst()
        try FileManager.default.moveItem(atPath: directory + "/held-back/" + name, toPath: exportPath + "/invoices/" + name)
        return true
    }

    /// Invoices files waiting in the export's `invoices/` folder (not yet moved to `processed/`).
    package func pendingInvoicesFiles() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: exportPath + "/invoices").filter { $0.hasSuffix(".csv") }.count
    }

    /// Names of every invoices file of the export: waiting, moved to `processed/`, or still held back.
    package func invoicesFileNames() throws -> [String] {
        let folders = [exportPath + "/invoices", exportPath + "/invoices/processed", directory + "/held-back"]
        return folders.flatMap { (try? FileManager.default.contentsOfDirectory(atPath: $0)) ?? [] }
            .filter { $0.hasSuffix(".csv") }.sorted()
    }

    /// Runs the connector to completion in the working folder.
    @discardableResult
    package func run(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        let result = try ProcessRunner.run(Self.connectorBinary, arguments, input: input, currentDirectory: directory)
        transcript.append(Data((result.stdout + result.stderr).utf8))
        return result
    }

    /// Appends output captured elsewhere (killed runs) to the transcript.
    package func record(_ data: Data) { transcript.append(data) }

    /// `qbo connect --no-browser`: reads the authorize URL from stderr, lets the emulator approve it (it
    /// redirects at once) and pastes the redirected address back, as a person would.
    private func connect() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.connectorBinary)
        process.arguments = ["qbo", "connect", "--no-browser"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let input = Pipe(), errors = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        var seen = ""
        while !seen.split(separator: "\n").contains(where: { $0.hasPrefix(emulator.baseURL) }) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        guard let url = seen.split(separator: "\n").first(where: { $0.hasPrefix(emulator.baseURL) }) else {
            process.terminate()
            throw ProofError("qbo connect printed no authorize URL: \(seen)")
        }
        let approved = try ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{redirect_url}", String(url)])
        input.fileHandleForWriting.write(Data((approved.stdout + "\n").utf8))
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let rest = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        transcript.append(Data((seen + printed + rest).utf8))
        guard process.terminationStatus == 0 else { throw ProofError("qbo connect failed: \(printed) \(seen) \(rest)") }
    }

    /// GET an admin endpoint of the emulator and parse it as JSON.
    package func admin(_ path: String) throws -> Any {
        let result = try ProcessRunner.run("/usr/bin/curl", ["-sS", "--max-time", "60", "\(emulator.baseURL)\(path)"])
        guard result.status == 0 else { throw ProofError("GET \(path): \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// POST JSON to an admin endpoint of the emulator.
    package func adminPost(_ path: String, _ body: String) throws {
        let result = try ProcessRunner.run(
            "/usr/bin/curl",
            ["-sS", "--max-time", "30", "-X", "POST", "-H", "Content-Type: application/json", "-d", body,
             "\(emulator.baseURL)\(path)"])
        guard result.status == 0 else { throw ProofError("POST \(path): \(result.stderr)") }
    }

    /// `status --json` as an object.
    package func status() throws -> [String: Any] {
        let result = try run(["status", "--json"])
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw ProofError("status --json printed no object: \(result.stdout) \(result.stderr)")
        }
        return object
    }

    /// The sum of every stage's backlog in `status --json`.
    package func backlog() throws -> Int {
        let stages = try status()["stages"] as? [[String: Any]] ?? []
        return stages.reduce(0) { $0 + (($1["backlog"] as? Int) ?? 0) }
    }

    /// The last event sequence number in `status --json`.
    package func lastSeq() throws -> Int {
        try status()["lastSeq"] as? Int ?? -1
    }

    @discardableResult
    private func expectSuccess(_ result: ProcessResult, _ what: String) throws -> ProcessResult {
        guard result.status == 0 else { throw ProofError("\(what) exited \(result.status): \(result.stderr)") }
        return result
    }
}

/// A proof suite could not be set up or run (not an invariant violation: those are in ``ProofVerdict``).
package struct ProofError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
