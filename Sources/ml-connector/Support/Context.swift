import EventLog
import Foundation
import Logging

/// What a command needs: the configuration, the event store, the secrets and a logger.
final class Context {
    let options: GlobalOptions
    let configuration: Configuration
    let logger: Logger

    init(_ options: GlobalOptions, label: String = "ml-connector") throws {
        self.options = options
        self.configuration = try Configuration.load(path: options.config)
        var logger = Logger(label: label)
        logger.logLevel = options.quiet ? .error : (options.verbose >= 2 ? .debug : options.verbose == 1 ? .info : .notice)
        self.logger = logger
    }

    var databasePath: String { options.db ?? configuration.storage.databasePath }

    /// Opens the event database (creating the data dir's database on first use).
    func openStore() throws -> SQLiteEventStore {
        try FileManager.default.createDirectory(
            atPath: configuration.storage.dataDir, withIntermediateDirectories: true)
        return try SQLiteEventStore(path: databasePath)
    }

    func openSecrets() throws -> SecretStore {
        try SecretStore(dataDir: configuration.storage.dataDir)
    }
}
