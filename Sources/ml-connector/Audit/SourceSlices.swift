import EventLog
import Zlib

/// Reads byte ranges of a stored source file without holding the file: the blob is inflated as a stream (and
/// gunzipped as well when the file was a `.csv.gz`), only the requested bytes are kept, and reading stops as
/// soon as the last range is complete. An invoice's dossier so costs the bytes up to its rows, not a copy of
/// a file of a hundred thousand invoices.
enum SourceSlices {
    /// Largest decompressed file read through (matches the blob store's own cap).
    static let maximumFileBytes = 4 << 30

    /// The bytes of each range found in the file with that SHA-256; a range past the end of the file, a missing
    /// blob or a damaged stream leaves its range out (the dossier then shows no original bytes for it).
    /// - Throws: ``EventLogError`` when the log cannot be read.
    static func read(_ sha256: String, ranges: [Range<Int>], store: SQLiteEventStore) throws -> [Range<Int>: [UInt8]] {
        let collector = RangeCollector(ranges)
        guard collector.end > 0 else { return Dictionary(uniqueKeysWithValues: ranges.map { ($0, []) }) }
        var gunzip: Inflater?
        var isFirst = true
        do {
            try store.readBlob(sha256: sha256) { chunk in
                if isFirst {
                    isFirst = false
                    if chunk.count >= 2 && chunk[0] == 0x1f && chunk[1] == 0x8b {
                        gunzip = try Inflater(format: .gzip, maximumOutputBytes: maximumFileBytes)
                    }
                }
                if let gunzip { try gunzip.inflate(chunk, sink: collector.take) } else { try collector.take(chunk) }
            }
        } catch is RangeCollector.Complete {
            // Every range is in: the rest of the file is not read.
        } catch is ZlibError {
            return [:]
        }
        return collector.slices
    }
}

/// Keeps the requested byte ranges of a stream passed to it chunk by chunk; throws ``Complete`` once past the
/// last one, which ends the read.
final class RangeCollector {
    struct Complete: Error {}

    private let ranges: [Range<Int>]
    /// The bytes of each range that is complete.
    private(set) var slices: [Range<Int>: [UInt8]] = [:]
    private var partial: [Range<Int>: [UInt8]] = [:]
    private var position = 0
    /// One past the last byte wanted.
    let end: Int

    init(_ ranges: [Range<Int>]) {
        self.ranges = Array(Set(ranges)).sorted { $0.lowerBound < $1.lowerBound }
        end = ranges.map(\.upperBound).max() ?? 0
        for range in self.ranges where range.isEmpty { slices[range] = [] }
    }

    func take(_ chunk: UnsafeRawBufferPointer) throws {
        let here = position..<(position + chunk.count)
        for range in ranges where range.overlaps(here) {
            let lower = max(range.lowerBound, here.lowerBound) - position
            let upper = min(range.upperBound, here.upperBound) - position
            partial[range, default: []].append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[lower..<upper]))
            if range.upperBound <= here.upperBound { slices[range] = partial.removeValue(forKey: range) }
        }
        position = here.upperBound
        if position >= end { throw Complete() }
    }
}

@available(*, unavailable) extension RangeCollector: Sendable {}
