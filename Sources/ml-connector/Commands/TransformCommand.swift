import ArgumentParser
import EventLog

struct TransformCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transform",
        abstract: "Run the Transform stage once over its backlog.",
        discussion: """
            Records the mapping file when its content changed, then turns ingested rows into decisions: Bills, vendor credits, vendors and payments planned for Publish, duplicates skipped, and invoices that cannot be posted quarantined with a reason. Reads only the event log.

            Examples:
              ml-connector transform
              ml-connector transform --json
            """)

    @OptionGroup var global: GlobalOptions

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let lock = try DataDirLock(dataDir: context.configuration.storage.dataDir)
            defer { withExtendedLifetime(lock) {} }
            let report = try StageRun.perform(context, stage: "transform") { try context.runTransform(store: $0) }
            try StageRun.print([report], json: global.json)
        }
    }
}
