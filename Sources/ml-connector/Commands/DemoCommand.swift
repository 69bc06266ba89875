import ArgumentParser
import EventLog
import Foundation
import Publish
import Transform

struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the whole pipeline on a generated Stampli export against the bundled QBO emulator.",
        discussion: """
            Generates a realistic export (vendors, GL codes, invoices with 1–10 lines over departments and classes, payments, invoice images and a few bad rows) into a temporary folder, starts the QuickBooks Online emulator on 127.0.0.1 with its demo company, connects to it through the OAuth flow, runs every stage, prints what was posted, skipped and quarantined (with reasons) and the path of the HTML audit report, then stops the emulator. Nothing outside the temporary folder is touched.

            Examples:
              ml-connector demo
              ml-connector demo --invoices 1000 --keep
            """)

    @Option(help: "Invoices to generate.") var invoices = 120
    @Option(help: "The emulator binary (default: tools/qbo-sandbox's build).") var sandbox: String?
    @Option(help: "The export generator binary (default: beside this program).") var generator: String?
    @Option(help: "The emulator's seed company (default: tools/qbo-sandbox/companies/demo-company.json).") var company: String?
    @Option(help: "Work in this folder instead of a new temporary one.") var directory: String?
    @Flag(help: "Print the result as one JSON document.") var json = false

    func run() throws {
        MLConnector.bootstrapLogging(try GlobalOptions.parse(["--quiet"]))
        do {
            try DemoRun(options: self).execute()
        } catch {
            throw ExitCode(ErrorReporting.report(error).rawValue)
        }
    }
}

/// The steps of `ml-connector demo`.
struct DemoRun {
    let options: DemoCommand

    static let realmId = "9341453172473491"
    static let clientId = "sandbox-client-id"
    static let clientSecret = "sandbox-client-secret"

    struct Summary: Encodable {
        var workDirectory: String
        var invoicesGenerated: Int
        var billsPosted: Int
        var vendorCreditsPosted: Int
        var vendorsConfirmed: Int
        var paymentsPosted: Int
        var attachmentsUploaded: Int
        var skippedAsDuplicate: Int
        var quarantined: [QuarantineLine]
        var reportPath: String
        var auditVerified: Bool
    }

    struct QuarantineLine: Encodable {
        var kind: String
        var id: String
        var category: String
        var reason: String
    }

