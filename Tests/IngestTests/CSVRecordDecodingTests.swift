import Testing

@testable import Ingest

@Suite struct CSVRecordDecodingTests {
    func record(_ fields: [[UInt8]]) -> CSVRecord {
        var record = CSVRecord()
        for field in fields {
            record.storage += field
            record.fieldEnds.append(record.storage.count)
        }
        return record
    }

    func decoded(_ record: CSVRecord, _ encoding: TextEncoding) -> [String?] {
        var out: [String?] = []
        record.decodeFields(encoding) { index, text in
            #expect(index == out.count)
            out.append(text)
        }
        return out
    }

    @Test func decodesEveryFieldAsPerFieldDecodingDoes() {
        let samples: [[[UInt8]]] = [
            [Array("V1".utf8), [], Array("Acme Supplies, Inc. with a long name".utf8)],
            [Array("Café".utf8), Array("plain".utf8), Array("日本".utf8)],
            [Array("ok".utf8), [0xC3, 0x28], Array("after".utf8)],
            [[0x80, 0x41], Array("12345678abcdefgh".utf8)],
        ]
        for fields in samples {
            let record = record(fields)
            for encoding in TextEncoding.allCases {
                let expected = (0..<record.count).map { encoding.decode(record.field($0)) }
                #expect(decoded(record, encoding) == expected, "\(fields) \(encoding)")
            }
        }
        #expect(decoded(record([Array("ok".utf8), [0xC3, 0x28]]), .utf8) == ["ok", nil])
    }

