import ArgumentParser
import EventLog
import Transform

struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-run Transform over a range of events and show or append what changes.",
        discussion: """
            Re-evaluates the invoices, vendors and payments whose source rows lie in the range against the current mapping and QBO reference data. --dry-run prints, per item and field by field, the new decision against the one on record, and writes nothing. A real replay appends new decisions beside the old ones (nothing is changed); Publish then acts only where the outcome differs, and never posts a second Bill for an invoice already posted.

            Examples:
              ml-connector replay --from 1 --to 5000 --dry-run
              ml-connector replay --from 1 --to 5000
            """)

    @OptionGroup var global: GlobalOptions
    @Option(help: "First seq of the range.") var from: Int64
    @Option(help: "Last seq of the range.") var to: Int64
    @Option(help: "The stage to replay (transform).") var stage: String = "transform"
    @Flag(help: "Print what would change and write nothing.") var dryRun = false

    func validate() throws {
        if from < 1 || to < from { throw ValidationError("--from must be at least 1 and not after --to") }
        if stage != "transform" {
            throw ValidationError("only --stage transform can be replayed; Publish acts on the decisions a replay appends")
        }
    }

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let lock = try DataDirLock(dataDir: context.configuration.storage.dataDir)
            defer { withExtendedLifetime(lock) {} }
            let store = try context.openStore()
            var proposed: MappingRecorded?
            if dryRun {
                proposed = try context.currentMapping()
            } else {
                try context.recordMappingIfChanged(store: store)
            }
            let report = try Progress(quiet: global.quiet).step("replaying seq \(from) to \(to)") {
                try Replayer(settings: context.transformSettings)
                    .replay(range: from...to, dryRun: dryRun, store: store, logger: context.logger, proposedMapping: proposed)
            }
            if global.json { try Output.json(report); return }
            Output.line("\(dryRun ? "dry run: " : "")evaluated \(report.evaluated) item(s) from seq \(from) to \(to): \(report.unchanged) unchanged, \(report.differences.count) \(dryRun ? "would change" : "changed")")
            for difference in report.differences {
                Output.line("\(difference.itemKind) \(difference.stampliId): \(difference.recordedType ?? "no decision") → \(difference.proposedType)"
                    + (difference.appendedSeq.map { " (appended seq \($0))" } ?? ""))
                for change in difference.changes {
                    Output.line("    \(change.field): \(change.before ?? "-") → \(change.after ?? "-")")
                }
            }
        }
    }
}
