// libFuzzer entry for the streaming CSV reader (Sources/Ingest/CSV), built by tools/fuzz/run.sh.
//
// Oracle besides "no crash, no sanitizer report": the same bytes fed in one piece and fed in chunks of
// sizes chosen by the input must give identical records (fields, offsets, rows, problems), every field
// must lie inside its record's storage, and the limits must hold.

#if canImport(Glibc)
import Glibc
#endif

func report(_ line: String) { fputs(line + "\n", stderr) }

/// Small limits, so inputs of a few KiB reach every limit branch.
let fuzzLimits = CSVLimits(maximumFieldBytes: 64, maximumRowBytes: 256, maximumFields: 16)

struct Seen: Equatable {
    var fields: [[UInt8]]
    var row: Int
    var byteOffset: Int64
    var byteLength: Int
    var problem: String?
}

func read(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8, chunkSizes: [Int]) -> [Seen] {
    var reader = CSVReader(delimiter: delimiter, limits: fuzzLimits)
    var seen: [Seen] = []
    let collect: (CSVRecord) -> Void = { record in
        precondition(record.fieldEnds.count <= fuzzLimits.maximumFields, "more fields than the limit")
        precondition(record.storage.count <= fuzzLimits.maximumRowBytes, "record storage over the limit")
        var previous = 0
        for end in record.fieldEnds {
            precondition(end >= previous && end <= record.storage.count, "field end outside the record")
            precondition(end - previous <= fuzzLimits.maximumFieldBytes, "field over the limit")
            previous = end
        }
        precondition(record.byteOffset >= 0 && record.byteLength >= 0, "negative location")
        precondition(record.byteOffset + Int64(record.byteLength) <= Int64(bytes.count), "record past the input")
        for encoding in TextEncoding.allCases { record.decodeFields(encoding) { _, _ in } }
        seen.append(Seen(
            fields: record.fields, row: record.row, byteOffset: record.byteOffset, byteLength: record.byteLength,
            problem: record.problem.map { "\($0)" }))
    }
    var start = 0
    var index = 0
    while start < bytes.count {
        let size = chunkSizes.isEmpty ? bytes.count : max(1, chunkSizes[index % chunkSizes.count])
        let end = min(bytes.count, start + size)
        reader.feed(UnsafeRawBufferPointer(rebasing: bytes[start..<end]), collect)
        start = end
        index += 1
    }
    reader.finish(collect)
    precondition(reader.recordCount == seen.count, "recordCount disagrees with the records delivered")
    return seen
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSVReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let all = UnsafeRawBufferPointer(start: data, count: size)
    // Byte 0 picks the delimiter, byte 1 the chunk pattern; the rest is the file.
    let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), 0x09, UInt8(ascii: "|")]
    let delimiter = delimiters[Int(all[0]) % delimiters.count]
    let chunkSizes = [1, 2, 3, 5, 7, 64].map { $0 + Int(all[1] >> 4) } + [Int(all[1] & 0x0F) + 1]
    let body = UnsafeRawBufferPointer(rebasing: all[2...])
    let whole = read(body, delimiter: delimiter, chunkSizes: [])
    let chunked = read(body, delimiter: delimiter, chunkSizes: chunkSizes)
    if whole != chunked {
        let index = (0..<min(whole.count, chunked.count)).first { whole[$0] != chunked[$0] } ?? min(whole.count, chunked.count)
        report("whole (\(whole.count) records) vs chunked \(chunkSizes) (\(chunked.count)) differ at record \(index):")
        report("  whole:   \(index < whole.count ? "\(whole[index])" : "none")")
        report("  chunked: \(index < chunked.count ? "\(chunked[index])" : "none")")
        preconditionFailure("chunked reading differs from reading in one piece")
    }
    return 0
}
