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
}
