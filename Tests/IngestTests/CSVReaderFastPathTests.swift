import Testing

@testable import Ingest

/// The reader's word-at-a-time path against a plain byte-at-a-time model of the same rules, and the
/// places where the fast path hands over to the exact one: chunk ends, word ends, limits, buffer growth.
@Suite("CSVReader fast path")
struct CSVReaderFastPathTests {
    /// What a test compares of a record.
    struct Read: Equatable, CustomStringConvertible {
        var fields: [[UInt8]]
        var row: Int
        var byteOffset: Int64
        var byteLength: Int
        var problem: CSVRecord.Problem?

        var description: String {
            "row \(row) @\(byteOffset)+\(byteLength) \(problem.map { "\($0)" } ?? "ok") "
                + fields.map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: ",")
        }
    }

    static func read(_ bytes: [UInt8], chunks: [Int], delimiter: UInt8, limits: CSVLimits) -> [Read] {
        var reader = CSVReader(delimiter: delimiter, limits: limits)
        var records: [Read] = []
        let collect: (CSVRecord) -> Void = {
            records.append(
                Read(fields: $0.fields, row: $0.row, byteOffset: $0.byteOffset, byteLength: $0.byteLength, problem: $0.problem))
        }
        var start = 0
        var turn = 0
        while start < bytes.count {
            let size = chunks.isEmpty ? bytes.count : max(1, chunks[turn % chunks.count])
            let end = min(bytes.count, start + size)
            reader.feed(Array(bytes[start..<end]), collect)
            start = end
            turn += 1
        }
        reader.finish(collect)
        return records
    }

    /// The rules of ``CSVReader`` one byte at a time, written for clarity rather than speed.
    static func model(_ bytes: [UInt8], delimiter: UInt8, limits: CSVLimits) -> [Read] {
        let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var records: [Read] = []
        var fields: [[UInt8]] = []
        var field: [UInt8] = []
        var size = 0
        var problem: CSVRecord.Problem?
        var discarding = false
        var inRecord = false
        var inQuotes = false, afterQuote = false, atFieldStart = true, afterCR = false
        var rows = 0
        var offset = 0
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0

        func add(_ byte: UInt8) {
            guard !discarding else { return }
            let fieldRoom = limits.maximumFieldBytes - field.count
            let rowRoom = limits.maximumRowBytes - size
            if min(fieldRoom, rowRoom) < 1 {
                problem = problem ?? (fieldRoom <= rowRoom ? .fieldTooLarge(field: fields.count) : .rowTooLarge(field: fields.count))
                discarding = true
                return
            }
            field.append(byte)
            size += 1
        }
        func endField() {
            guard !discarding else { return }
            if fields.count >= limits.maximumFields {
                problem = problem ?? .tooManyFields(limit: limits.maximumFields)
                discarding = true
                return
            }
            fields.append(field)
            field = []
        }
        func endRecord(at end: Int) {
            rows += 1
            records.append(Read(fields: fields, row: rows, byteOffset: Int64(offset), byteLength: end - offset, problem: problem))
            fields = []
            field = []
            size = 0
            problem = nil
            discarding = false
            inRecord = false
        }

        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if afterCR {
                afterCR = false
                if byte == lf {
                    index += 1
                    continue
                }
            }
            if inQuotes {
                if byte == quote { inQuotes = false; afterQuote = true } else { add(byte) }
                index += 1
                continue
            }
            if afterQuote {
                afterQuote = false
                if byte == quote {
                    add(quote)
                    inQuotes = true
                    index += 1
                    continue
                }
            }
            if !inRecord {
                if byte == lf || byte == cr {
                    rows += 1
                    afterCR = byte == cr
                    index += 1
                    continue
                }
                inRecord = true
                offset = index
            }
            if byte == delimiter {
                endField()
                atFieldStart = true
            } else if byte == lf || byte == cr {
                endField()
                endRecord(at: index)
                atFieldStart = true
                afterCR = byte == cr
            } else if byte == quote && atFieldStart {
                inQuotes = true
                atFieldStart = false
            } else {
                add(byte)
                atFieldStart = false
            }
            index += 1
        }
        if inQuotes {
            problem = problem ?? .unterminatedQuote(field: fields.count)
            endField()
            endRecord(at: bytes.count)
        } else if inRecord {
            endField()
            endRecord(at: bytes.count)
        }
        return records
    }

    /// Random input built from pieces that reach every branch: long plain runs (several words), control
    /// bytes that are data, quotes, every line end, non-ASCII bytes.
    static func randomInput(_ generator: inout SplitMix, delimiter: UInt8, length: Int) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("abcdefg".utf8), Array("abcdefgh".utf8), Array("0123456789abcdefghij".utf8),
            Array(repeating: UInt8(ascii: "x"), count: 70), [delimiter], [delimiter], [delimiter],
            Array("\"".utf8), Array("\"\"".utf8), Array("\r".utf8), Array("\n".utf8), Array("\r\n".utf8),
            [0x09], [0x00], [0x0B], [0x0E], Array("é€".utf8), [0xFF], Array(";|,".utf8),
        ]
        var bytes: [UInt8] = []
        while bytes.count < length { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
        return bytes
    }

    @Test func agreesWithAByteAtATimeModelOnRandomInputWhateverTheChunking() {
        var generator = SplitMix(seed: 0xC5F)
        let delimiters: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
        let limitChoices = [
            CSVLimits.default,
            CSVLimits(maximumFieldBytes: 9, maximumRowBytes: 40, maximumFields: 6),
            CSVLimits(maximumFieldBytes: 64, maximumRowBytes: 100, maximumFields: 16),
            CSVLimits(maximumFieldBytes: 16, maximumRowBytes: 1_000, maximumFields: 3),
        ]
        for round in 0..<400 {
            let delimiter = delimiters[round % delimiters.count]
            let limits = limitChoices[(round / 4) % limitChoices.count]
            let bytes = Self.randomInput(&generator, delimiter: delimiter, length: Int(generator.next() % 400))
            let expected = Self.model(bytes, delimiter: delimiter, limits: limits)
            let randomChunks = (0..<5).map { _ in Int(generator.next() % 24) + 1 }
            for chunks in [[], [1], [7], [8], [9], randomChunks] {
                let got = Self.read(bytes, chunks: chunks, delimiter: delimiter, limits: limits)
                #expect(got == expected, "round \(round), chunks \(chunks), input \(bytes)")
                if got != expected { return }
            }
        }
    }

    @Test("every split into two chunks gives the same records", arguments: [
        "abc,\"de\nf\",ghi\r\nxyz,12345678,123456789\r\n",  // a quote, a CR, an LF at every chunk end
        "\"q\"\"uote\",\"\"\"\",\"x\"tail,end\r\r\n\n",  // escapes, text after a closing quote, blank lines
        "1234567,12345678,123456789,123456789012345,1234567890123456,12345678901234567\n",  // word edges
        "tab\there,ctl\u{0B}byte,\u{00}nul\r\nlast,row,no,newline",  // control bytes that are data
        "\u{FEFF}h1,h2\r\n\"open,\r\n",  // a BOM, and a quote still open at the end
    ])
    func everySplitIntoTwoChunksGivesTheSameRecords(_ text: String) {
        let bytes = Array(text.utf8)
        let comma = UInt8(ascii: ",")
        let whole = Self.read(bytes, chunks: [], delimiter: comma, limits: .default)
        #expect(whole == Self.model(bytes, delimiter: comma, limits: .default))
        #expect(Self.read(bytes, chunks: [1], delimiter: comma, limits: .default) == whole)
        for split in 1..<bytes.count {
            let got = Self.read(bytes, chunks: [split, bytes.count], delimiter: comma, limits: .default)
            #expect(got == whole, "split after byte \(split)")
        }
    }

    @Test func aCREndingOneChunkAndTheLFStartingTheNextEndOneRecord() {
        let comma = UInt8(ascii: ",")
        let records = Self.read(Array("a,b\r\nc,d\r\n".utf8), chunks: [4, 100], delimiter: comma, limits: .default)
        #expect(records.map(\.fields) == [[Array("a".utf8), Array("b".utf8)], [Array("c".utf8), Array("d".utf8)]])
        #expect(records.map(\.row) == [1, 2])
        #expect(records.map(\.byteOffset) == [0, 5])
    }

    @Test func aQuoteEndingAChunkIsReadTheSameAsInOnePiece() {
        let comma = UInt8(ascii: ",")
        let bytes = Array("x,\"say \"\"hi\"\"\",y\n".utf8)
        let whole = Self.read(bytes, chunks: [], delimiter: comma, limits: .default)
        #expect(whole.first?.fields.map { String(decoding: $0, as: UTF8.self) } == ["x", "say \"hi\"", "y"])
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\"") {
            #expect(Self.read(bytes, chunks: [index + 1, 100], delimiter: comma, limits: .default) == whole)
        }
    }

    @Test func aFieldLimitReachedInsideAWordKeepsExactlyTheAllowedBytes() {
        let comma = UInt8(ascii: ",")
        for limit in 1...20 {
            let limits = CSVLimits(maximumFieldBytes: limit, maximumRowBytes: 1_000, maximumFields: 10)
            for length in max(0, limit - 2)...(limit + 10) {
                let field = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                let bytes = Array(",".utf8) + field + Array(",n\na\n".utf8)
                let expected = Self.model(bytes, delimiter: comma, limits: limits)
                #expect(expected[0].problem == (length > limit ? .fieldTooLarge(field: 1) : nil))
                for chunks in [[], [1], [5]] {
                    #expect(Self.read(bytes, chunks: chunks, delimiter: comma, limits: limits) == expected, "limit \(limit), length \(length), chunks \(chunks)")
                }
            }
        }
    }

    @Test func aRecordLargerThanTheFirstBufferGrowsItAndKeepsEveryByte() {
        let comma = UInt8(ascii: ",")
        let long = (0..<5_000).map { UInt8(ascii: "a") + UInt8($0 % 26) }
        let many = (0..<100).map { "f\($0)" }.joined(separator: ",")
        let bytes = Array("start,".utf8) + long + Array(",end\n\(many)\n".utf8)
        let expected = Self.model(bytes, delimiter: comma, limits: .default)
        #expect(expected.count == 2 && expected[0].fields[1] == long && expected[1].fields.count == 100)
        for chunks in [[], [1], [13], [4_096]] {
            #expect(Self.read(bytes, chunks: chunks, delimiter: comma, limits: .default) == expected, "chunks \(chunks)")
        }
    }

    @Test func aCopyOfAReaderInTheMiddleOfARecordReadsOnIndependently() {
        var first = CSVReader()
        var records: [[String]] = []
        let collect: (CSVRecord) -> Void = { record in records.append(record.fields.map { String(decoding: $0, as: UTF8.self) }) }
        first.feed(Array("shared start,".utf8), collect)
        var second = first
        first.feed(Array("one continuation\n".utf8), collect)
        second.feed(Array("another, longer continuation\n".utf8), collect)
        first.finish(collect)
        second.finish(collect)
        #expect(records == [["shared start", "one continuation"], ["shared start", "another", " longer continuation"]])
    }

    @Test func limitsAsLargeAsAnIntReadLikeTheDefaults() {
        let unbounded = CSVLimits(maximumFieldBytes: .max, maximumRowBytes: .max, maximumFields: .max)
        let comma = UInt8(ascii: ",")
        var generator = SplitMix(seed: 0x11)
        let bytes = Self.randomInput(&generator, delimiter: comma, length: 3_000)
        let expected = Self.read(bytes, chunks: [], delimiter: comma, limits: .default)
        #expect(expected.allSatisfy { $0.problem == nil || $0.problem == .unterminatedQuote(field: $0.fields.count - 1) })
        for chunks in [[], [1], [9]] {
            #expect(Self.read(bytes, chunks: chunks, delimiter: comma, limits: unbounded) == expected, "chunks \(chunks)")
        }
    }
}
