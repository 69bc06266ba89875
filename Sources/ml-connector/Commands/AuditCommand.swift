import ArgumentParser
import EventLog

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the audit trail.",
        discussion: """
            Examples:
              ml-connector audit verify
              ml-connector audit verify --from 1000 --to 2000 --json
            """,
        subcommands: [Verify.self])

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the event hash chain and name the first event that does not match.",
            discussion: """
                Every event stores SHA-256 over the previous event's hash and its own content, so any edit, insertion or removal breaks the chain from that event on. Exits 65 when it does not verify.

                Examples:
                  ml-connector audit verify
                  ml-connector audit verify --json
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "First seq to check.") var from: Int64?
        @Option(help: "Last seq to check.") var to: Int64?

        func run() throws {
            try execute(global) {
                let store = try Context(global).openStore()
                let last = try store.lastSeq()
                let range: ClosedRange<Int64>? =
                    (from != nil || to != nil) ? max(from ?? 1, 1)...max(to ?? last, max(from ?? 1, 1)) : nil
                let result = try store.verifyChain(range: range)
                if global.json {
                    try Output.json(result)
                } else if result.isIntact {
                    Output.line("chain intact: \(result.checked) events verified")
                } else {
                    Output.line("chain broken at seq \(result.firstBadSeq!): \(result.problem ?? "")")
                    Output.line("\(result.checked) events before it verified")
                }
                if !result.isIntact {
                    throw CommandFailure(
                        "the event chain does not verify from seq \(result.firstBadSeq!)",
                        hint: "the database was altered outside ml-connector; restore it from a backup and keep this copy for investigation",
                        status: .integrity)
                }
            }
        }
    }
}
