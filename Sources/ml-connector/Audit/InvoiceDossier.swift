import EventLog
import Foundation
import Zlib

/// Everything the log knows about one Stampli invoice, gathered for an auditor: the source file and
/// its arrival evidence, the original CSV bytes of each row, parse results, every decision (with the
/// mapping version and the rule behind each account, department and class), vendor resolution,
/// every request and response, the QBO Bill, and operator actions.
struct InvoiceDossier: Encodable {
    struct SourceFile: Encodable {
        var path: String
        var sha256: String
        var size: Int64
        var rowCount: Int
        var fetchedAt: String
        var fetchedSeq: Int64
        var readiness: String?
        var firstListing: FileSeen.Listing?
        var secondListing: FileSeen.Listing?
    }

    struct SourceRow: Encodable {
        var seq: Int64
        var file: String
        var row: Int
        var status: String
        /// The row's original bytes from the stored file, as text.
        var originalCSV: String?
        var fields: [String: String]
        var problem: String?
    }

    struct Entry: Encodable {
        var seq: Int64
        var recordedAt: String
        var type: String
        var summary: String
        var payload: AnyEncodable
    }

    var invoiceId: String
    var status: String
    var qboBillId: String?
    var qboSyncToken: String?
    var total: String?
    var vendor: String?
    var sourceFiles: [SourceFile]
    var rows: [SourceRow]
    var decisions: [Entry]
    var vendorResolution: [Entry]
    var publishing: [Entry]
    var operatorActions: [Entry]

    /// Builds the dossier from the log.
    /// - Throws: ``EventLogError`` when the log cannot be read.
    static func load(invoiceId: String, store: SQLiteEventStore) throws -> InvoiceDossier? {
        let events = try store.events(subject: "invoice:\(invoiceId)")
        guard !events.isEmpty else { return nil }
        var dossier = InvoiceDossier(
            invoiceId: invoiceId, status: "ingested", sourceFiles: [], rows: [], decisions: [], vendorResolution: [],
            publishing: [], operatorActions: [])
        // Where each row's original bytes lie in its stored file (filled in after the loop, one pass per file).
        var wanted: [(row: Int, file: String, bytes: Range<Int>)] = []
        func want(_ sha256: String, _ offset: Int64, _ length: Int) {
            guard offset >= 0, length >= 0 else { return }
            wanted.append((dossier.rows.count - 1, sha256, Int(offset)..<Int(offset) + length))
        }
        var seenFiles = Set<String>()
        var vendorIds = Set<String>()

        for event in events {
            switch event.type {
            case RowParsed.type:
                let row = try event.decode(RowParsed.self)
                try dossier.addFile(row.fileSha256, store: store, seen: &seenFiles)
                dossier.rows.append(SourceRow(
                    seq: event.seq, file: row.path, row: row.row, status: "parsed", originalCSV: nil,
                    fields: row.fields, problem: nil))
                want(row.fileSha256, row.byteOffset, row.byteLength)
                if let vendor = row.fields["Vendor ID"] { vendorIds.insert(vendor) }
            case RowRejected.type:
                let row = try event.decode(RowRejected.self)
                try dossier.addFile(row.fileSha256, store: store, seen: &seenFiles)
                dossier.rows.append(SourceRow(
                    seq: event.seq, file: row.path, row: row.row, status: "rejected", originalCSV: nil,
                    fields: row.fields,
                    problem: "column \(row.column ?? "-") value \(row.value.map { "\"\($0)\"" } ?? "-"): expected \(row.expected)"))
                want(row.fileSha256, row.byteOffset, row.byteLength)
            default:
                let entry = Entry(
                    seq: event.seq, recordedAt: event.recordedAt, type: event.type, summary: summarize(event),
                    payload: AnyEncodable((try? JSONSerialization.jsonObject(with: Data(event.payload))) ?? event.payloadText))
                switch event.stage {
                case "transform": dossier.decisions.append(entry)
                case "publish": dossier.publishing.append(entry)
                case "operator": dossier.operatorActions.append(entry)
                default: dossier.decisions.append(entry)
                }
                dossier.apply(event)
            }
        }
        for file in Set(wanted.map(\.file)).sorted() {
            let rows = wanted.filter { $0.file == file }
            let slices = try SourceSlices.read(file, ranges: rows.map(\.bytes), store: store)
            for row in rows {
                dossier.rows[row.row].originalCSV = slices[row.bytes].map { String(decoding: $0, as: UTF8.self) }
            }
        }
        for vendorId in vendorIds.sorted() {
            for event in try store.events(subject: "vendor:\(vendorId)") {
                dossier.vendorResolution.append(Entry(
                    seq: event.seq, recordedAt: event.recordedAt, type: event.type, summary: summarize(event),
                    payload: AnyEncodable((try? JSONSerialization.jsonObject(with: Data(event.payload))) ?? event.payloadText)))
            }
        }
        return dossier
    }

