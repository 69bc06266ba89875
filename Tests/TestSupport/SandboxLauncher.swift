package import Foundation

/// Starts the QBO emulator (`tools/qbo-sandbox`, built with
/// `swift build --package-path tools/qbo-sandbox`) on 127.0.0.1 with a free port and stops it on ``stop()``
/// or deinit. Tests talk to it over real HTTP only.
package final class SandboxLauncher {
    /// The repository root, found from this file's path.
    package static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The emulator binary, if built (debug first, then release).
    /// `QBO_SANDBOX_BIN` wins when set (the load suite runs a release build).
    package static var binaryPath: String? {
        if let given = ProcessInfo.processInfo.environment["QBO_SANDBOX_BIN"], FileManager.default.isExecutableFile(atPath: given) {
            return given
        }
        return ["debug", "release"].map { "\(repositoryRoot)/tools/qbo-sandbox/.build/\($0)/qbo-sandbox" }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The demo company seed.
    package static var demoSeed: String { "\(repositoryRoot)/tools/qbo-sandbox/companies/demo-company.json" }

    /// True when integration tests against the emulator can run.
    package static var isAvailable: Bool { binaryPath != nil }

    /// True when the emulator must be present (`CI=true`, or `ML_CONNECTOR_INTEGRATION=1` as `tools/test`
    /// sets): suites then run and fail without it.
    package static var isRequired: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["CI"] == "true" || environment["ML_CONNECTOR_INTEGRATION"] == "1"
    }

    /// Enable emulator suites when the binary exists, or always under CI (so they fail when it is missing).
    package static var shouldRun: Bool { isAvailable || isRequired }

    private let process: Process
    /// `http://127.0.0.1:PORT`.
    package let baseURL: String

    /// Launches the emulator and waits for its `READY http://127.0.0.1:PORT` line.
    /// - Parameters:
    ///   - arguments: extra flags (see `qbo-sandbox --help`).
    ///   - seed: the company seed file.
    /// - Throws: ``SandboxLaunchError`` when the binary is missing or exits before it is ready.
    package init(arguments: [String] = [], seed: String = SandboxLauncher.demoSeed) throws {
        guard let binary = Self.binaryPath else {
            throw SandboxLaunchError(
                message: "qbo-sandbox is not built; run `swift build --package-path tools/qbo-sandbox`")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0", "--seed", seed] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty {
                throw SandboxLaunchError(message: "qbo-sandbox exited before it was ready: \(text)")
            }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("READY ") }) else {
            process.terminate()
            throw SandboxLaunchError(message: "unexpected qbo-sandbox output: \(text)")
        }
        baseURL = String(line.dropFirst("READY ".count)).trimmingCharacters(in: .whitespaces)
    }

    /// Stops the emulator and waits for it to exit.
    package func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// The emulator could not be started.
package struct SandboxLaunchError: Error, CustomStringConvertible {
    package var message: String
    package init(message: String) { self.message = message }
    package var description: String { "qbo-sandbox launch failed: \(message)" }
}
