import EventLog
import Foundation
import TestSupport
import Testing

@testable import Transform

@Suite struct PurityAndScannerTests {
    @Test func transformSourcesUseNoClockRandomnessFilesOrNetwork() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Transform")
        let files = FileManager.default.enumerator(atPath: root.path)!.compactMap { $0 as? String }.filter {
            $0.hasSuffix(".swift")
        }
        #expect(files.count > 10)
        let forbidden = [
            "Date()", "UUID()", "FileManager", "ProcessInfo", ".random(", "SystemRandomNumberGenerator", "URLSession",
            "import Foundation",
        ]
        for file in files {
            let text = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
            for word in forbidden { #expect(!text.contains(word), "\(file) uses \(word)") }
            let imports = text.split(separator: "\n").filter {
                $0.hasPrefix("import ") || $0.hasPrefix("package import ")
            }
            .map { $0.split(separator: " ").last.map(String.init) ?? "" }
            #expect(Set(imports).isSubset(of: ["EventLog", "Logging"]), "\(file) imports \(imports)")
        }
    }

    @Test func scannerReadsRowPayloadsExactlyAsTheDecoderDoes() throws {
        let tricky = [
            "quote \" and backslash \\ and slash /", "tab\tnew\nline\r", "ünïcødé € 😀", "\u{01}\u{1F}", "", " padded ",
        ]
        for (index, text) in tricky.enumerated() {
            let row = RowParsed(
                kind: .invoices, fileSha256: "abc", path: "invoices/a b.csv", row: index + 2,
                byteOffset: 123_456_789_012,
                byteLength: 77, fields: ["Invoice ID": "I-\(index)", "Memo": text, text: "key"],
                normalized: ["Line Amount": "1.50"], extra: ["Odd Column": text])
            let event = try NewEvent(row, subject: "invoice:I")
            let scanned = try #require(RowPayloadScanner.row(seq: 9, payload: event.payload))
            #expect(scanned.fields.dictionary == row.fields)
            #expect(scanned.normalized.dictionary == row.normalized)
            for (column, value) in row.fields { #expect(scanned.fields[column] == value) }
            #expect(scanned.fields["Not A Column"] == nil)
            #expect(scanned.row == row.row && scanned.path == row.path && scanned.fileSha256 == row.fileSha256)
            #expect(scanned.kind == .invoices)
        }
    }

    @Test func plainRowsKeepTheirBytesAndReadAsTheDecodedStrings() throws {
        func scan(_ fields: [String: String], row: Int = 2) throws -> SourceRow {
            let parsed = RowParsed(
                kind: .invoices, fileSha256: "f", path: "p", row: row, byteOffset: 0, byteLength: 1, fields: fields,
                normalized: ["Line Amount": "1.50"], extra: [:])
            return try #require(RowPayloadScanner.row(seq: 1, payload: try NewEvent(parsed, subject: "invoice:I").payload))
        }
        let fields = ["Invoice ID": "I-1", "Memo": " padded ", "Vendor Name": "Ünïcødé Vendor", "Customer": ""]
        let plain = try scan(fields)
        #expect(plain.fields.dictionary == fields)
        #expect(plain.raw("Memo") == "padded" && plain.raw("Vendor Name") == "Ünïcødé Vendor")
        #expect(plain.raw("Customer") == "" && plain.raw("Absent") == "" && plain.fields["Absent"] == nil)
        #expect(plain.value("Line Amount") == "1.50" && plain.value("Invoice ID") == "I-1")
        // The same columns in another row (and in a row whose Memo needs an escape, read as strings).
        let other = try scan(fields.merging(["Memo": "other"]) { $1 }, row: 3)
        let escaped = try scan(fields.merging(["Memo": "say \"hi\""]) { $1 }, row: 4)
        #expect(escaped.raw("Memo") == "say \"hi\"")
        #expect(plain.fields.hasSameColumns(as: other.fields) && plain.fields.hasSameColumns(as: escaped.fields))
        #expect(!plain.fields.hasSameColumns(as: try scan(["Invoice ID": "I-1"]).fields))
        let id = plain.fields.index(of: "Invoice ID")
        let memo = plain.fields.index(of: "Memo")
        #expect(plain.fields.hasSameBytes(at: id, as: other.fields, at: id))
        #expect(!plain.fields.hasSameBytes(at: memo, as: other.fields, at: memo))
        #expect(plain.fields.hasSameBytes(at: nil, as: other.fields, at: nil))
        #expect(!plain.fields.hasSameBytes(at: id, as: other.fields, at: nil))
        // Columns match on their exact UTF-8 length, as before (the Kelvin sign is canonically "K" but longer);
        // a column name beyond ASCII is read as strings.
        #expect(try scan(["K": "x"]).fields["\u{212A}"] == nil)
        #expect(try scan(["K": "x"]).fields["K"] == "x")
        #expect(try scan(["Caf\u{E9}": "x"]).fields["Caf\u{E9}"] == "x")
    }

    @Test func rowsOfOneFileShareTheirColumnLayoutOnlyWhileTheyListTheSameColumns() throws {
        func scan(_ fields: [String: String], after previous: SourceRow?) throws -> SourceRow {
            let parsed = RowParsed(
                kind: .invoices, fileSha256: "f", path: "p", row: 2, byteOffset: 0, byteLength: 1, fields: fields,
                normalized: ["Line Amount": "1.50"], extra: [:])
            let payload = try NewEvent(parsed, subject: "invoice:I").payload
            return try #require(RowPayloadScanner.row(seq: 1, payload: payload, previous: previous))
        }
        let first = try scan(["Invoice ID": "A", "Line Number": "1", "Terms": "Net 30"], after: nil)
        let same = try scan(["Invoice ID": "B", "Line Number": "2", "Terms": "Net 60"], after: first)
        // One column renamed, same count and lengths: "Terms" becomes "Termz".
        let renamed = try scan(["Invoice ID": "C", "Line Number": "3", "Termz": "Net 90"], after: same)
        let fewer = try scan(["Invoice ID": "D", "Line Number": "4"], after: renamed)
        #expect(first.fields.columnLayout != nil && first.fields.columnLayout === same.fields.columnLayout)
        #expect(renamed.fields.columnLayout !== same.fields.columnLayout)
        #expect(fewer.fields.columnLayout !== renamed.fields.columnLayout)
        #expect([first, same, renamed, fewer].map { $0.raw(.invoiceId) } == ["A", "B", "C", "D"])
        #expect([first, same, renamed, fewer].map { $0.raw(.lineNumber) } == ["1", "2", "3", "4"])
        #expect([first, same, renamed, fewer].map { $0.raw(.terms) } == ["Net 30", "Net 60", "", ""])
        #expect(renamed.raw("Termz") == "Net 90" && renamed.fields.index(of: .terms) == nil)
        #expect([first, same, renamed, fewer].map { $0.value(.lineAmount) } == ["1.50", "1.50", "1.50", "1.50"])
        #expect(first.fields.hasSameColumns(as: same.fields) && !same.fields.hasSameColumns(as: renamed.fields))
    }

    @Test func planSeqsReadAndWriteLikeADictionary() {
        var plans = TransformState.PlanSeqs()
        #expect(plans["a"] == nil)
        plans["a"] = 1
        plans["b"] = 2
        plans["a"] = 3
        #expect(plans["a"] == 3 && plans["b"] == 2)
        plans["a"] = nil
        plans["c"] = nil
        #expect(plans["a"] == nil && plans["b"] == 2 && plans["c"] == nil)
        plans["a"] = 4
        #expect(plans["a"] == 4 && plans["b"] == 2)
    }

    @Test func payloadEventsCarryWhatTransformReadsOfEachEvent() throws {
        let harness = try TransformHarness.standard()
        let whole = try harness.store.events(after: 1, limit: 3)
        let light = try harness.store.payloadEvents(after: 1, limit: 3)
        #expect(whole.count == 3 && light.count == 3)
        for (event, payloadEvent) in zip(whole, light) {
            #expect(payloadEvent.seq == event.seq && payloadEvent.type == event.type)
            #expect(payloadEvent.version == event.version && payloadEvent.stage == event.stage)
            #expect(payloadEvent.payload == event.payload && !payloadEvent.payload.isEmpty)
            #expect(payloadEvent.subject.isEmpty && payloadEvent.hash.isEmpty && payloadEvent.prevHash.isEmpty)
        }
        #expect(try harness.store.payloadEvents(after: 0, limit: 100).map(\.seq) == (try harness.store.events(after: 0, limit: 100).map(\.seq)))
    }

    @Test func scannerFindsASpecialByteAtAnyPositionOfALongString() throws {
        // Strings are scanned eight bytes at a time: a quote, backslash, control byte or (in a key) a byte
        // beyond ASCII must be found wherever it falls in a word.
        for position in 0..<24 {
            let prefix = String(repeating: "x", count: position)
            for special in ["\"", "\\", "\n", "\u{01}", "é"] {
                let text = prefix + special + "tail after the special byte"
                let row = RowParsed(
                    kind: .invoices, fileSha256: "f", path: "p", row: 2, byteOffset: 0, byteLength: 1,
                    fields: ["Memo": text, text: "as key", "Z": prefix], normalized: [:], extra: ["Odd": text])
                let scanned = try #require(
                    RowPayloadScanner.row(seq: 1, payload: try NewEvent(row, subject: "invoice:I").payload))
                #expect(scanned.fields.dictionary == row.fields)
                #expect(scanned.fields["Memo"] == text && scanned.fields[text] == "as key")
            }
            // A raw control byte is not JSON: declined, wherever it is.
            let raw = #"{"fields":{"a":""# + prefix + "\u{01}" + #""},"fileSha256":"f","kind":"invoices","normalized":{},"path":"p","row":2}"#
            #expect(RowPayloadScanner.row(seq: 1, payload: Array(raw.utf8)) == nil)
        }
    }

