import ArgumentParser
import EventLog
import Transform

struct MappingsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mappings",
        abstract: "Check the GL, department, class and bank mapping against the data and QBO.",
        discussion: """
            Examples:
              ml-connector mappings check
              ml-connector mappings suggest >> mapping-proposals.csv
            """,
        subcommands: [Check.self, Suggest.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check every Stampli value seen against the mapping and QBO's reference data.",
            discussion: """
                Lists each GL code, department, class and bank account seen in ingested files and in Stampli's GL export as mapped (with the rule), unmapped, inactive or ambiguous, as Transform would resolve it. Run `publish` first so QBO's reference data is synced. Exits 1 when any value in use is not mapped.

                Examples:
                  ml-connector mappings check
                  ml-connector mappings check --json
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try execute(global) {
                let context = try Context(global)
                let store = try context.openStore()
                try context.recordMappingIfChanged(store: store)
                let check = try MappingCheck.run(store: store, settings: context.transformSettings)
                if global.json {
                    try Output.json(check)
                } else {
                    if !check.hasReferenceData {
                        Output.error("warning: no QBO reference data synced yet; run `ml-connector publish` first")
                    }
                    Output.table(
                        ["TYPE", "STAMPLI", "STATUS", "QBO", "RULE", "USES"],
                        check.findings.map { finding in
                            [finding.type, finding.stampli, finding.status,
                             finding.qboName.map { "\($0) (\(finding.qboId ?? ""))" } ?? (finding.message ?? ""),
                             finding.rule.map { $0 + (finding.mappingRow.map { " row \($0)" } ?? "") } ?? "", String(finding.uses)]
                        })
                }
                let problems = check.findings.filter { $0.status != "mapped" && $0.uses > 0 }
                if !problems.isEmpty {
                    throw CommandFailure(
                        "\(problems.count) value(s) in use are not mapped to an active QBO record",
                        hint: "add rows to the mapping file (`ml-connector mappings suggest` proposes accounts), then `ml-connector quarantine retry --all`")
                }
            }
        }
    }

    struct Suggest: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose a QBO account for each unmapped GL code, as mapping-file rows.",
            discussion: """
                Compares each unmapped Stampli GL code and its name (from Stampli's GL export) with QBO's active accounts by number and name, and prints the closest as `account,<code>,<QBO account>` rows for the AP team to confirm before adding them to the mapping file. The score (0–1) is on stderr, or in --json.

                Examples:
                  ml-connector mappings suggest
                  ml-connector mappings suggest --json
                """)

        @OptionGroup var global: GlobalOptions

        func run() throws {
            try execute(global) {
                let context = try Context(global)
                let check = try MappingCheck.run(store: try context.openStore(), settings: context.transformSettings)
                if global.json { try Output.json(["suggestions": check.suggestions]); return }
                for suggestion in check.suggestions {
                    Output.line(suggestion.row)
                    Output.error("  \(suggestion.stampli)\(suggestion.stampliName.map { " \"\($0)\"" } ?? "") → \(suggestion.qboName) (Id \(suggestion.qboId), number \(suggestion.acctNum ?? "-")), score \(suggestion.score)")
                }
                if check.suggestions.isEmpty { Output.error("no unmapped GL codes with a likely QBO account") }
            }
        }
    }
}
