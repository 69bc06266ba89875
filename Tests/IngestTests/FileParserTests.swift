import EventLog
import Testing

@testable import Ingest

@Suite("FileParser")
struct FileParserTests {
    func parse(
        _ text: String, kind: FileKind = .invoices, encoding: TextEncoding = .utf8, bytes: [UInt8]? = nil,
        template: ColumnTemplate? = nil, chunk: Int = 0, dateFormat: DateFormat = .isoDate
    ) -> FileParser {
        var parser = FileParser(
            template: template ?? .standard(kind), delimiter: UInt8(ascii: ","), encoding: encoding,
            dateFormat: dateFormat, limits: .default, fileSha256: "abc", path: "\(kind.rawValue)/f.csv")
        let input = bytes ?? Array(text.utf8)
        if chunk == 0 {
            input.withUnsafeBytes { parser.feed($0) }
        } else {
            for start in stride(from: 0, to: input.count, by: chunk) {
                Array(input[start..<min(start + chunk, input.count)]).withUnsafeBytes { parser.feed($0) }
            }
        }
        parser.finish()
        return parser
    }

    func rows(_ parser: FileParser) throws -> [RowParsed] {
        try parser.events.filter { $0.type == RowParsed.type }.map {
            try CanonicalJSON.decode(RowParsed.self, from: $0.payload)
        }
    }

    func rejections(_ parser: FileParser) throws -> [RowRejected] {
        try parser.events.filter { $0.type == RowRejected.type }.map {
            try CanonicalJSON.decode(RowRejected.self, from: $0.payload)
        }
    }

    @Test func parsesInvoiceRowsWithCanonicalKeysAndNormalizedValues() throws {
        let parser = parse(Samples.invoices)
        #expect(parser.problem == nil)
        let parsed = try rows(parser)
        #expect(parsed.count == 2)
        #expect(parsed[0].fields["Invoice ID"] == "INV-1")
        #expect(parsed[0].fields["Memo"] == "Memo, with comma")
        #expect(parsed[1].fields["Line Description"] == "Toner \"XL\"")
        #expect(parsed[0].normalized["Invoice Total"] == Money("1234.50")!.description)
        #expect(parsed[0].normalized["Invoice Date"] == "2026-03-01")
        #expect(parsed[1].normalized["Billable"] == "Y")
        #expect(parsed[0].row == 2 && parsed[1].row == 3)
        #expect(parser.events.map(\.subject) == ["invoice:INV-1", "invoice:INV-1"])
        #expect(parser.attachments == ["inv1.pdf"])
    }

    @Test func givesTheSameEventsFedOneByteAtATime() {
        for text in [Samples.invoices, Samples.vendors, Samples.payments, "\u{FEFF}" + Samples.glAccounts] {
            let kind: FileKind =
                text == Samples.invoices
                ? .invoices
                : text == Samples.vendors
                    ? .vendors
                    : text == Samples.payments ? .payments : .glAccounts
            let whole = parse(text, kind: kind)
            let bytewise = parse(text, kind: kind, chunk: 1)
            #expect(whole.events.map(\.payload) == bytewise.events.map(\.payload))
            #expect(whole.rowCount > 0)
        }
    }

    @Test func matchesRenamedHeadersCaseInsensitivelyAfterTrimming() throws {
        let template = ColumnTemplate.standard(.glAccounts).renaming(["GL Code": "Account Code"])
        let parser = parse("  account code ,GL NAME,Other\n6100,Supplies,x\n", kind: .glAccounts, template: template)
        let parsed = try rows(parser)
        #expect(parsed.first?.fields == ["GL Code": "6100", "GL Name": "Supplies"])
        #expect(parsed.first?.extra == ["Other": "x"])
    }

    @Test func rejectsTheFileWhenARequiredColumnIsMissingAndKeepsNoRows() {
        let parser = parse("Invoice ID,Vendor ID\nINV-1,V1\n")
        #expect(parser.problem?.column == "Invoice Number")
        #expect(parser.problem?.reason.contains("Invoice Number") == true)
        #expect(parser.events.isEmpty)
    }

