import Testing

@testable import Ingest

@Suite("CSVReader")
struct CSVReaderTests {
    /// Every syntax case of stampli-export.md §Encoding and syntax, with the rows it must give.
    static let cases: [(name: String, input: String, rows: [[String]])] = [
        ("plain LF", "a,b\n1,2\n", [["a", "b"], ["1", "2"]]),
        ("CRLF", "a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("no final newline", "a,b\n1,2", [["a", "b"], ["1", "2"]]),
        ("lone CR", "a,b\r1,2\r", [["a", "b"], ["1", "2"]]),
        ("blank lines skipped", "\n\na,b\n\n\r\n1,2\n\n", [["a", "b"], ["1", "2"]]),
        ("quoted delimiter", "a,\"x,y\"\n", [["a", "x,y"]]),
        ("quoted CRLF and LF", "\"line1\r\nline2\nline3\",z\n", [["line1\r\nline2\nline3", "z"]]),
        ("escaped quotes", "\"say \"\"hi\"\"\",\"\"\"\"\n", [["say \"hi\"", "\""]]),
        ("empty fields", ",,\n\"\",x,\n", [["", "", ""], ["", "x", ""]]),
        ("trailing delimiter at EOF", "a,b,", [["a", "b", ""]]),
        ("quote inside unquoted field kept", "ab\"c,d\n", [["ab\"c", "d"]]),
        ("text after closing quote appended", "\"ab\"c,d\n", [["abc", "d"]]),
        ("BOM skipped", "\u{FEFF}Invoice ID,x\n1,2\n", [["Invoice ID", "x"], ["1", "2"]]),
        ("only a BOM", "\u{FEFF}", []),
        ("BOM-like prefix is data", "\u{00EF}a\n", [["\u{00EF}a"]]),
        ("unicode kept", "名前,€\n", [["名前", "€"]]),
        ("spaces kept", " a , b \n", [[" a ", " b "]]),
    ]

    @Test("reads each syntax case", arguments: 0..<cases.count)
    func readsEachSyntaxCase(_ index: Int) {
        let testCase = Self.cases[index]
        #expect(texts(readRecords(Array(testCase.input.utf8))) == testCase.rows, "\(testCase.name)")
    }

    @Test("feeding one byte at a time gives the same records as feeding the whole input", arguments: 0..<cases.count)
    func feedingOneByteAtATimeGivesTheSameRecords(_ index: Int) {
        let bytes = Array(Self.cases[index].input.utf8)
        let whole = readRecords(bytes)
        for chunk in [1, 2, 3, 7] {
            #expect(readRecords(bytes, chunk: chunk) == whole, "chunk \(chunk) of \(Self.cases[index].name)")
        }
    }

    @Test func recordsByteOffsetAndLengthOfEachRecordInTheFile() {
        let text = "\u{FEFF}h1,h2\r\n\r\n\"a\nb\",c\nlast,row"
        let bytes = Array(text.utf8)
        let records = readRecords(bytes)
        #expect(records.count == 3)
        for record in records {
            let slice = bytes[Int(record.byteOffset)..<Int(record.byteOffset) + record.byteLength]
            #expect(readRecords(Array(slice)).first?.fields == record.fields)
        }
        #expect(
            String(decoding: bytes[Int(records[1].byteOffset)...].prefix(records[1].byteLength), as: UTF8.self)
                == "\"a\nb\",c")
        #expect(records[0].byteOffset == 3)
    }

    @Test func numbersRowsAsASpreadsheetDoesCountingBlankLines() {
        let records = readRecords(Array("h\n\nv1\n\"multi\nline\"\nv3\n".utf8))
        #expect(records.map(\.row) == [1, 3, 4, 5])
    }

    @Test func readsOtherDelimiters() {
        for delimiter in [";", "\t", "|"] {
            let input = "a\(delimiter)\"b\(delimiter)c\"\n"
            let records = readRecords(Array(input.utf8), delimiter: UInt8(ascii: Unicode.Scalar(delimiter)!))
            #expect(texts(records) == [["a", "b\(delimiter)c"]])
        }
    }

    @Test func reportsAnUnterminatedQuoteAtEndOfFileWithItsField() {
        let records = readRecords(Array("a,b\n1,\"open\n2,3\n".utf8))
        #expect(records.count == 2)
        #expect(records[1].problem == .unterminatedQuote(field: 1))
        #expect(records[1].row == 2)
    }

    @Test func reportsAnOversizedFieldAndResumesAtTheNextRecord() {
        let limits = CSVLimits(maximumFieldBytes: 4, maximumRowBytes: 100, maximumFields: 10)
        for chunk in [0, 1] {
            let records = readRecords(Array("ab,toolong,c\nok,1\n".utf8), chunk: chunk, limits: limits)
            #expect(records.count == 2)
            #expect(records[0].problem == .fieldTooLarge(field: 1))
            #expect(texts([records[1]]) == [["ok", "1"]])
            #expect(records[1].problem == nil)
        }
    }

    @Test func reportsTooManyFields() {
        let limits = CSVLimits(maximumFieldBytes: 100, maximumRowBytes: 100, maximumFields: 3)
        let records = readRecords(Array("1,2,3,4,5\n1,2\n".utf8), limits: limits)
        #expect(records[0].problem == .tooManyFields(limit: 3))
        #expect(records[0].count == 3)
        #expect(records[1].problem == nil)
    }

    @Test func reportsAnOversizedRow() {
        let limits = CSVLimits(maximumFieldBytes: 10, maximumRowBytes: 12, maximumFields: 10)
        let records = readRecords(Array("aaaaa,bbbbb,ccccc\nx\n".utf8), limits: limits)
        #expect(records[0].problem == .rowTooLarge(field: 2))
        #expect(texts([records[1]]) == [["x"]])
    }

    @Test func roundTripsRandomFieldsThroughAWriter() {
        var generator = SplitMix(seed: 0x5EED)
        let alphabet: [String] = ["a", "Z", "0", " ", ",", "\"", "\n", "\r\n", "\r", ";", "é", "€", "|", "\t"]
        for _ in 0..<300 {
            let rowCount = Int(generator.next() % 5) + 1
            let fieldCount = Int(generator.next() % 6) + 1
            var rows: [[String]] = []
            for _ in 0..<rowCount {
                rows.append(
                    (0..<fieldCount).map { _ in
                        (0..<Int(generator.next() % 8)).map { _ in
                            alphabet[Int(generator.next() % UInt64(alphabet.count))]
                        }.joined()
                    })
            }
            // A record whose only field is empty is written as `""` so it is not a blank line.
            let lineEnd = generator.next() % 2 == 0 ? "\n" : "\r\n"
            let text =
                rows.map { row in row.map(Self.quoteIfNeeded).joined(separator: ",") }.joined(separator: lineEnd)
                + (generator.next() % 2 == 0 ? lineEnd : "")
            let bytes = Array(text.utf8)
            let chunk = Int(generator.next() % 5)
            #expect(texts(readRecords(bytes, chunk: chunk)) == rows, "input: \(text.debugDescription)")
        }
    }

    /// The writer half of the round trip: RFC 4180 quoting when a field needs it.
    static func quoteIfNeeded(_ field: String) -> String {
        if field.isEmpty
            || field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
        {
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return field
    }
}

/// A small deterministic random generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
