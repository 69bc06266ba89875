import ArgumentParser
import Foundation
import Logging

@main
struct MLConnector: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ml-connector",
        abstract: "Move approved Stampli invoices, vendors and payments into QuickBooks Online.",
        discussion: """
            Ingest reads Stampli's CSV exports, Transform turns them into mapped, checked decisions, and Publish posts them to QuickBooks Online. The stages talk only through an append-only, hash-chained event log in the data dir, which is also the audit trail.

            \(ExitStatus.helpTable)

            Examples:
              ml-connector init
              ml-connector credentials set qbo-client-secret < secret.txt
              ml-connector status --json
              ml-connector audit verify
            """,
        subcommands: [
            InitCommand.self, CredentialsCommand.self, QBOCommand.self, RunCommand.self, IngestCommand.self,
            TransformCommand.self, PublishCommand.self, ReplayCommand.self,
            QuarantineCommand.self, MappingsCommand.self, EventsCommand.self, AuditCommand.self, StatusCommand.self, SFTPCommand.self, DemoCommand.self,
        ])

    static func bootstrapLogging(_ options: GlobalOptions) {
        let level: Logger.Level = options.quiet ? .error : (options.verbose >= 2 ? .debug : options.verbose == 1 ? .info : .notice)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

/// Runs a command body, reporting failures as `Error:`/`Hint:` on stderr with the documented exit code.
func execute(_ options: GlobalOptions, _ body: () throws -> Void) throws {
    MLConnector.bootstrapLogging(options)
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        throw ExitCode(ErrorReporting.report(error).rawValue)
    }
}