    /// Tracks the invoice's latest state from its decision and outcome events.
    private mutating func apply(_ event: RecordedEvent) {
        switch event.type {
        case BillPlanned.type:
            if let plan = try? event.decode(BillPlanned.self) {
                status = "planned"
                total = plan.total.description
                vendor = plan.vendorName
            }
        case InvoiceQuarantined.type: status = "quarantined"
        case InvoiceSkipped.type: if status != "posted" { status = "skipped as duplicate" }
        case BillPosted.type:
            if let posted = try? event.decode(BillPosted.self) {
                status = "posted"
                qboBillId = posted.qboId
                qboSyncToken = posted.syncToken
                total = posted.totalAmt.description
            }
        case WriteRejected.type: status = "quarantined"
        case QuarantineDismissed.type: status = "dismissed"
        case QuarantineRetried.type: if status == "quarantined" { status = "retry requested" }
        default: break
        }
    }

    private mutating func addFile(_ sha256: String, store: any EventStore, seen: inout Set<String>) throws {
        guard seen.insert(sha256).inserted else { return }
        for event in try store.events(subject: "file:\(sha256)", types: [FileFetched.type]) {
            let fetched = try event.decode(FileFetched.self)
            var file = SourceFile(
                path: fetched.path, sha256: fetched.sha256, size: fetched.size, rowCount: fetched.rowCount,
                fetchedAt: event.recordedAt, fetchedSeq: event.seq)
            if let seenEvent = try store.events(subject: "file:\(fetched.path)", types: [FileSeen.type])
                .last(where: { $0.seq <= event.seq }), let evidence = try? seenEvent.decode(FileSeen.self)
            {
                file.readiness = evidence.readiness
                file.firstListing = evidence.firstListing
                file.secondListing = evidence.secondListing
            }
            sourceFiles.append(file)
        }
    }

    /// One line describing an event for the text and HTML dossier.
    static func summarize(_ event: RecordedEvent) -> String {
        switch event.type {
        case BillPlanned.type:
            guard let plan = try? event.decode(BillPlanned.self) else { break }
            let lines = plan.lines.map { line in
                "line \(line.lineNumber) \(line.amount) → \(line.account.qboName) [\(rule(line.account))]"
                    + (line.classChoice.map { ", class \($0.qboName) [\(rule($0))]" } ?? "")
            }
            return "\(plan.entity) planned for \(plan.vendorName) (QBO vendor \(plan.vendorQboId)), DocNumber \(plan.docNumber), total \(plan.total), requestid \(plan.requestId)"
                + (plan.department.map { ", department \($0.qboName) [\(rule($0))]" } ?? "")
                + (plan.mappingSha256.map { ", mapping \($0.prefix(12))" } ?? "") + "; " + lines.joined(separator: "; ")
        case InvoiceQuarantined.type:
            guard let item = try? event.decode(InvoiceQuarantined.self) else { break }
            return "quarantined: " + item.problems.map { problem in
                problem.message + (problem.fix.map { " Fix: \($0)" } ?? "")
            }.joined(separator: " | ")
        case InvoiceSkipped.type:
            guard let item = try? event.decode(InvoiceSkipped.self) else { break }
            return "skipped (\(item.reason)) — same content as seq \(item.originalSeq.map(String.init) ?? "?")"
        case BillPosted.type:
            guard let item = try? event.decode(BillPosted.self) else { break }
            return "\(item.entity) \(item.qboId) (SyncToken \(item.syncToken)) posted, total \(item.totalAmt), settled by \(item.settledBy)"
        case WriteRejected.type:
            guard let item = try? event.decode(WriteRejected.self) else { break }
            return "QBO refused \(item.entity) (HTTP \(item.httpStatus), code \(item.code ?? "-")): \(item.message) \(item.detail ?? "")"
        case VendorConfirmed.type:
            guard let item = try? event.decode(VendorConfirmed.self) else { break }
            return "vendor \(item.stampliVendorId) is QBO vendor \(item.qboId) \"\(item.displayName)\" (\(item.outcome))"
        case VendorPlanned.type:
            guard let item = try? event.decode(VendorPlanned.self) else { break }
            return "vendor \(item.action) planned: \"\(item.fields.displayName)\""
        default: break
        }
        let text = event.payloadText
        return text.count > 160 ? String(text.prefix(157)) + "..." : text
    }

    static func rule(_ choice: RuleChoice) -> String {
        choice.rule + (choice.mappingRow.map { " row \($0)" } ?? "")
    }
}
