// The bad-input suite: a corpus of malformed invoices files is dropped beside a generated export, the real
// connector runs against the real emulator, and every malformed file must end as a clear rejection or
// quarantine that names its file (and row/column where there is one), while the generated export posts
// exactly as its manifest says.
import EventLog
import Foundation
import TestSupport

/// What one corpus file must end as.
enum BadInputOutcome {
    /// `ingest.file.rejected` for the file, naming `column` when given.
    case fileRejected(column: String?)
    /// `ingest.row.rejected` for a row of the file (naming `column` when given), and the invoice open in
    /// quarantine; a file rejection is accepted too when `orFile` is true (limits may refuse the file).
    case rowRejected(invoiceId: String?, column: String?, orFile: Bool)
    /// The invoice open in quarantine with a problem of this category that names the file (or, when
    /// `namesFile` is false, a problem about something beyond the file, such as a vendor: its column and value).
    case quarantined(invoiceId: String, category: String, namesFile: Bool = true)
    /// A header with no rows is an export with nothing new: `ingest.file.fetched` with 0 rows, nothing else.
    case fetchedEmpty
    /// A valid document (a negative total is a VendorCredit): posted, checked through the manifest.
    case posted(invoiceId: String)
}

/// One malformed (or tricky) invoices file.
struct BadInputCase {
    var name: String
    var fileName: String
    /// The kind's folder the file goes into.
    var folder = "invoices"
    var outcome: BadInputOutcome
    /// Writes the file; large cases stream to disk instead of building the bytes in memory.
    var write: (String) throws -> Void
}

/// The sizes that differ between the short run (tests) and the long run (`tools/proof/badinput.sh`).
struct BadInputScale {
    var invoices = 20
    var hugeFieldBytes = 3 << 20
    var columns = 10_000
    var junkBytes = 256 << 10
    var quoteBytes = 2 << 20
}

/// The outcome of one case.
struct BadInputResult {
    var name: String
    var holds: Bool
    var evidence: String
}

struct BadInputFigures {
    var results: [BadInputResult] = []
    var verdict: ProofVerdict?
    var runs = 0
    var peakRSSKilobytes = 0
    var peakRSSBeforeRunKilobytes = 0
    /// The largest peak resident set of one `run --once` (GNU time's %M), in KiB.
    var runPeakRSSKilobytes = 0
    var corpusBytes: Int64 = 0
    var wallSeconds = 0.0
    var exitStatuses: [Int32] = []
    var crashed: [String] = []

    var violations: [String] {
        results.filter { !$0.holds }.map { "case \($0.name): \($0.evidence)" } + (verdict?.violations ?? [])
            + crashed.map { "crash: \($0)" } + (verdict == nil ? ["the verdict was not computed"] : [])
    }

    var line: String {
        let held = results.filter(\.holds).count
        guard let verdict else { return "FIGURES badinput · no verdict" }
        return [
            "FIGURES badinput", "cases \(results.count) (held \(held), broken \(results.count - held))",
            "corpus \(String(format: "%.1f", Double(corpusBytes) / 1_048_576)) MiB",
            "generated invoices \(verdict.expected.values.reduce(0, +)): bills \(verdict.bills) + vendor credits \(verdict.vendorCredits)",
            "duplicates \(verdict.duplicates) · lost \(verdict.lost) · wrong \(verdict.wrong + verdict.postedBad)",
            "quarantined \(verdict.quarantined)", "audit verify \(verdict.auditStatus == 0 ? "ok" : "FAILED")",
            "run --once \(runs) (exit \(exitStatuses.map(String.init).joined(separator: ",")))", "crashes \(crashed.count)",
            "peak RSS of run --once \(runPeakRSSKilobytes / 1024) MiB (any child process \(peakRSSKilobytes / 1024) MiB, setup \(peakRSSBeforeRunKilobytes / 1024) MiB)", String(format: "wall %.1f s", wallSeconds),
        ].joined(separator: " · ")
    }
}