    func execute() throws {
        let paths = try DemoPaths(options: options)
        let work = try options.directory ?? Self.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        progress("working in \(work)")

        try Self.run(paths.generator, ["--out", "\(work)/export", "--invoices", String(options.invoices)])
        progress("generated a Stampli export with \(options.invoices) invoices")

        let emulator = try EmulatorProcess(binary: paths.sandbox, company: paths.company)
        defer { emulator.stop() }
        progress("QBO emulator listening on \(emulator.url)")

        let configPath = "\(work)/ml-connector.toml"
        try Self.configuration(url: emulator.url).write(toFile: configPath, atomically: true, encoding: .utf8)
        let context = try Context(try GlobalOptions.parse(["--config", configPath, "--quiet"]))
        let dataDir = context.configuration.storage.dataDir
        try FileManager.default.createDirectory(atPath: dataDir, withIntermediateDirectories: true)
        try SecretStore.createKeyFile(dataDir: dataDir)
        let secrets = try context.openSecrets()
        try secrets.set(.qboClientSecret, Secret(Self.clientSecret))

        let connect = OAuthConnect(settings: try context.publishSettings(realmId: "pending"), secrets: secrets)
        let store = try context.openStore()
        let connected = try connect.connect(port: 0, store: store) { url in
            // The emulator approves at once and redirects to our loopback listener; let curl follow it.
            let curl = Process()
            curl.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
            curl.arguments = ["-s", "-L", "-o", "/dev/null", url]
            try? curl.run()
        }
        try QBOConnection(realmId: connected.realmId, connectedAt: SystemEventClock().timestamp()).save(dataDir: dataDir)
        progress("connected to QuickBooks company \(connected.realmId) through OAuth")

        let lock = try DataDirLock(dataDir: dataDir)
        defer { withExtendedLifetime(lock) {} }
        let reports = try PipelineRun(context: context).once(
            ingestor: try context.makeIngestor(waitForSettle: true), publisher: try context.makePublisher())
        for report in reports where !report.errors.isEmpty {
            throw CommandFailure("\(report.stage) failed: \(report.errors.joined(separator: "; "))")
        }

        let day = String(SystemEventClock().timestamp().prefix(10))
        let reportPath = "\(work)/audit-report.html"
        try AuditReport.load(store: store, from: day, to: day).html().write(toFile: reportPath, atomically: true, encoding: .utf8)
        let view = try QuarantineView.load(store: store)
        let counts = Dictionary(reports.flatMap { $0.counts }, uniquingKeysWith: +)
        let posted = try store.events(types: [BillPosted.type], after: 0, limit: 1_000_000).compactMap { try? $0.decode(BillPosted.self) }
        let summary = Summary(
            workDirectory: work, invoicesGenerated: options.invoices,
            billsPosted: posted.filter { $0.entity == "Bill" }.count,
            vendorCreditsPosted: posted.filter { $0.entity == "VendorCredit" }.count,
            vendorsConfirmed: counts["vendorsConfirmed"] ?? 0, paymentsPosted: counts["paymentsPosted"] ?? 0,
            attachmentsUploaded: counts["attachmentsUploaded"] ?? 0,
            skippedAsDuplicate: try store.count(after: 0, types: [InvoiceSkipped.type]),
            quarantined: view.open.map { item in
                QuarantineLine(
                    kind: item.itemKind, id: item.stampliId, category: item.categories.joined(separator: ","),
                    reason: item.problems.first?.message ?? "")
            },
            reportPath: reportPath, auditVerified: try store.verifyChain(range: nil).isIntact)
        if options.json { try Output.json(summary) } else { Self.print(summary) }
    }

    static func print(_ summary: Summary) {
        Output.line("Demo finished.")
        Output.line("  posted:      \(summary.billsPosted) bills, \(summary.vendorCreditsPosted) vendor credits, \(summary.paymentsPosted) bill payments, \(summary.attachmentsUploaded) attachments; \(summary.vendorsConfirmed) vendors created or linked")
        Output.line("  skipped:     \(summary.skippedAsDuplicate) duplicate invoices")
        Output.line("  quarantined: \(summary.quarantined.count) items")
        for line in summary.quarantined {
            Output.line("    \(line.kind) \(line.id) [\(line.category)]: \(line.reason)")
        }
        Output.line("  audit chain: \(summary.auditVerified ? "verified" : "BROKEN")")
        Output.line("Audit report: \(summary.reportPath)")
        Output.line("Inspect it further: ml-connector quarantine list --config \(summary.workDirectory)/ml-connector.toml")
    }

    func progress(_ text: String) {
        if !options.json { Output.error("demo: \(text)") }
    }

    static func temporaryDirectory() throws -> String {
        var template = Array((NSTemporaryDirectory() + "ml-connector-demo-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw CommandFailure("cannot create a temporary folder") }
        return String(cString: made)
    }

    static func run(_ binary: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure("\(binary) failed with status \(process.terminationStatus)")
        }
    }

    static func configuration(url: String) -> String {
        """
        # Written by `ml-connector demo`: a local export folder and the QBO emulator on 127.0.0.1.
        [stampli]
        root = "file://export"
        settle_seconds = 0

        [qbo]
        environment = "sandbox"
        base_url = "\(url)"
        token_url = "\(url)/oauth2/v1/tokens/bearer"
        authorize_url = "\(url)/connect/oauth2"
        client_id = "\(clientId)"
        redirect_uri = "http://127.0.0.1:0/callback"

        [mapping]
        file = "export/mapping.csv"

        [storage]
        data_dir = "data"

        """
    }
}