    @Test func scannerDeclinesAnythingElse() {
        let unordered = #"{"fields":{"b":"1","a":"2"},"fileSha256":"f","kind":"invoices","normalized":{},"path":"p","row":2}"#
        let repeated = #"{"fields":{"a":"1","a":"2"},"fileSha256":"f","kind":"invoices","normalized":{},"path":"p","row":2}"#
        let canonical = #"{"fields":{"a":"1","b":"2"},"fileSha256":"f","kind":"invoices","normalized":{},"path":"p","row":2}"#
        #expect(RowPayloadScanner.row(seq: 1, payload: Array(canonical.utf8))?.fields["b"] == "2")
        for text in [
            #"{"row":1}"#, #"{"kind":"invoices","extraKey":1}"#, "[]", #"{"fields":{"a":1}}"#, "", unordered, repeated,
        ] {
            #expect(RowPayloadScanner.row(seq: 1, payload: Array(text.utf8)) == nil)
        }
    }

    @Test func requestIdsAreShortDeterministicAndChangeWithTheAttempt() {
        let first = Digest.requestId(prefix: "b-", id: String(repeating: "x", count: 300), contentHash: "h", attempt: 0)
        #expect(first.count == 42)
        #expect(
            first
                == Digest.requestId(prefix: "b-", id: String(repeating: "x", count: 300), contentHash: "h", attempt: 0))
        #expect(
            first
                != Digest.requestId(prefix: "b-", id: String(repeating: "x", count: 300), contentHash: "h", attempt: 1))
    }

    @Test func recognisesCardMethodsAndRealDates() {
        #expect(["Credit Card", "VISA", "Mastercard", "amex", "Debit card"].allSatisfy(DecisionEngine.isCard))
        #expect(!["Check", "ACH", "Wire"].contains(where: DecisionEngine.isCard))
        #expect(Digest.isValidDate("2024-02-29"))
        #expect(!Digest.isValidDate("2023-02-29"))
        #expect(!Digest.isValidDate("2026-13-01"))
        #expect(!Digest.isValidDate("01/15/2026"))
        // The usual ten-byte shape is read from its bytes; other shapes as before.
        #expect(["2000-02-29", "2026-12-31", "2026-04-30", "0000-01-01", "+026-01-15"].allSatisfy(Digest.isValidDate))
        #expect(
            !["1900-02-29", "2026-04-31", "2026-00-10", "2026-01-00", "2026-1a-01", "2026-1-15", "2026-01-15 ", ""]
                .contains(where: Digest.isValidDate))
    }
}

@Suite struct ContentHashTests {
    @Test func scannedAndDecodedRowsHashTheSame() throws {
        let row = RowParsed(
            kind: .invoices, fileSha256: "f", path: "p", row: 2, byteOffset: 0, byteLength: 1,
            fields: ["b": "2", "a": "é\"1", "Invoice ID": "X"], normalized: ["Line Amount": "1.00"], extra: [:])
        let event = try NewEvent(row, subject: "invoice:X")
        let scanned = try #require(RowPayloadScanner.row(seq: 1, payload: event.payload))
        let decoded = SourceRow(seq: 1, parsed: row)
        #expect(scanned.canonicalContent != nil)
        #expect(Digest.contentHash(rows: [scanned]) == Digest.contentHash(rows: [decoded]))
        var changed = row
        changed.fields["a"] = "é\"2"
        #expect(Digest.contentHash(rows: [SourceRow(seq: 1, parsed: changed)]) != Digest.contentHash(rows: [decoded]))
        var moved = row
        moved.row = 9
        moved.fileSha256 = "other"
        #expect(Digest.contentHash(rows: [SourceRow(seq: 5, parsed: moved)]) == Digest.contentHash(rows: [decoded]))
    }
}