    @Test func rejectsRowsWithMissingRequiredValuesOrBadDatesOrAmounts() throws {
        let text = Samples.glAccounts.replacingOccurrences(of: "6200-NY,Rent,Expense,Y", with: ",Rent,Expense,maybe")
        let parser = parse(text, kind: .glAccounts)
        let rejected = try rejections(parser)
        #expect(rejected.count == 1)
        #expect(rejected.first?.row == 3)
        #expect(rejected.first?.column == "GL Code")

        let payments = parse(
            "Payment ID,Invoice ID,Payment Date,Amount\nP1,I1,2026-02-30,5\nP2,I2,2026-02-01,5,00\nP3,I3,2026-02-01,abc\n",
            kind: .payments)
        let problems = try rejections(payments)
        #expect(problems.map(\.column) == ["Payment Date", "column 5", "Amount"])
        #expect(problems.map(\.row) == [2, 3, 4])
        #expect(problems[0].value == "2026-02-30")
        #expect(problems[0].expected.contains("YYYY-MM-DD"))
        #expect(problems[2].expected.contains("(12.50)"))
        #expect(payments.events.map(\.subject) == ["payment:P1", "payment:P2", "payment:P3"])
    }

    @Test func rejectsARowWithInvalidUTF8NamingTheColumn() throws {
        var bytes = Array("GL Code,GL Name\n6100,".utf8)
        bytes += [0x4F, 0xFF, 0x66]
        bytes += Array("\n".utf8)
        let rejected = try rejections(parse("", kind: .glAccounts, bytes: bytes))
        #expect(rejected.first?.column == "GL Name")
        #expect(rejected.first?.row == 2)
    }

    @Test func decodesWindows1252Files() throws {
        var bytes = Array("GL Code,GL Name\n6100,Caf".utf8)
        bytes += [0xE9, 0x20, 0x80]
        let parsed = try rows(parse("", kind: .glAccounts, encoding: .windows1252, bytes: bytes))
        #expect(parsed.first?.fields["GL Name"] == "Café €")
    }

    @Test func rejectsTheWholeFileOnAnUnterminatedQuote() {
        let parser = parse("GL Code,GL Name\n6100,ok\n6200,\"never closed\n", kind: .glAccounts)
        #expect(parser.problem?.row == 3)
        #expect(parser.problem?.column == "GL Name")
        #expect(parser.events.isEmpty)
    }

    @Test func rejectsAnEmptyFile() {
        #expect(parse("\n\n", kind: .vendors).problem != nil)
    }

    @Test func parsesConfiguredDateFormats() throws {
        let parsed = try rows(
            parse(
                "Payment ID,Invoice ID,Payment Date,Amount\nP1,I1,12/31/2026,(1.00)\n", kind: .payments,
                dateFormat: .monthDayYear))
        #expect(parsed.first?.normalized["Payment Date"] == "2026-12-31")
        #expect(parsed.first?.normalized["Amount"] == Money("-1")!.description)
    }

    @Test func skipsSpreadsheetBlankRows() throws {
        #expect(try rows(parse("GL Code,GL Name\n,\n6100,x\n , \n", kind: .glAccounts)).count == 1)
    }

    @Test func decodesEachRowOnceWithTheRecordDecoderAndNamesTheFirstBadColumn() throws {
        // Non-ASCII rows go field by field: valid ones parse, an invalid column is named, and an empty
        // surplus field past the header is not a problem.
        var bytes = Array("GL Code,GL Name\n6100,Café\n6200,ok,\n6300,".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\n6400,日本\n".utf8)
        for chunk in [0, 1] {
            let parser = parse("", kind: .glAccounts, bytes: bytes, chunk: chunk)
            let parsed = try rows(parser)
            #expect(parsed.map { $0.fields["GL Name"] } == ["Café", "ok", "日本"], "chunk \(chunk)")
            let rejected = try rejections(parser)
            #expect(rejected.map(\.column) == ["GL Name"])
            #expect(rejected.map(\.row) == [4])
            #expect(rejected.first?.expected == "utf-8 text")
        }
    }
}
