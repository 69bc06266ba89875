import EventLog
import Foundation
import TestSupport

/// A connector installation in a temporary folder, wired to a real emulator on 127.0.0.1 and a generated
/// export, connected through `qbo connect --no-browser` like a person would.
final class PipelineHarness {
    static var isAvailable: Bool { CLIHarness.isBuilt && SandboxLauncher.shouldRun }
    static let clientSecret = "sandbox-client-secret"

    let cli: CLIHarness
    let emulator: SandboxLauncher
    var exportPath: String { cli.directory.file("export") }

    init(invoices: Int = 30) throws {
        cli = try CLIHarness()
        emulator = try SandboxLauncher()
        let generator = RepositoryPaths.executable("stampli-export-gen")
        let generated = try ProcessRunner.run(generator, ["--out", exportPath, "--invoices", String(invoices)])
        guard generated.status == 0 else { throw HarnessError.failed("generator: \(generated.stderr)") }
        let config = """
            [stampli]
            root = "file://export"
            settle_seconds = 0

            [qbo]
            base_url = "\(emulator.baseURL)"
            token_url = "\(emulator.baseURL)/oauth2/v1/tokens/bearer"
            authorize_url = "\(emulator.baseURL)/connect/oauth2"
            client_id = "sandbox-client-id"
            redirect_uri = "http://127.0.0.1:9/callback"

            [mapping]
            file = "export/mapping.csv"

            [storage]
            data_dir = "data"

            """
        try config.write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        try expectSuccess(cli.run("init"))
        try expectSuccess(cli.run("credentials", "set", "qbo-client-secret", input: Self.clientSecret + "\n"))
        try connect()
    }

    /// `qbo connect --no-browser`: read the URL it prints, "approve" it at the emulator (which redirects at
    /// once), and paste the redirected address back.
    func connect() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CLIHarness.binary)
        process.arguments = ["qbo", "connect", "--no-browser"]
        process.currentDirectoryURL = URL(fileURLWithPath: cli.directory.path)
        let input = Pipe(), errors = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = output
        try process.run()
        var seen = ""
        while !seen.contains("\n\(emulator.baseURL)") && !seen.contains("\n" + emulator.baseURL) {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if seen.split(separator: "\n").contains(where: { $0.hasPrefix(emulator.baseURL) }) { break }
        }
        guard let url = seen.split(separator: "\n").first(where: { $0.hasPrefix(emulator.baseURL) }) else {
            process.terminate()
            throw HarnessError.failed("no authorize URL printed: \(seen)")
        }
        let approved = try ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{redirect_url}", String(url)])
        input.fileHandleForWriting.write(Data((approved.stdout + "\n").utf8))
        process.waitUntilExit()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0, printed.contains("connected to QuickBooks company") else {
            throw HarnessError.failed("qbo connect failed: \(printed) \(seen)")
        }
    }

    /// Bills in the emulator, by DocNumber.
    func bills() throws -> [String: Int] {
        let state = try ProcessRunner.run("/usr/bin/curl", ["-s", "\(emulator.baseURL)/admin/state"])
        let object = try JSONSerialization.jsonObject(with: Data(state.stdout.utf8))
        var counts: [String: Int] = [:]
        func walk(_ value: Any) {
            if let dictionary = value as? [String: Any] {
                for (key, child) in dictionary {
                    if key == "Bill", let list = child as? [[String: Any]] {
                        for bill in list where (bill["status"] as? String) != "Deleted" {
                            counts[bill["DocNumber"] as? String ?? "", default: 0] += 1
                        }
                    } else {
                        walk(child)
                    }
                }
            } else if let array = value as? [Any] {
                array.forEach(walk)
            }
        }
        walk(object)
        return counts
    }

    @discardableResult
    func expectSuccess(_ result: ProcessResult) throws -> ProcessResult {
        guard result.status == 0 else { throw HarnessError.failed("exit \(result.status): \(result.stderr)") }
        return result
    }
}

enum HarnessError: Error { case failed(String) }
