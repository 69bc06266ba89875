import ArgumentParser
import EventLog
import Foundation
import Transform

struct QuarantineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quarantine",
        abstract: "List, inspect, retry and dismiss quarantined invoices, vendors and payments.",
        discussion: """
            An item is quarantined when it cannot be posted as it is: a bad row, an unmapped GL code, a department conflict, a vendor name QBO refuses, an amendment, or a write QBO refused. Fix the cause (the mapping file, the data in Stampli, the record in QBO), then retry: the next `transform` re-evaluates it against the current mapping and reference data.

            Examples:
              ml-connector quarantine list
              ml-connector quarantine show INV-1001
              ml-connector quarantine retry INV-1001 INV-1002
              ml-connector quarantine retry --all --reason unmapped-account
              ml-connector quarantine dismiss INV-1003 --note "entered by hand in QBO"
            """,
        subcommands: [List.self, Show.self, Retry.self, Dismiss.self])

    static var actor: String { ProcessInfo.processInfo.environment["USER"] ?? "unknown" }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List open quarantined items with their reasons.",
            discussion: "Examples:\n  ml-connector quarantine list\n  ml-connector quarantine list --all --json")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Include dismissed items.") var all = false

        func run() throws {
            try execute(global) {
                let view = try QuarantineView.load(store: try Context(global).openStore())
                let items = all ? view.items : view.open
                if global.json {
                    try Output.json(QuarantineListDocument(items: items, countsByCategory: view.countsByCategory))
                    return
                }
                if items.isEmpty { Output.line("nothing is quarantined"); return }
                Output.table(
                    ["KIND", "ID", "CATEGORY", "RETRIES", "REASON"],
                    items.map { item in
                        [item.itemKind, item.stampliId, item.categories.joined(separator: ","), String(item.retries),
                         (item.isDismissed ? "[dismissed] " : "") + (item.problems.first?.message ?? "")]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show every reason and fix for one quarantined item.",
            discussion: "Examples:\n  ml-connector quarantine show INV-1001")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The Stampli invoice, vendor or payment id.") var id: String

        func run() throws {
            try execute(global) {
                let view = try QuarantineView.load(store: try Context(global).openStore())
                let matches = view.items.filter { $0.stampliId == id }
                guard !matches.isEmpty else {
                    throw CommandFailure("\(id) is not quarantined", hint: "list quarantined items with `ml-connector quarantine list`")
                }
                if global.json { try Output.json(["items": matches]); return }
                for item in matches {
                    Output.line("\(item.itemKind) \(item.stampliId) (seq \(item.seq))\(item.isDismissed ? " dismissed: \(item.note ?? "")" : ""), \(item.retries) retries")
                    if let path = item.path { Output.line("  file \(path)") }
                    for problem in item.problems {
                        var where_: [String] = []
                        if let row = problem.row { where_.append("row \(row)") }
                        if let column = problem.column { where_.append("column \(column)") }
                        if let value = problem.value { where_.append("value \"\(value)\"") }
                        Output.line("  [\(problem.category)] \(problem.message)" + (where_.isEmpty ? "" : " (\(where_.joined(separator: ", ")))"))
                        if let expected = problem.expected { Output.line("    expected: \(expected)") }
                        if let fix = problem.fix { Output.line("    fix: \(fix)") }
                    }
                    for change in item.changes {
                        Output.line("  changed \(change.field): \(change.before ?? "-") → \(change.after ?? "-")")
                    }
                }
            }
        }
    }

    struct Retry: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Ask Transform to re-evaluate quarantined items.",
            discussion: """
                Appends an operator event per item; the next `transform` (or `run`) re-evaluates them against the current mapping and reference data.

                Examples:
                  ml-connector quarantine retry INV-1001
                  ml-connector quarantine retry --all --reason unmapped-account --note "mapped 7777"
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Stampli ids to retry.") var ids: [String] = []
        @Flag(help: "Retry every open item (of --reason, when given).") var all = false
        @Option(help: "Only items with this category (with --all).") var reason: String?
        @Option(help: "A note kept with the retry.") var note: String?

        func validate() throws {
            if all == !ids.isEmpty { throw ValidationError("give either ids or --all") }
            if reason != nil && !all { throw ValidationError("--reason goes with --all") }
        }

        func run() throws {
            try execute(global) {
                let context = try Context(global)
                let store = try context.openStore()
                let view = try QuarantineView.load(store: store)
                var targets = view.open
                if all {
                    if let reason { targets = targets.filter { $0.categories.contains(reason) } }
                } else {
                    let wanted = Set(ids)
                    targets = targets.filter { wanted.contains($0.stampliId) }
                    let missing = wanted.subtracting(targets.map(\.stampliId))
                    if !missing.isEmpty {
                        throw CommandFailure("not quarantined: \(missing.sorted().joined(separator: ", "))",
                                             hint: "list quarantined items with `ml-connector quarantine list`")
                    }
                }
                let events = try targets.map { item in
                    try NewEvent(
                        QuarantineRetried(itemKind: item.itemKind, stampliId: item.stampliId, note: note, actor: QuarantineCommand.actor),
                        subject: "\(item.itemKind):\(item.stampliId)")
                }
                try store.append(events)
                if global.json {
                    try Output.json(["retried": targets.map(\.stampliId)])
                } else {
                    Output.line("retry requested for \(targets.count) item(s); run `ml-connector transform` (or `run --once`) to re-evaluate")
                }
            }
        }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Close a quarantined item that will not be posted, with a note.",
            discussion: "Examples:\n  ml-connector quarantine dismiss INV-1003 --note \"entered by hand in QBO\"")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The Stampli id.") var id: String
        @Option(help: "Why (kept in the audit trail).") var note: String

        func validate() throws {
            if note.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--note must say why") }
        }

        func run() throws {
            try execute(global) {
                let store = try Context(global).openStore()
                guard let item = try QuarantineView.load(store: store).open.first(where: { $0.stampliId == id }) else {
                    throw CommandFailure("\(id) is not quarantined (or already dismissed)")
                }
                try store.append([try NewEvent(
                    QuarantineDismissed(itemKind: item.itemKind, stampliId: id, note: note, actor: QuarantineCommand.actor),
                    subject: "\(item.itemKind):\(id)")])
                if global.json { try Output.json(["dismissed": id]) } else { Output.line("dismissed \(item.itemKind) \(id)") }
            }
        }
    }
}

struct QuarantineListDocument: Encodable {
    var items: [QuarantineView.Item]
    var countsByCategory: [String: Int]
}
