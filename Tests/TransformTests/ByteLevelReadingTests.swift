import EventLog
import Testing

@testable import Transform

/// The shortcuts that read rows and write decisions from bytes give exactly what the string-based readings
/// and encoders give.
@Suite struct ByteLevelReadingTests {
    private func scan(
        _ fields: [String: String], normalized: [String: String] = [:], after previous: SourceRow? = nil
    ) throws -> SourceRow {
        let parsed = RowParsed(
            kind: .invoices, fileSha256: "f", path: "p", row: 2, byteOffset: 0, byteLength: 1, fields: fields,
            normalized: normalized, extra: [:])
        let payload = try NewEvent(parsed, subject: "invoice:I").payload
        return try #require(RowPayloadScanner.row(seq: 1, payload: payload, previous: previous))
    }

    @Test func amountsReadFromTheirBytesEqualMoneysOwnReading() throws {
        let texts = [
            "0", "1", "-1", "12.5", "12.50", "-12.50", "1234567890", "12345678901", "1.23456", "1.234567", ".5", "-.5",
            "5.", "-5.", ".", "-.", "-", "", "--1", "1.2.3", "1e5", "12,50", "$1", " 1", "1 ", "+1", "0.00000",
            "9999999999.99999", "١٢", "1\u{0}",
        ]
        for text in texts {
            var copy = text
            let fromBytes = copy.withUTF8 { ColumnValues.money($0) }
            #expect(fromBytes == Money(text), "\(text)")
            // Through a row read as spans, and through one read as strings (an escaped value elsewhere).
            let spans = try scan(["Invoice ID": "A"], normalized: ["Line Amount": text, "Invoice Total": text])
            #expect(spans.normalized.money(of: .lineAmount) == Money(text), "\(text)")
            let strings = try scan(["Invoice ID": "A"], normalized: ["Line Amount": text, "Memo": "say \"hi\""])
            #expect(strings.normalized.money(of: .lineAmount) == Money(text), "\(text)")
        }
        #expect(try scan(["Invoice ID": "A"]).normalized.money(of: .lineAmount) == nil)
    }

    @Test func aRequestIdIsThePrefixAndTheFirstFortyHexDigitsOfTheJoinedText() {
        for (id, hash, attempt) in [("INV-1", "abc", 0), ("INV-1", "abc", 1), ("ü/\"", "", 12), ("", "h", 0)] {
            var text = id + "\u{0}" + hash
            if attempt > 0 { text += "\u{0}\(attempt)" }
            let expected = "b-" + String(SHA256Digest.hex(of: Array(text.utf8)).prefix(40))
            #expect(Digest.requestId(prefix: "b-", id: id, contentHash: hash, attempt: attempt) == expected)
        }
    }

    @Test func aRowReusesThePreviousLayoutOnlyWhenItListsExactlyItsColumns() throws {
        let first = try scan(["Invoice ID": "A", "Line Number": "1", "Terms": "Net 30"])
        let same = try scan(["Invoice ID": "B", "Line Number": "2", "Terms": "Net 60"], after: first)
        #expect(same.fields.columnLayout === first.fields.columnLayout)
        // A longer name that starts with a known one, one more column at the end, one fewer, one in between.
        let longer = try scan(["Invoice ID": "C", "Line Number": "3", "Terms2": "x"], after: same)
        let more = try scan(["Invoice ID": "D", "Line Number": "4", "Terms": "Net 90", "Zed": "z"], after: same)
        let fewer = try scan(["Invoice ID": "E", "Line Number": "5"], after: same)
        let between = try scan(["Invoice ID": "F", "Invoice Number": "N", "Line Number": "6", "Terms": "T"], after: same)
        for row in [longer, more, fewer, between] {
            #expect(row.fields.columnLayout !== same.fields.columnLayout)
        }
        #expect(longer.raw(.terms) == "" && longer.raw("Terms2") == "x" && longer.raw(.lineNumber) == "3")
        #expect(more.raw(.terms) == "Net 90" && more.raw("Zed") == "z")
        #expect(fewer.raw(.terms) == "" && fewer.raw(.invoiceId) == "E")
        #expect(between.raw(.invoiceNumber) == "N" && between.raw(.terms) == "T" && between.raw(.lineNumber) == "6")
        // Keys out of order after the layout's are still refused (the payload is not canonical).
        let bad = Array(
            #"{"byteLength":1,"byteOffset":0,"extra":{},"fields":{"Invoice ID":"A","Line Number":"1","Terms":"T","Memo":"m"},"fileSha256":"f","kind":"invoices","normalized":{},"path":"p","row":2}"#
                .utf8)
        #expect(RowPayloadScanner.row(seq: 1, payload: bad, previous: same) == nil)
    }

