import Foundation

@testable import Ingest

/// A clock that moves only when told to; `sleep` advances it instead of waiting.
final class ManualClock: IngestClock {
    private(set) var current: Date
    private(set) var sleeps: [TimeInterval] = []

    init(_ start: Date = Date(timeIntervalSince1970: 1_767_225_600)) { current = start }

    func now() -> Date { current }

    func sleep(seconds: TimeInterval) {
        sleeps.append(seconds)
        current += seconds
    }

    func advance(_ seconds: TimeInterval) { current += seconds }
}

/// Reads `bytes` with a fresh reader, in chunks of `chunk` bytes (0: all at once).
func readRecords(_ bytes: [UInt8], chunk: Int = 0, delimiter: UInt8 = UInt8(ascii: ","), limits: CSVLimits = .default)
    -> [CSVRecord]
{
    var reader = CSVReader(delimiter: delimiter, limits: limits)
    var records: [CSVRecord] = []
    if chunk == 0 {
        reader.feed(bytes) { records.append($0) }
    } else {
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            reader.feed(Array(bytes[start..<end])) { records.append($0) }
            start = end
        }
    }
    reader.finish { records.append($0) }
    return records
}

/// Field texts of every record.
func texts(_ records: [CSVRecord]) -> [[String]] {
    records.map { record in record.fields.map { String(decoding: $0, as: UTF8.self) } }
}
