import Foundation
import TestSupport

/// Runs the built `ml-connector` binary inside a temporary working directory.
final class CLIHarness {
    static let binary = RepositoryPaths.executable("ml-connector")
    static var isBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary) || RepositoryPaths.isCI }

    let directory: TemporaryDirectory
    var environment: [String: String] = [:]

    init() throws {
        directory = try TemporaryDirectory("cli")
    }

    var configPath: String { directory.file("ml-connector.toml") }
    var databasePath: String { directory.file("data/events.sqlite") }

    @discardableResult
    func run(_ arguments: String..., input: String? = nil) throws -> ProcessResult {
        try run(arguments, input: input)
    }

    @discardableResult
    func run(_ arguments: [String], input: String? = nil) throws -> ProcessResult {
        try ProcessRunner.run(
            Self.binary, arguments, input: input, environment: environment, currentDirectory: directory.path)
    }

    /// Parses stdout as one JSON object.
    func json(_ result: ProcessResult) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw CLIHarnessError.notAnObject(result.stdout)
        }
        return object
    }
}

enum CLIHarnessError: Error { case notAnObject(String) }