    @Test func aPlanLargerThanTheWritersFirstStorageIsWrittenWhole() throws {
        let choice = RuleChoice(stampli: "6100", qboId: "7", qboName: "Expenses", rule: "mapping-row", mappingRow: 1)
        let long = String(repeating: "long \"memo\" line\n", count: 400)
        let lines = (1...30).map {
            BillPlanned.Line(
                lineNumber: $0, description: long, amount: Money(cents: Int64($0) * 101), account: choice,
                classChoice: nil, customerId: nil, customerName: nil, billableStatus: nil, sourceRow: $0 + 1)
        }
        let plan = BillPlanned(
            invoiceId: "INV-1", contentHash: "h", requestId: "b-1", entity: "Bill", action: "create", qboId: nil,
            stampliVendorId: "V1", vendorQboId: "56", vendorName: "Vendor", docNumber: "N", txnDate: "2026-01-01",
            dueDate: nil, currency: "USD", termId: nil, termName: nil, department: nil, lines: lines,
            total: Money(cents: 46_965), privateNote: long, poNumber: nil, attachments: [], approver: nil,
            approvedDate: nil, fileSha256: "f", path: "invoices/a.csv", mappingSha256: nil)
        let bytes = plan.canonicalBytes
        #expect(bytes.count > 1_024 + lines.count * 384)
        #expect(bytes == (try CanonicalJSON.encode(plan)))
    }

    /// The content hash as its documentation spells it, built the plain way: SHA-256 over length-prefixed
    /// pieces ("rows:<n>", then per row its canonical fields, a zero byte and its canonical normalized
    /// values, then its marker).
    private func referenceContentHash(_ rows: [SourceRow]) throws -> String {
        var bytes: [UInt8] = []
        func put(_ piece: [UInt8]) {
            let length = UInt32(piece.count)
            bytes += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
            bytes += piece
        }
        put(Array("rows:\(rows.count)".utf8))
        for row in rows {
            put(try CanonicalJSON.encode(row.fields.dictionary) + [0] + CanonicalJSON.encode(row.normalized.dictionary))
            put(Array((row.rejection.map { "rejected:" + ($0.column ?? "row") } ?? "parsed").utf8))
        }
        return SHA256Digest.hex(of: bytes)
    }

    @Test func theContentHashOfScannedDecodedAndRejectedRowsFollowsItsDefinition() throws {
        let scanned = try scan(
            ["Invoice ID": "A", "Memo": "m\u{E9}mo", "Line Number": "1"], normalized: ["Line Amount": "1.50"])
        let escaped = try scan(["Invoice ID": "A", "Memo": "say \"hi\"\n"], normalized: ["Line Amount": "2.00"])
        let decoded = SourceRow(
            seq: 3,
            parsed: RowParsed(
                kind: .invoices, fileSha256: "f", path: "p", row: 4, byteOffset: 0, byteLength: 1,
                fields: ["Invoice ID": "A", "Line Number": "3"], normalized: [:], extra: [:]))
        func rejected(_ column: String?) -> SourceRow {
            SourceRow(
                seq: 4,
                rejected: RowRejected(
                    kind: .invoices, fileSha256: "f", path: "p", row: 5, byteOffset: 0, byteLength: 1, column: column,
                    value: "x", expected: "an amount", fields: ["Invoice ID": "A", "Line Amount": "x"]))
        }
        let sets: [[SourceRow]] = [
            [scanned], [scanned, escaped], [decoded], [rejected("Line Amount")], [rejected(nil)],
            [scanned, decoded, rejected("Line Amount"), rejected(nil), escaped], [],
        ]
        for rows in sets {
            #expect(Digest.contentHash(rows: rows) == (try referenceContentHash(rows)), "\(rows.count) rows")
        }
    }
}

@Suite struct ByteRunsTests {
    @Test func theFirstSpecialByteOfAWordIsFoundExactly() {
        let specials: [UInt8] = [0x22, 0x5C, 0x00, 0x1F, 0x0A]
        let ordinary: [UInt8] = [0x20, 0x41, 0x7E, 0x23, 0x5B, 0x5D, 0x21]
        for position in 0..<8 {
            for special in specials + [0x80, 0xC3] {
                for filler in ordinary {
                    // Bytes after the special one are also special, to catch a flag carried from them.
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = special
                    for after in (position + 1)..<8 { bytes[after] = specials[after % specials.count] }
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let isSpecialInJSON = specials.contains(special)
                    #expect(ByteRuns.firstSpecial(word, isASCII: true) == position)
                    #expect(ByteRuns.firstSpecial(word, isASCII: false) == (isSpecialInJSON ? position : (position < 7 ? position + 1 : nil)))
                }
            }
            let plain = [UInt8](repeating: 0x41, count: 8)
            #expect(ByteRuns.firstSpecial(plain.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }, isASCII: true) == nil)
        }
    }
}
