package import EventLog
package import Foundation
package import Logging

/// Builders for the events Transform consumes, so golden tests state their inputs in a few lines.
/// Values are what Ingest and Publish would record: rows keyed by the default template's column names,
/// with `normalized` dates, amounts and flags.
package enum EventBuilders {
    /// Columns whose canonical form Ingest records in `normalized`.
    static let dateColumns: Set<String> = ["Invoice Date", "Due Date", "Approved Date", "Payment Date"]
    static let amountColumns: Set<String> = ["Invoice Total", "Line Amount", "Amount"]
    static let flagColumns: Set<String> = ["Billable", "1099", "Active"]

    /// A fake but stable SHA-256 for a file name.
    package static func sha(_ name: String) -> String { SHA256Digest.hex(of: Array(name.utf8)) }

    /// The fields of one invoice line; pass `overrides` to change or blank (`""`) any column.
    package static func invoiceRow(
        _ invoiceId: String, line: Int = 1, amount: String = "100.00", total: String? = nil, gl: String = "6100",
        vendorId: String = "V1", vendorName: String = "Acme Supplies", number: String? = nil,
        _ overrides: [String: String] = [:]
    ) -> [String: String] {
        var fields: [String: String] = [
            "Invoice ID": invoiceId, "Invoice Number": number ?? "N-\(invoiceId)", "Vendor ID": vendorId,
            "Vendor Name": vendorName, "Invoice Date": "2026-01-15", "Due Date": "2026-02-14",
            "Invoice Total": total ?? amount, "Approver": "dana@example.com", "Approved Date": "2026-01-16",
            "Line Number": String(line), "Line Description": "Line \(line)", "Line Amount": amount, "GL Account": gl,
        ]
        for (key, value) in overrides { fields[key] = value }
        return fields
    }

    /// The canonical values Ingest would record for `fields`.
    package static func normalized(_ fields: [String: String]) -> [String: String] {
        var normalized: [String: String] = [:]
        for (column, value) in fields where !value.isEmpty {
            if dateColumns.contains(column) {
                normalized[column] = value
            } else if amountColumns.contains(column), let money = Money(value) {
                normalized[column] = money.description
            } else if flagColumns.contains(column) {
                normalized[column] = value.uppercased().hasPrefix("Y") ? "Y" : "N"
            }
        }
        return normalized
    }

    /// A row that Ingest rejected, to be placed among a file's rows.
    package struct Rejected {
        package var fields: [String: String]
        package var column: String
        package var value: String
        package var expected: String

        package init(fields: [String: String], column: String, value: String, expected: String) {
            self.fields = fields
            self.column = column
            self.value = value
            self.expected = expected
        }
    }

    /// `FileFetched` then one `RowParsed` per row (rows start at 2, after the header), as Ingest commits a file.
    package static func file(
        _ kind: FileKind, name: String, rows: [[String: String]], rejected: [Int: Rejected] = [:]
    ) throws -> [NewEvent] {
        let fileSha = sha(name)
        let path = "\(kind.rawValue)/\(name)"
        let total = rows.count + rejected.count
        var events = [
            try NewEvent(
                FileFetched(
                    source: "stampli", kind: kind, path: path, size: Int64(total * 100), sha256: fileSha, isGzip: false,
                    rowCount: total, encoding: "utf-8", header: []), subject: "file:\(fileSha)")
        ]
        var parsed = rows.makeIterator()
        for index in 0..<total {
            let rowNumber = index + 2
            let key = ["invoices": "Invoice ID", "vendors": "Vendor ID", "payments": "Payment ID"][kind.rawValue] ?? ""
            let prefix = ["invoices": "invoice", "vendors": "vendor", "payments": "payment"][kind.rawValue] ?? "file"
            if let bad = rejected[rowNumber] {
                let subject = bad.fields[key].map { "\(prefix):\($0)" } ?? "file:\(fileSha)"
                events.append(
                    try NewEvent(
                        RowRejected(
                            kind: kind, fileSha256: fileSha, path: path, row: rowNumber, byteOffset: Int64(index * 100),
                            byteLength: 100, column: bad.column, value: bad.value, expected: bad.expected,
                            fields: bad.fields), subject: subject))
                continue
            }
            let fields = parsed.next()!
            events.append(
                try NewEvent(
                    RowParsed(
                        kind: kind, fileSha256: fileSha, path: path, row: rowNumber, byteOffset: Int64(index * 100),
                        byteLength: 100, fields: fields, normalized: normalized(fields), extra: [:]),
                    subject: "\(prefix):\(fields[key] ?? "")"))
        }
        return events
    }

    /// A vendors row.
    package static func vendorRow(_ id: String, name: String, _ overrides: [String: String] = [:]) -> [String: String] {
        var fields = ["Vendor ID": id, "Vendor Name": name, "Active": "Y"]
        for (key, value) in overrides { fields[key] = value }
        return fields
    }

    /// A payments row.
    package static func paymentRow(
        _ id: String, invoice: String, amount: String = "100.00", method: String = "Check", bank: String = "Operating",
        _ overrides: [String: String] = [:]
    ) -> [String: String] {
        var fields = [
            "Payment ID": id, "Invoice ID": invoice, "Payment Date": "2026-02-01", "Amount": amount, "Method": method,
            "Bank Account": bank, "Reference": "CHK-\(id)",
        ]
        for (key, value) in overrides { fields[key] = value }
        return fields
    }

    /// A reference record.
    package static func record(
        _ id: String, _ name: String, number: String? = nil, qualified: String? = nil, type: String? = nil,
        active: Bool = true
    ) -> ReferenceSynced.Record {
        ReferenceSynced.Record(
            id: id, name: name, fullyQualifiedName: qualified ?? name, acctNum: number, active: active,
            classification: type == nil
                ? nil : (type == "Bank" ? "Asset" : type == "Credit Card" ? "Liability" : "Expense"),
            accountType: type, syncToken: "0")
    }

    /// A `ReferenceSynced` event.
    package static func reference(_ entity: String, _ records: [ReferenceSynced.Record], full: Bool = true) throws
        -> NewEvent
    {
        try NewEvent(
            ReferenceSynced(entity: entity, full: full, records: records, asOf: "2026-01-01T00:00:00.000Z"),
            subject: "reference:\(entity)")
    }

    /// The reference data most golden tests use: expense accounts 6100 Office Supplies and 6200 Rent, a bank
    /// account Checking, a card account Company Visa, department New York, class Consulting:Advisory, term
    /// Net 30, customer Globex, and vendor Acme Supplies (Id 56).
    package static func standardReference() throws -> [NewEvent] {
        [
            try reference(
                "Account",
                [
                    record(
                        "7", "Office Supplies", number: "6100", qualified: "Expenses:Office Supplies", type: "Expense"),
                    record("8", "Rent or Lease", number: "6200", type: "Expense"),
                    record("9", "Old Travel", number: "6300", type: "Expense", active: false),
                    record("35", "Checking", number: "1000", type: "Bank"),
                    record("41", "Company Visa", number: "2100", type: "Credit Card"),
                ]),
            try reference("Department", [record("1", "New York")]),
            try reference("Class", [record("100", "Advisory", qualified: "Consulting:Advisory")]),
            try reference("Term", [record("3", "Net 30")]),
            try reference("Customer", [record("58", "Globex")]),
            try reference("Employee", [record("70", "Pat Smith")]),
            try reference("Vendor", [record("56", "Acme Supplies")]),
        ]
    }

    /// A mapping file's bytes from `Type,Stampli,QuickBooks` rows.
    package static func mappingBytes(_ rows: [(String, String, String)]) -> [UInt8] {
        Array((["Type,Stampli,QuickBooks"] + rows.map { "\($0.0),\($0.1),\($0.2)" }).joined(separator: "\n").utf8)
    }

    package static func vendorConfirmed(_ plan: VendorPlanned, qboId: String, active: Bool = true) throws -> NewEvent {
        try NewEvent(
            VendorConfirmed(
                stampliVendorId: plan.stampliVendorId, qboId: qboId, displayName: plan.fields.displayName,
                syncToken: "0",
                active: active, requestId: plan.requestId, contentHash: plan.contentHash,
                outcome: plan.action == "create" ? "created" : "updated"), subject: "vendor:\(plan.stampliVendorId)")
    }

    package static func billPosted(_ plan: BillPlanned, qboId: String) throws -> NewEvent {
        try NewEvent(
            BillPosted(
                invoiceId: plan.invoiceId, contentHash: plan.contentHash, requestId: plan.requestId,
                entity: plan.entity,
                qboId: qboId, syncToken: "0", docNumber: plan.docNumber, totalAmt: plan.total,
                vendorQboId: plan.vendorQboId, settledBy: "response"), subject: "invoice:\(plan.invoiceId)")
    }

    package static func writeRejected(
        entity: String, id: String, requestId: String, contentHash: String, code: String, message: String
    ) throws -> NewEvent {
        let prefix = ["Bill": "invoice", "VendorCredit": "invoice", "Vendor": "vendor", "BillPayment": "payment"][
            entity]!
        return try NewEvent(
            WriteRejected(
                entity: entity, stampliId: id, requestId: requestId, contentHash: contentHash, httpStatus: 400,
                code: code, message: message, detail: nil, element: nil), subject: "\(prefix):\(id)")
    }

    package static func retried(_ kind: String, _ id: String) throws -> NewEvent {
        try NewEvent(
            QuarantineRetried(itemKind: kind, stampliId: id, note: "fixed", actor: "ops"), subject: "\(kind):\(id)")
    }

    package static func dismissed(_ kind: String, _ id: String) throws -> NewEvent {
        try NewEvent(
            QuarantineDismissed(itemKind: kind, stampliId: id, note: "entered by hand", actor: "ops"),
            subject: "\(kind):\(id)")
    }

    package static func attachment(_ fileName: String, invoiceFile: String) throws -> NewEvent {
        try NewEvent(
            AttachmentFetched(
                fileName: fileName, path: "invoices/\(fileName)", sha256: sha("blob-" + fileName), size: 1234,
                invoiceFileSha256: sha(invoiceFile)), subject: "attachment:\(fileName)")
    }
}

/// A temporary SQLite event store with a fixed clock, removed when the value is released.
package final class TransformTestStore {
    package let directory: URL
    package let store: SQLiteEventStore

    package init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("transform-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteEventStore(
            path: directory.appendingPathComponent("events.sqlite").path, clock: FixedEventClock())
    }

    /// A second store opened on a copy of this one's database (a "restart from a copied database").
    package func copy() throws -> SQLiteEventStore {
        let target = directory.appendingPathComponent("copy-\(UUID().uuidString).sqlite")
        // WAL mode: the database is the main file plus its write-ahead log; copy both while nothing writes.
        let source = directory.appendingPathComponent("events.sqlite").path
        try FileManager.default.copyItem(atPath: source, toPath: target.path)
        if FileManager.default.fileExists(atPath: source + "-wal") {
            try FileManager.default.copyItem(atPath: source + "-wal", toPath: target.path + "-wal")
        }
        return try SQLiteEventStore(path: target.path, clock: FixedEventClock())
    }

    deinit { try? FileManager.default.removeItem(at: directory) }
}

extension TransformTestStore {
    /// A logger for stage runs in tests (never bootstrapped).
    package static let logger = Logger(label: "transform-tests")
}