    @Test func findsAHighByteAtAnyPositionOfTheASCIICheck() {
        for length in 1...20 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: 0x41, count: length)
                bytes.withUnsafeBytes { #expect(CSVRecord.isASCII($0)) }
                bytes[position] = 0xE9
                bytes.withUnsafeBytes { #expect(!CSVRecord.isASCII($0), "length \(length) at \(position)") }
            }
        }
    }

    @Test func asciiFieldsOfEveryShortLengthBecomeExactlyTheirText() {
        // 0–40 bytes crosses each way a short field is copied (bytes, two 4-byte, two 8-byte words, memcpy).
        let fields = (0...40).map { length in (0..<length).map { UInt8(ascii: "A") + UInt8($0 % 26) } }
        let expected = fields.map { String?(String(decoding: $0, as: UTF8.self)) }
        for encoding in TextEncoding.allCases {
            #expect(decoded(record(fields), encoding) == expected, "\(encoding)")
        }
    }

    @Test func nonASCIIFieldsDecodeThroughTheRecordDecoderReadWholeOrOneByteAtATime() {
        // Valid UTF-8 (a replacement character included: it is text, not a repair), then invalid sequences.
        let csv = "ok,Café,naïve €,\u{FFFD},日本語のテキスト,plain\n"
        for chunk in [0, 1] {
            let records = readRecords(Array(csv.utf8), chunk: chunk)
            #expect(decoded(records[0], .utf8) == ["ok", "Café", "naïve €", "\u{FFFD}", "日本語のテキスト", "plain"])
        }
        let invalid: [[UInt8]] = [[0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE2, 0x82], [0x41, 0xFF, 0x42]]
        for bytes in invalid {
            let record = record([Array("ok".utf8), bytes, Array("après".utf8)])
            #expect(decoded(record, .utf8) == ["ok", nil, "après"], "\(bytes)")
        }
    }

    @Test func everyWindows1252ByteDecodesToItsCharacterWholeOrOneByteAtATime() {
        // One field of every byte except the CSV syntax ones, then a field with the typographic range alone.
        let syntax: Set<UInt8> = [0x0A, 0x0D, 0x22, 0x2C]
        let all = (0...255).map(UInt8.init).filter { !syntax.contains($0) }
        let typographic = (0x80...0x9F).map(UInt8.init)
        let expected = [all, typographic].map { bytes in
            String?(String(String.UnicodeScalarView(bytes.map(TextEncoding.windows1252Scalar))))
        }
        #expect(decoded(record([Array("€".utf8)]), .windows1252) == ["â‚¬"])
        for chunk in [0, 1] {
            let records = readRecords(all + [0x2C] + typographic + [0x0A], chunk: chunk)
            #expect(decoded(records[0], .windows1252) == expected, "chunk \(chunk)")
        }
        #expect(expected[1]?.unicodeScalars.first == "\u{20AC}")
    }

    @Test func findsAHighByteAnywhereInARecordOfAnyLength() {
        // Lengths past 32 reach the four-word turns, the single words and the overlapping last word.
        for length in 1...100 {
            var bytes = [UInt8](repeating: 0x7F, count: length)
            bytes.withUnsafeBytes { #expect(CSVRecord.isASCII($0)) }
            for position in 0..<length {
                bytes[position] = 0x80
                bytes.withUnsafeBytes { #expect(!CSVRecord.isASCII($0), "length \(length) at \(position)") }
                bytes[position] = 0x7F
            }
        }
    }
    /// ASCII text of `length` bytes that differs with `seed`.
    func text(_ length: Int, _ seed: Int) -> [UInt8] {
        (0..<length).map { UInt8(ascii: "a") + UInt8(($0 + seed) % 26) }
    }

    @Test func everyFieldLengthDecodesExactlyWhereverItSitsInTheRecord() {
        // Lengths around each way a field becomes a String (inline up to 15 bytes, two overlapping words when
        // 15 bytes can be read, a short copy near the record's end, a heap String past 15), placed first,
        // in the middle with longer fields after it, and last (no bytes after it to read).
        let lengths = [0, 1, 2, 3, 4, 7, 8, 9, 14, 15, 16, 17, 31, 32, 33, 100, 1_000]
        for length in lengths {
            let field = text(length, length)
            let layouts: [[[UInt8]]] = [
                [field],
                [field, text(40, 1)],
                [text(3, 2), field, text(20, 3), text(1, 4)],
                [text(20, 5), text(2, 6), field],
                [[], field, []],
            ]
            for fields in layouts {
                let record = record(fields)
                let expected = fields.map { String?(String(decoding: $0, as: UTF8.self)) }
                for encoding in TextEncoding.allCases {
                    let got = decoded(record, encoding)
                    #expect(got == expected, "length \(length) in \(fields.map(\.count)) \(encoding)")
                    // Equal Strings hash alike and hold exactly the field's bytes (nothing read past it kept).
                    for (string, bytes) in zip(got, fields) {
                        #expect(string.map { Array($0.utf8) } == bytes)
                        #expect(string?.hashValue == String(decoding: bytes, as: UTF8.self).hashValue)
                    }
                }
            }
        }
    }

    @Test func everyFieldLengthDecodesInARecordWithNonASCIIText() {
        // One non-ASCII field sends the whole record through the field-by-field decoder; the ASCII fields
        // beside it of every length still decode to their text in both encodings.
        let lengths = [0, 1, 7, 8, 15, 16, 17, 64]
        for length in lengths {
            let field = text(length, length)
            let fields: [[UInt8]] = [field, Array("Café".utf8), field, [0xE9, 0x41], field]
            let record = record(fields)
            let ascii = String(decoding: field, as: UTF8.self)
            #expect(decoded(record, .utf8) == [ascii, "Café", ascii, nil, ascii], "length \(length)")
            #expect(decoded(record, .windows1252) == [ascii, "CafÃ©", ascii, "éA", ascii], "length \(length)")
        }
    }

    @Test func fieldEndsOutsideTheStorageAreNeverRead() async {
        // A record assembled by hand with an end past its bytes stops the decoder rather than reading on.
        await #expect(processExitsWith: .failure) {
            var record = CSVRecord()
            record.storage = Array("abc".utf8)
            record.fieldEnds = [2, 9]
            record.decodeFields(.utf8) { _, _ in }
        }
    }
    @Test func randomRecordsDecodeAsEachFieldDecodedAloneDoes() {
        // Field by field, `TextEncoding.decode` checks and copies each field on its own: the record decoder's
        // whole-record check and its word copies must give the same text for any mix of lengths and bytes.
        var generator = SplitMix(seed: 0xDEC0DE)
        let nonASCII: [[UInt8]] = [Array("é".utf8), Array("€".utf8), [0xFF], [0xC3], [0x80, 0x41]]
        for round in 0..<2_000 {
            let fieldCount = Int(generator.next() % 24) + 1
            let fields: [[UInt8]] = (0..<fieldCount).map { _ in
                let length = Int(generator.next() % (generator.next() % 4 == 0 ? 48 : 17))
                var field = (0..<length).map { _ in UInt8(0x20 + generator.next() % 0x5F) }
                if round % 3 == 0 && generator.next() % 8 == 0 {
                    field.insert(contentsOf: nonASCII[Int(generator.next() % UInt64(nonASCII.count))], at: field.count / 2)
                }
                return field
            }
            let record = record(fields)
            for encoding in TextEncoding.allCases {
                let expected = fields.map { encoding.decode($0[...]) }
                #expect(decoded(record, encoding) == expected, "round \(round) \(encoding) \(fields)")
            }
        }
    }
}
