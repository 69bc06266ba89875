import ArgumentParser
import EventLog
import Foundation

struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify the event chain, trace one invoice, or report a period.",
        discussion: """
            Examples:
              ml-connector audit verify
              ml-connector audit invoice INV-1001 --html --output inv-1001.html
              ml-connector audit report --from 2026-11-01 --to 2026-11-30 --format html --output november.html
            """,
        subcommands: [Verify.self, Invoice.self, Report.self])

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

extension AuditCommand {
    struct Invoice: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the forensic dossier of one Stampli invoice.",
            discussion: """
                Shows the source file (name, SHA-256, arrival evidence), the original CSV bytes of the invoice's rows, parse results, the mapping version and rule behind each account, department and class, vendor resolution, the planned payload, every request and response with times, the QBO Bill Id and SyncToken, and operator actions.

                Examples:
                  ml-connector audit invoice INV-1001
                  ml-connector audit invoice INV-1001 --json
                  ml-connector audit invoice INV-1001 --html --output INV-1001.html
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The Stampli invoice id.") var invoiceId: String
        @Flag(help: "Write a self-contained HTML page instead of text.") var html = false
        @Option(help: "Write to this file instead of stdout.") var output: String?

        func validate() throws {
            if html && global.json { throw ValidationError("--html and --json cannot be used together") }
        }

        func run() throws {
            try execute(global) {
                let store = try Context(global).openStore()
                guard let dossier = try InvoiceDossier.load(invoiceId: invoiceId, store: store) else {
                    throw CommandFailure(
                        "no events about invoice \(invoiceId)",
                        hint: "check the id (it is Stampli's Invoice ID column), or list invoices with `ml-connector events --type transform.bill.planned`")
                }
                try emit(global.json ? nil : (html ? dossier.html() : dossier.text()), json: dossier, output: output, asJSON: global.json)
            }
        }
    }

    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Report everything posted, skipped, quarantined and pending in a period.",
            discussion: """
                The period is by the date events were recorded (UTC), inclusive. Totals per vendor and per QBO account tie out to the Bills posted (vendor credits count negative). The CSV escapes cells a spreadsheet would run as formulas.

                Examples:
                  ml-connector audit report --from 2026-11-01 --to 2026-11-30 --format html --output november.html
                  ml-connector audit report --from 2026-11-01 --to 2026-11-30 --format csv > november.csv
                """)

        @OptionGroup var global: GlobalOptions
        @Option(help: "First day (YYYY-MM-DD).") var from: String
        @Option(help: "Last day (YYYY-MM-DD).") var to: String
        @Option(help: "html, csv, json or md.") var format: String = "html"
        @Option(help: "Write to this file instead of stdout.") var output: String?

        func validate() throws {
            for (name, value) in [("--from", from), ("--to", to)] where !Report.isDate(value) {
                throw ValidationError("\(name) must be a date such as 2026-11-30, not \"\(value)\"")
            }
            if from > to { throw ValidationError("--from must not be after --to") }
            if !["html", "csv", "json", "md"].contains(format) { throw ValidationError("--format must be html, csv, json or md") }
        }

        static func isDate(_ text: String) -> Bool {
            text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil
        }

        func run() throws {
            try execute(global) {
                let store = try Context(global).openStore()
                let report = try Progress(quiet: global.quiet).step("reading events of \(from) to \(to)") {
                    try AuditReport.load(store: store, from: from, to: to)
                }
                let asJSON = global.json || format == "json"
                let text: String? = asJSON ? nil : (format == "html" ? report.html() : format == "csv" ? report.csv() : report.markdown())
                try emit(text, json: report, output: output, asJSON: asJSON)
            }
        }
    }
}

/// Writes a rendered document (or its JSON) to stdout or a file; with a file, stdout gets its path.
func emit<T: Encodable>(_ text: String?, json value: T, output: String?, asJSON: Bool) throws {
    if let output {
        if let text {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output))
        } else {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            try encoder.encode(value).write(to: URL(fileURLWithPath: output))
        }
        if asJSON { try Output.json(["output": output]) } else { Output.line(output) }
    } else if let text {
        Output.line(text)
    } else {
        try Output.json(value)
    }
}