enum BadInputSuite {
    static let header = [
        "Invoice ID", "Invoice Number", "Vendor ID", "Vendor Name", "Invoice Date", "Due Date", "Currency",
        "Invoice Total", "Terms", "PO Number", "Memo", "Approved Date", "Approver", "Line Number",
        "Line Description", "Line Amount", "GL Account", "Department", "Class", "Customer", "Billable", "Attachment",
    ]

    /// Runs the suite. The generated export (with its manifest) is the "other invoices" that must be unaffected.
    static func run(scale: BadInputScale, keep: String?, log: (String) -> Void) throws -> BadInputFigures {
        let started = Date()
        let rig = try ProofRig(invoices: scale.invoices, keep: keep)
        let template = try goodTemplate(rig)
        let corpus = cases(template: template, scale: scale)
        let folder = rig.exportPath
        var figures = BadInputFigures()
        for item in corpus {
            let path = folder + "/" + item.folder + "/" + item.fileName
            try item.write(path)
            figures.corpusBytes += (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        }
        try addManifestEntries(rig, template: template)
        log("corpus of \(corpus.count) files (\(figures.corpusBytes) bytes) written to \(folder)")

        // Children so far (generator, init, connect) stay below this; the drain's figure is the connector's.
        figures.peakRSSBeforeRunKilobytes = peakChildRSSKilobytes()
        // Drain: run --once until it exits 0 with no backlog.
        while true {
            figures.runs += 1
            // Through GNU time, so the figure is this connector process's own peak resident set.
            let measured = rig.directory + "/run-rss.txt"
            let result = try ProcessRunner.run(
                "/usr/bin/time", ["-f", "%M", "-o", measured, URL(fileURLWithPath: ProofRig.connectorBinary).path, "run", "--once"],
                currentDirectory: rig.directory)
            let kilobytes = (try? String(contentsOfFile: measured, encoding: .utf8)).flatMap {
                $0.split(separator: "\n").last.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            }
            figures.runPeakRSSKilobytes = max(figures.runPeakRSSKilobytes, kilobytes ?? -1)
            figures.exitStatuses.append(result.status)
            if result.wasSignalled || result.stderr.contains("Command terminated by signal") || result.stderr.contains("Fatal error") {
                figures.crashed.append("run --once ended by \(result.wasSignalled ? "signal" : "exit") \(result.status): \(result.stderr.suffix(400))")
            }
            let backlog = try rig.backlog()
            if result.status == 0 && backlog == 0 { break }
            log("run \(figures.runs): exit \(result.status), backlog \(backlog): \(result.stderr.suffix(300))")
            guard figures.runs < 8 else { break }
        }
        figures.peakRSSKilobytes = peakChildRSSKilobytes()

        let fileRejections = try events(rig, FileRejected.type)
        let rowRejections = try events(rig, RowRejected.type)
        let fetches = try events(rig, FileFetched.type)
        let quarantine = try quarantineItems(rig)
        for item in corpus {
            figures.results.append(judge(
                item, fileRejections: fileRejections, rowRejections: rowRejections, fetches: fetches, quarantine: quarantine))
        }
        figures.verdict = try ProofVerdict.check(rig)
        figures.results.append(try windows1252Configured(log: log))
        figures.wallSeconds = Date().timeIntervalSince(started)
        return figures
    }

    /// With `encoding = "windows-1252"` configured, an export written in windows-1252 decodes correctly
    /// (é, ü, the en dash and € are one byte each there) and its invoice posts.
    static func windows1252Configured(log: (String) -> Void) throws -> BadInputResult {
        let name = "windows-1252-configured"
        let rig = try ProofRig(invoices: 5, encoding: "windows-1252")
        let template = try goodTemplate(rig)
        let memo = "Caf\u{E9} M\u{FC}ller \u{2013} 5 \u{20AC}"
        let values = base(template, id: "CP1252-OK", number: "CP1252OK", total: "10.00")
        var data = Data((header.joined(separator: ",") + "\n").utf8)
        data.append(windows1252(header.map { $0 == "Memo" ? memo : quoteCSV(values[$0] ?? "") }.joined(separator: ",") + "\n"))
        try data.write(to: URL(fileURLWithPath: rig.exportPath + "/invoices/cp1252.csv"))
        let result = try rig.run(["run", "--once"])
        guard result.status == 0 else { return .init(name: name, holds: false, evidence: "run --once exited \(result.status): \(result.stderr.suffix(300))") }
        let rows = try events(rig, RowParsed.type)
        let decoded = rows.contains { payload in
            String(data: (try? JSONSerialization.data(withJSONObject: payload)) ?? Data(), encoding: .utf8)?.contains(memo) == true
        }
        let rejected = try events(rig, RowRejected.type).filter { ($0["path"] as? String)?.hasSuffix("cp1252.csv") == true }
        let posted = ProofVerdict.documents(try rig.admin("/admin/state"))["CP1252OK"]?.count ?? 0
        let holds = decoded && rejected.isEmpty && posted == 1
        return .init(
            name: name, holds: holds,
            evidence: "Memo decoded as \"\(memo)\": \(decoded), rows rejected \(rejected.count), documents posted \(posted)")
    }

    /// Field values of one good generated invoice line (a posted bill's vendor, GL code and department).
    static func goodTemplate(_ rig: ProofRig) throws -> [String: String] {
        let manifest = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: rig.exportPath + "/manifest.json"))) as? [[String: Any]] ?? []
        let bills = Set(manifest.filter { $0["outcome"] as? String == "bill" }.compactMap { $0["invoiceId"] as? String })
        let folder = rig.exportPath + "/invoices"
        for name in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where name.hasSuffix(".csv") {
            let lines = try String(contentsOfFile: folder + "/" + name, encoding: .utf8).split(whereSeparator: \.isNewline)
            guard let head = lines.first.map({ splitCSV(String($0)) }) else { continue }
            for line in lines.dropFirst() {
                let values = splitCSV(String(line))
                guard values.count == head.count else { continue }
                let row = Dictionary(zip(head, values), uniquingKeysWith: { a, _ in a })
                if let id = row["Invoice ID"], bills.contains(id), row["Currency"] == "USD" || row["Currency"] == "" { return row }
            }
        }
        throw ProofError("no posted bill in the generated export to borrow a vendor from")
    }

    /// A small CSV line splitter for the generator's own output (quoted fields, `""` escapes, no line breaks).
    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var characters = Array(line.replacingOccurrences(of: "\r", with: ""))[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
                } else { field.append(character) }
            } else if character == "\"" { quoted = true
            } else if character == "," { fields.append(field); field = ""
            } else { field.append(character) }
        }
        fields.append(field)
        return fields
    }

    static func quoteCSV(_ value: String) -> String {
        value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    /// One invoice line built from the template with `changes` applied.
    static func line(_ template: [String: String], _ changes: [String: String]) -> String {
        header.map { quoteCSV(changes[$0] ?? template[$0] ?? "") }.joined(separator: ",")
    }

    static func base(_ template: [String: String], id: String, number: String, total: String) -> [String: String] {
        var values = template
        values["Invoice ID"] = id
        values["Invoice Number"] = number
        values["Invoice Total"] = total
        values["PO Number"] = ""
        values["Attachment"] = ""
        values["Memo"] = "bad-input corpus"
        values["Line Number"] = "1"
        values["Line Amount"] = total
        values["Customer"] = ""
        values["Billable"] = "N"
        return values
    }

    static func text(_ lines: [String]) -> (String) throws -> Void {
        { path in try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path)) }
    }

    static func cases(template: [String: String], scale: BadInputScale) -> [BadInputCase] {
        let head = header.joined(separator: ",")
        func invoice(_ id: String, _ number: String, _ total: String) -> [String: String] { base(template, id: id, number: number, total: total) }
        func rows(_ id: String, _ number: String, _ total: String, _ lines: [[String: String]]) -> [String] {
            [head] + lines.map { line(invoice(id, number, total), $0) }
        }
        var list: [BadInputCase] = []
        func add(_ name: String, _ outcome: BadInputOutcome, file: String? = nil, _ write: @escaping (String) throws -> Void) {
            list.append(BadInputCase(name: name, fileName: file ?? "bad-\(name).csv", outcome: outcome, write: write))
        }

        // The failures stampli-export.md names.
        let missing = header.filter { $0 != "Invoice Total" }
        add("missing-required-column", .fileRejected(column: "Invoice Total"),
            text([missing.joined(separator: ",")] + [header.filter { $0 != "Invoice Total" }.map { quoteCSV(invoice("BAD-MISSING", "BADMISS", "10.00")[$0] ?? "") }.joined(separator: ",")]))
        add("total-mismatch", .quarantined(invoiceId: "BAD-TOTAL", category: "total-mismatch"),
            text(rows("BAD-TOTAL", "BADTOTAL", "100.00", [["Line Amount": "40.00"], ["Line Number": "2", "Line Amount": "50.00"]])))
        add("duplicate-line-numbers", .quarantined(invoiceId: "BAD-DUPLINE", category: "duplicate-line-number"),
            text(rows("BAD-DUPLINE", "BADDUPLINE", "20.00", [["Line Amount": "10.00"], ["Line Amount": "10.00"]])))
        add("header-disagreement", .quarantined(invoiceId: "BAD-HEADER", category: "header-mismatch"),
            text(rows("BAD-HEADER", "BADHEADER", "20.00", [["Line Amount": "10.00"], ["Line Number": "2", "Line Amount": "10.00", "Invoice Date": "2026-10-01"]])))
        add("department-conflict", .quarantined(invoiceId: "BAD-DEPT", category: "department-conflict"),
            text(rows("BAD-DEPT", "BADDEPT", "20.00", [["Line Amount": "10.00", "Department": "WEST"], ["Line Number": "2", "Line Amount": "10.00", "Department": "EAST"]])))
        add("bad-date", .rowRejected(invoiceId: "BAD-DATE", column: "Invoice Date", orFile: false),
            text(rows("BAD-DATE", "BADDATE", "10.00", [["Invoice Date": "2026-13-45"]])))
        add("bad-amount", .rowRejected(invoiceId: "BAD-AMOUNT", column: "Line Amount", orFile: false),
            text(rows("BAD-AMOUNT", "BADAMOUNT", "10.00", [["Line Amount": "12,x4"]])))
        add("bad-total-amount", .rowRejected(invoiceId: "BAD-TOTALTEXT", column: "Invoice Total", orFile: false),
            text(rows("BAD-TOTALTEXT", "BADTOTALTEXT", "ten dollars", [["Line Amount": "10.00"]])))
        add("doc-number-too-long", .quarantined(invoiceId: "BAD-DOCNUM", category: "doc-number-too-long"),
            text(rows("BAD-DOCNUM", "BAD-DOCNUMBER-FAR-TOO-LONG-FOR-QBO", "10.00", [[:]])))
        add("negative-total", .posted(invoiceId: "BAD-NEGATIVE"),
            text(rows("BAD-NEGATIVE", "BADNEG", "-75.00", [["Line Amount": "-75.00"]])))
        add("unknown-vendor", .quarantined(invoiceId: "BAD-VENDOR", category: "vendor-unknown", namesFile: false),
            text(rows("BAD-VENDOR", "BADVENDOR", "10.00", [["Vendor ID": "V-NOT-EXPORTED", "Vendor Name": "Nobody Exported Ltd"]])))

        // Hostile bytes.
        let junkBytes = scale.junkBytes
        add("binary-junk", .fileRejected(column: nil)) { path in
            var random = ProofRandom(seed: 99)
            var bytes = [UInt8](repeating: 0, count: junkBytes)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: random.next()) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        }
        let gzipSource = rows("BAD-GZIP", "BADGZIP", "10.00", [[:]]) + (2...400).map { line(invoice("BAD-GZIP-\($0)", "BADGZ\($0)", "10.00"), [:]) }
        add("truncated-gzip", .fileRejected(column: nil), file: "bad-truncated-gzip.csv.gz") { path in
            try text(gzipSource)(path + ".plain")
            let zipped = try ProcessRunner.run("/bin/sh", ["-c", "gzip -c '\(path).plain' > '\(path)' && rm '\(path).plain'"])
            guard zipped.status == 0 else { throw ProofError("gzip failed: \(zipped.stderr)") }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            try data.prefix(data.count / 2).write(to: URL(fileURLWithPath: path))
        }
        let hugeBytes = scale.hugeFieldBytes
        add("huge-field", .rowRejected(invoiceId: "BAD-HUGE", column: nil, orFile: true)) { path in
            try streamed(path) { write in
                write(Data((head + "\n").utf8))
                let values = invoice("BAD-HUGE", "BADHUGE", "10.00")
                for (index, name) in header.enumerated() {
                    if index > 0 { write(Data(",".utf8)) }
                    if name == "Memo" {
                        let chunk = Data(repeating: UInt8(ascii: "m"), count: 1 << 20)
                        var left = hugeBytes
                        while left > 0 { write(chunk.prefix(left)); left -= min(left, chunk.count) }
                    } else {
                        write(Data(quoteCSV(values[name] ?? "").utf8))
                    }
                }
                write(Data("\n".utf8))
            }
        }
        let columns = scale.columns
        add("many-columns", .fileRejected(column: nil)) { path in
            try streamed(path) { write in
                write(Data(head.utf8))
                for index in 0..<columns { write(Data(",Extra \(index)".utf8)) }
                write(Data("\n".utf8))
                write(Data(line(invoice("BAD-COLUMNS", "BADCOLUMNS", "10.00"), [:]).utf8))
                for _ in 0..<columns { write(Data(",x".utf8)) }
                write(Data("\n".utf8))
            }
        }
        let quoteBytes = scale.quoteBytes
        add("deeply-quoted", .rowRejected(invoiceId: "BAD-QUOTED", column: nil, orFile: true)) { path in
            // A Memo that opens a quote, then holds nothing but escaped quotes and line breaks, and never closes.
            try streamed(path) { write in
                write(Data((head + "\n").utf8))
                let values = invoice("BAD-QUOTED", "BADQUOTED", "10.00")
                write(Data((header.prefix(10).map { quoteCSV(values[$0] ?? "") }.joined(separator: ",") + ",\"").utf8))
                let chunk = Data(String(repeating: "\"\"\"\"\n,", count: 1 << 14).utf8)
                var left = quoteBytes
                while left > 0 { write(chunk.prefix(left)); left -= min(left, chunk.count) }
            }
        }
        add("invalid-utf8", .rowRejected(invoiceId: "BAD-UTF8", column: "Vendor Name", orFile: true)) { path in
            var data = Data((head + "\n").utf8)
            let values = invoice("BAD-UTF8", "BADUTF8", "10.00")
            let fields: [Data] = header.map { name in
                name == "Vendor Name" ? Data([0x41, 0xC3, 0x28, 0xFF, 0xFE, 0x42]) : Data(quoteCSV(values[name] ?? "").utf8)
            }
            for (index, field) in fields.enumerated() {
                if index > 0 { data.append(Data(",".utf8)) }
                data.append(field)
            }
            data.append(Data("\n".utf8))
            try data.write(to: URL(fileURLWithPath: path))
        }
        // Encodings: a windows-1252 export read as UTF-8 (the default), and one file mixing both.
        add("windows-1252-unconfigured", .rowRejected(invoiceId: "BAD-CP1252", column: "Vendor Name", orFile: false)) { path in
            let values = invoice("BAD-CP1252", "BADCP1252", "10.00")
            var data = Data((head + "\n").utf8)
            data.append(windows1252(header.map { name in name == "Vendor Name" ? "Caf\u{E9} M\u{FC}ller \u{2013} \u{20AC}" : quoteCSV(values[name] ?? "") }.joined(separator: ",") + "\n"))
            try data.write(to: URL(fileURLWithPath: path))
        }
        add("mixed-encodings", .rowRejected(invoiceId: "BAD-MIXED", column: "Memo", orFile: false)) { path in
            // Row 2: a valid invoice in UTF-8 (it must post); row 3: another invoice whose Memo is windows-1252.
            var data = Data((head + "\n").utf8)
            data.append(Data((line(invoice("GOOD-MIXED", "GOODMIXED", "10.00"), ["Memo": "Caf\u{E9} \u{2013} UTF-8"]) + "\n").utf8))
            let values = invoice("BAD-MIXED", "BADMIXED", "10.00")
            data.append(windows1252(header.map { name in name == "Memo" ? "Caf\u{E9} \u{2013} 1252" : quoteCSV(values[name] ?? "") }.joined(separator: ",") + "\n"))
            try data.write(to: URL(fileURLWithPath: path))
        }
        add("header-only", .fetchedEmpty, text([head]))
        add("empty", .fileRejected(column: nil)) { path in try Data().write(to: URL(fileURLWithPath: path)) }

        // The other kinds: every failure stampli-export.md names for them (missing required columns, values
        // that are not what the column holds, a payment for an invoice the export does not have).
        func other(_ name: String, _ folder: String, _ outcome: BadInputOutcome, _ lines: [String]) {
            list.append(BadInputCase(name: name, fileName: "bad-\(name).csv", folder: folder, outcome: outcome, write: text(lines)))
        }
        let vendorHead = "Vendor ID,Vendor Name,Legal Name,Address 1,Address 2,City,State,Postal Code,Country,Tax ID,Email,Phone,Terms,Currency,1099,Active"
        other("vendors-missing-name-column", "vendors", .fileRejected(column: "Vendor Name"),
            ["Vendor ID,Legal Name,Active", "V-BAD-1,Nameless Ltd,Y"])
        other("vendors-empty-id", "vendors", .rowRejected(invoiceId: nil, column: "Vendor ID", orFile: false),
            [vendorHead, ",Empty Id Supplies,,,,,,,,,,,,USD,N,Y"])
        other("vendors-bad-active", "vendors", .rowRejected(invoiceId: nil, column: "Active", orFile: false),
            [vendorHead, "V-BAD-2,Maybe Active Ltd,,,,,,,,,,,,USD,N,perhaps"])
        other("vendors-bad-1099", "vendors", .rowRejected(invoiceId: nil, column: "1099", orFile: false),
            [vendorHead, "V-BAD-3,Ten Ninety Nine Ltd,,,,,,,,,,,,USD,sometimes,Y"])
        let glHead = "GL Code,GL Name,GL Type,Active"
        other("gl-missing-code-column", "gl_accounts", .fileRejected(column: "GL Code"), ["GL Name,GL Type,Active", "Nothing,Expense,Y"])
        other("gl-empty-code", "gl_accounts", .rowRejected(invoiceId: nil, column: "GL Code", orFile: false), [glHead, ",No Code,Expense,Y"])
        other("gl-bad-active", "gl_accounts", .rowRejected(invoiceId: nil, column: "Active", orFile: false), [glHead, "9991,Odd,Expense,later"])
        let poHead = "PO Number,Vendor ID,PO Date,Line Number,Description,Amount,GL Account,Status"
        let vendor = template["Vendor ID"] ?? "V-0001"
        other("po-missing-amount-column", "purchase_orders", .fileRejected(column: "Amount"),
            ["PO Number,Vendor ID,PO Date,Line Number,Description,GL Account,Status", "PO-BAD-1,\(vendor),2026-10-01,1,Toner,6100,Open"])
        other("po-bad-date", "purchase_orders", .rowRejected(invoiceId: nil, column: "PO Date", orFile: false),
            [poHead, "PO-BAD-2,\(vendor),2026-02-30,1,Toner,10.00,6100,Open"])
        other("po-bad-amount", "purchase_orders", .rowRejected(invoiceId: nil, column: "Amount", orFile: false),
            [poHead, "PO-BAD-3,\(vendor),2026-10-01,1,Toner,1O.00,6100,Open"])
        other("po-bad-line-number", "purchase_orders", .rowRejected(invoiceId: nil, column: "Line Number", orFile: false),
            [poHead, "PO-BAD-4,\(vendor),2026-10-01,one,Toner,10.00,6100,Open"])
        let paymentHead = "Payment ID,Invoice ID,Payment Date,Amount,Method,Bank Account,Reference"
        other("payments-missing-invoice-column", "payments", .fileRejected(column: "Invoice ID"),
            ["Payment ID,Payment Date,Amount,Method,Bank Account,Reference", "PAY-BAD-1,2026-11-22,10.00,Check,Operating,CHK-1"])
        other("payments-bad-date", "payments", .rowRejected(invoiceId: nil, column: "Payment Date", orFile: false),
            [paymentHead, "PAY-BAD-2,INV-000001,22/11/2026,10.00,Check,Operating,CHK-2"])
        other("payments-bad-amount", "payments", .rowRejected(invoiceId: nil, column: "Amount", orFile: false),
            [paymentHead, "PAY-BAD-3,INV-000001,2026-11-22,ten,Check,Operating,CHK-3"])
        other("payments-unknown-invoice", "payments", .quarantined(invoiceId: "PAY-BAD-4", category: "bill-unknown", namesFile: true),
            [paymentHead, "PAY-BAD-4,INV-NOT-EXPORTED,2026-11-22,10.00,Check,Operating,CHK-4"])
        return list
    }

    /// `text` in windows-1252 (every character used here has a code point in it).
    static func windows1252(_ text: String) -> Data {
        let high: [Character: UInt8] = ["\u{20AC}": 0x80, "\u{2013}": 0x96, "\u{2014}": 0x97]
        return Data(text.map { character -> UInt8 in
            if let byte = high[character] { return byte }
            let scalar = character.unicodeScalars.first!.value
            return scalar < 0x100 ? UInt8(scalar) : UInt8(ascii: "?")
        })
    }

    /// Writes a file through a buffered handle.
    static func streamed(_ path: String, _ body: ((Data) -> Void) -> Void) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        var buffer = Data()
        body { data in
            buffer.append(data)
            if buffer.count >= 1 << 20 {
                handle.write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        handle.write(buffer)
        try handle.close()
    }

    /// The corpus's one valid document goes into the manifest, so the verdict checks it posted exactly once.
    static func addManifestEntries(_ rig: ProofRig, template: [String: String]) throws {
        let url = URL(fileURLWithPath: rig.exportPath + "/manifest.json")
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] ?? []
        manifest.append([
            "invoiceId": "BAD-NEGATIVE", "docNumber": "BADNEG", "lines": 1, "outcome": "vendor-credit", "total": "-75.00",
            "vendorId": template["Vendor ID"] ?? "",
        ])
        manifest.append([
            "invoiceId": "GOOD-MIXED", "docNumber": "GOODMIXED", "lines": 1, "outcome": "bill", "total": "10.00",
            "vendorId": template["Vendor ID"] ?? "",
        ])
        try JSONSerialization.data(withJSONObject: manifest).write(to: url)
    }

    /// Payloads of every event of one type, through `events --json`.
    static func events(_ rig: ProofRig, _ type: String) throws -> [[String: Any]] {
        let listed = try rig.run(["events", "--type", type, "--limit", "1000000", "--json"])
        guard listed.status == 0 else { throw ProofError("events --type \(type) exited \(listed.status): \(listed.stderr)") }
        let object = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any] ?? [:]
        return (object["events"] as? [[String: Any]] ?? []).compactMap { $0["payload"] as? [String: Any] }
    }

    /// Open quarantine items by Stampli id: their problems.
    static func quarantineItems(_ rig: ProofRig) throws -> [String: [[String: Any]]] {
        let listed = try rig.run(["quarantine", "list", "--json"])
        guard listed.status == 0 else { throw ProofError("quarantine list exited \(listed.status): \(listed.stderr)") }
        let object = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any] ?? [:]
        var items: [String: [[String: Any]]] = [:]
        for item in object["items"] as? [[String: Any]] ?? [] where (item["isDismissed"] as? Bool) != true {
            items[item["stampliId"] as? String ?? "", default: []] += item["problems"] as? [[String: Any]] ?? []
        }
        return items
    }

    static func judge(
        _ item: BadInputCase, fileRejections: [[String: Any]], rowRejections: [[String: Any]], fetches: [[String: Any]],
        quarantine: [String: [[String: Any]]]
    ) -> BadInputResult {
        func names(_ payload: [String: Any], _ key: String = "path") -> Bool {
            (payload[key] as? String)?.hasSuffix("/" + item.fileName) == true || payload[key] as? String == item.fileName
        }
        func describe(_ payload: [String: Any]) -> String {
            ["reason", "column", "row", "value", "expected", "category", "message"].compactMap { key in
                payload[key].map { "\(key)=\(String(describing: $0).prefix(120))" }
            }.joined(separator: " ")
        }
        let rejected = fileRejections.filter { names($0) }
        let rows = rowRejections.filter { names($0) }
        switch item.outcome {
        case .fileRejected(let column):
            guard let first = rejected.first else {
                return .init(name: item.name, holds: false, evidence: "no ingest.file.rejected (row rejections \(rows.count))")
            }
            if let column, first["column"] as? String != column {
                return .init(name: item.name, holds: false, evidence: "file rejected without naming \(column): \(describe(first))")
            }
            return .init(name: item.name, holds: true, evidence: "file rejected: \(describe(first))")
        case .rowRejected(let invoiceId, let column, let orFile):
            if orFile, let first = rejected.first {
                return .init(name: item.name, holds: true, evidence: "file rejected: \(describe(first))")
            }
            guard let first = rows.first(where: { column == nil || $0["column"] as? String == column }) else {
                return .init(name: item.name, holds: false, evidence: "no ingest.row.rejected naming \(column ?? "a column") (file rejections \(rejected.count), rows \(rows.map(describe)))")
            }
            guard first["row"] is Int else { return .init(name: item.name, holds: false, evidence: "row rejection without a row: \(describe(first))") }
            guard let invoiceId else { return .init(name: item.name, holds: true, evidence: "row rejected: \(describe(first))") }
            guard let problems = quarantine[invoiceId], !problems.isEmpty else {
                return .init(name: item.name, holds: false, evidence: "row rejected (\(describe(first))) but \(invoiceId) is not in quarantine")
            }
            return .init(name: item.name, holds: true, evidence: "row rejected: \(describe(first)); quarantined: \(problems.map { $0["category"] as? String ?? "?" })")
        case .fetchedEmpty:
            guard rejected.isEmpty && rows.isEmpty, let fetched = fetches.first(where: { names($0) }) else {
                return .init(name: item.name, holds: false, evidence: "not fetched as an empty file (rejections \(rejected.map(describe)))")
            }
            return .init(name: item.name, holds: fetched["rowCount"] as? Int == 0, evidence: "fetched with rowCount \(fetched["rowCount"] ?? "?")")
        case .quarantined(let invoiceId, let category, let namesFile):
            guard let problems = quarantine[invoiceId] else {
                return .init(name: item.name, holds: false, evidence: "\(invoiceId) not in quarantine (file rejections \(rejected.map(describe)), row rejections \(rows.map(describe)))")
            }
            guard let problem = problems.first(where: { $0["category"] as? String == category }) else {
                return .init(name: item.name, holds: false, evidence: "\(invoiceId) quarantined for \(problems.map(describe)), not \(category)")
            }
            if !namesFile {
                let named = problem["column"] is String && problem["value"] is String
                return .init(name: item.name, holds: named, evidence: "quarantined (names column and value, not the file): \(describe(problem))")
            }
            guard names(problem, "file") else {
                return .init(name: item.name, holds: false, evidence: "the \(category) problem does not name the file: \(describe(problem))")
            }
            return .init(name: item.name, holds: true, evidence: "quarantined: \(describe(problem))")
        case .posted(let invoiceId):
            // Posting is checked by the verdict (the manifest names it); here: neither rejected nor quarantined.
            if let problems = quarantine[invoiceId] {
                return .init(name: item.name, holds: false, evidence: "\(invoiceId) quarantined: \(problems.map(describe))")
            }
            return .init(name: item.name, holds: rejected.isEmpty && rows.isEmpty, evidence: "valid document, not rejected")
        }
    }

    /// The largest resident set of any child process waited for so far (the connector runs), in KiB.
    static func peakChildRSSKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        return usage.ru_maxrss
    }
}
