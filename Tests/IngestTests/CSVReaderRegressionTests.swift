import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Replays inputs the CSV fuzz harness (tools/fuzz/csv) found, with the harness's own oracle: reading the
/// bytes in one piece and in small chunks must give the same records and problems.
@Suite("CSVReader regressions")
struct CSVReaderRegressionTests {
    /// The limits the harness uses, small enough for short inputs to reach every branch.
    static let limits = CSVLimits(maximumFieldBytes: 64, maximumRowBytes: 256, maximumFields: 16)

    struct Read: Equatable {
        var fields: [[UInt8]]
        var row: Int
        var byteOffset: Int64
        var byteLength: Int
        var problem: CSVRecord.Problem?
    }

    static func read(_ bytes: [UInt8], delimiter: UInt8, chunk: Int) -> [Read] {
        var reader = CSVReader(delimiter: delimiter, limits: limits)
        var records: [Read] = []
        let collect: (CSVRecord) -> Void = {
            records.append(Read(fields: $0.fields, row: $0.row, byteOffset: $0.byteOffset, byteLength: $0.byteLength, problem: $0.problem))
        }
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunk)
            reader.feed(Array(bytes[start..<end]), collect)
            start = end
        }
        reader.finish(collect)
        return records
    }

    @Test("a fuzz finding reads the same in one piece and in chunks", arguments: [
        "csv-limit-depends-on-chunking-1.bin", "csv-limit-depends-on-chunking-2.bin",
    ])
    func fuzzFindingReadsTheSameInOnePieceAndInChunks(_ name: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepositoryPaths.root + "/Tests/Fixtures/regressions/" + name))
        let bytes = Array(data.dropFirst(2))
        let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
        let delimiter = delimiters[Int(data[data.startIndex]) % delimiters.count]
        let whole = Self.read(bytes, delimiter: delimiter, chunk: bytes.count)
        #expect(whole.contains { $0.problem != nil }, "the fixture no longer reaches a limit")
        for chunk in [1, 2, 3, 7, 64] {
            #expect(Self.read(bytes, delimiter: delimiter, chunk: chunk) == whole, "chunks of \(chunk) bytes")
        }
    }

    @Test func aRunCrossingBothLimitsIsNamedByTheLimitItCrossesFirstWhateverTheChunking() {
        // Four 60-byte fields (240 bytes), then a 70-byte field: the row limit (256) is crossed 17 bytes in,
        // before the field limit (64), so it is a row problem however the bytes arrive.
        let fields = (0..<4).map { _ in String(repeating: "a", count: 60) + "," }.joined()
        let rowFirst = Array(fields.utf8) + Array(repeating: UInt8(ascii: "c"), count: 70) + Array("\n".utf8)
        for chunk in [1, 5, rowFirst.count] {
            let records = Self.read(rowFirst, delimiter: UInt8(ascii: ","), chunk: chunk)
            #expect(records.count == 1)
            #expect(records.first?.problem == .rowTooLarge(field: 4), "chunks of \(chunk)")
            #expect(records.first?.fields.count == 4, "the four fields before the limit, chunks of \(chunk)")
        }
        // One 60-byte field, then a 100-byte one: the field limit comes first.
        let fieldFirst = Array((String(repeating: "a", count: 60) + ",").utf8) + Array(repeating: UInt8(ascii: "c"), count: 100)
            + Array("\n".utf8)
        for chunk in [1, 5, fieldFirst.count] {
            #expect(Self.read(fieldFirst, delimiter: UInt8(ascii: ","), chunk: chunk).first?.problem == .fieldTooLarge(field: 1))
        }
    }
}
