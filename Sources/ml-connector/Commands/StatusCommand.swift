import ArgumentParser
import EventLog
import Foundation
import Publish
import Transform

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show whether ml-connector is healthy: backlogs, last runs, oldest unposted invoice, quarantine, QBO tokens.",
        discussion: """
            Per stage: its cursor, its backlog (events after the cursor that it consumes) and its last successful run; the oldest approved invoice not yet posted and its age; quarantined items by reason; the last error of each remote (SFTP, QBO); the QBO refresh token's age and its 100-day and 5-year horizons. Exits 0 when healthy and 1 when degraded (a remote failing since its last success, a lost or expiring QBO connection, or an invoice waiting more than a day), so it can drive monitoring.

            Examples:
              ml-connector status
              ml-connector status --json
            """)

    @OptionGroup var global: GlobalOptions

    /// An invoice planned or waiting longer than this makes the status degraded.
    static let maximumPendingHours = 24.0

    struct StageStatus: Encodable {
        var stage: String
        var cursor: Int64?
        var backlog: Int?
        var lastRunAt: String?
        var lastSuccessAt: String?
        var lastError: String?
        var lastErrorAt: String?
    }

    struct Oldest: Encodable {
        var invoiceId: String
        var state: String
        var since: String
        var ageHours: Double
    }

    struct Document: Encodable {
        var healthy: Bool
        var problems: [String]
        var database: String
        var lastSeq: Int64
        var stages: [StageStatus]
        var oldestUnposted: Oldest?
        var quarantineByReason: [String: Int]
        var quarantineOpen: Int
        var qbo: TokenStatus?
        var realmId: String?
    }

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let store = try context.openStore()
            let document = try Self.document(context: context, store: store)
            if global.json {
                try Output.json(document)
            } else {
                Self.print(document)
            }
            if !document.healthy {
                throw CommandFailure("degraded: " + document.problems.joined(separator: "; "))
            }
        }
    }

    static func document(context: Context, store: SQLiteEventStore) throws -> Document {
        let ledger = RunLedger.load(dataDir: context.configuration.storage.dataDir)
        var problems: [String] = []
        var stages: [StageStatus] = []
        let cursors = try store.cursors()
        for stage in ["ingest", "reference", "transform", "publish"] {
            let entry = ledger.stages[stage]
            var status = StageStatus(
                stage: stage, lastRunAt: entry?.lastRunAt, lastSuccessAt: entry?.lastSuccessAt,
                lastError: entry?.lastError, lastErrorAt: entry?.lastErrorAt)
            if let inputs = StageInputs.byStage[stage] {
                let cursor = cursors[stage] ?? 0
                status.cursor = cursor
                status.backlog = try store.count(after: cursor, types: inputs)
            }
            if let errorAt = entry?.lastErrorAt, errorAt >= (entry?.lastSuccessAt ?? "") , let error = entry?.lastError {
                problems.append("\(stage) failing since \(errorAt): \(error)")
            }
            stages.append(status)
        }
        let oldest = try oldestUnposted(store: store)
        if let oldest, oldest.ageHours > maximumPendingHours {
            problems.append("invoice \(oldest.invoiceId) has been \(oldest.state) for \(Int(oldest.ageHours)) hours")
        }
        let quarantine = try QuarantineView.load(store: store)
        var tokens: TokenStatus?
        if context.realmId != nil, let secrets = try? context.openSecrets() {
            tokens = try? TokenStatus.read(secrets: secrets, now: Date().timeIntervalSince1970)
            problems += tokens?.warnings ?? []
            if let publisher = try? context.makePublisher(), (try? publisher.isConnectionLost(store: store)) == true {
                problems.append("QBO connection lost: reconnect with `ml-connector qbo connect`")
            }
        }
        return Document(
            healthy: problems.isEmpty, problems: problems, database: context.databasePath, lastSeq: try store.lastSeq(),
            stages: stages, oldestUnposted: oldest, quarantineByReason: quarantine.countsByCategory,
            quarantineOpen: quarantine.open.count, qbo: tokens, realmId: context.realmId)
    }

    /// The invoice planned or waiting longest without a Bill.
    static func oldestUnposted(store: any EventStore) throws -> Oldest? {
        var since: [String: (state: String, at: String)] = [:]
        var after: Int64 = 0
        let types: Set<String> = [BillPlanned.type, InvoiceWaiting.type, BillPosted.type, InvoiceQuarantined.type, InvoiceSkipped.type]
        while true {
            let page = try store.events(types: types, after: after, limit: 5_000)
            guard let last = page.last else { break }
            after = last.seq
            for event in page {
                let id = String(event.subject.dropFirst("invoice:".count))
                switch event.type {
                case BillPlanned.type: if since[id] == nil || since[id]?.state != "planned" { since[id] = ("planned", event.recordedAt) }
                case InvoiceWaiting.type: if since[id] == nil { since[id] = ("waiting", event.recordedAt) }
                default: since[id] = nil
                }
            }
        }
        guard let oldest = since.min(by: { $0.value.at < $1.value.at }) else { return nil }
        let date = (try? Date(oldest.value.at, strategy: .iso8601)) ?? Date()
        return Oldest(
            invoiceId: oldest.key, state: oldest.value.state, since: oldest.value.at,
            ageHours: (Date().timeIntervalSince(date) / 3_600 * 10).rounded() / 10)
    }

    static func print(_ document: Document) {
        Output.line("\(document.healthy ? "healthy" : "DEGRADED") — \(document.lastSeq) events in \(document.database)")
        for problem in document.problems { Output.line("  problem: \(problem)") }
        Output.table(
            ["STAGE", "CURSOR", "BACKLOG", "LAST SUCCESS", "LAST ERROR"],
            document.stages.map { stage in
                [stage.stage, stage.cursor.map(String.init) ?? "-", stage.backlog.map(String.init) ?? "-",
                 stage.lastSuccessAt ?? "never", stage.lastError.map { "\(stage.lastErrorAt ?? ""): \($0)" } ?? "-"]
            })
        if let oldest = document.oldestUnposted {
            Output.line("oldest unposted invoice: \(oldest.invoiceId), \(oldest.state) since \(oldest.since) (\(oldest.ageHours) h)")
        } else {
            Output.line("no invoice is waiting to be posted")
        }
        Output.line("quarantined: \(document.quarantineOpen)"
            + (document.quarantineByReason.isEmpty ? "" : " (" + document.quarantineByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"))
        if let qbo = document.qbo {
            Output.line("QBO company \(document.realmId ?? "-"): " + (qbo.isConnected ? "connected" : "not connected")
                + (qbo.refreshTokenAgeDays.map { String(format: ", refresh token %.1f days old", $0) } ?? "")
                + (qbo.daysUntilRefreshExpiry.map { String(format: ", expires in %.0f days if unused", $0) } ?? "")
                + (qbo.daysUntilHardExpiry.map { String(format: ", 5-year limit in %.0f days", $0) } ?? ""))
        } else {
            Output.line("QBO: not connected")
        }
    }
}

/// The event types each stage consumes (its queue is what follows its cursor).
enum StageInputs {
    static let transform: Set<String> = [
        FileFetched.type, FileRejected.type, RowParsed.type, RowRejected.type, AttachmentFetched.type,
        MappingRecorded.type, ReferenceSynced.type, VendorConfirmed.type, BillPosted.type, PaymentPosted.type,
        WriteRejected.type, QuarantineRetried.type, QuarantineDismissed.type,
    ]
    static let publish: Set<String> = [VendorPlanned.type, BillPlanned.type, PaymentPlanned.type]
    static let byStage: [String: Set<String>] = ["transform": transform, "publish": publish]
}
