/// A row's column values, looked up by a linear scan: a row has a dozen columns, and comparing a few short
/// byte runs costs less than hashing a string. Columns are unique, in the UTF-8 byte order of the canonical
/// payload.
///
/// Rows read by ``RowPayloadScanner`` keep their payload and only where each column and value lies in it:
/// strings are made when a value is asked for, and values are compared byte for byte. A map with an escaped
/// string or a non-ASCII column name (rare) holds ready-made strings instead, as does one built from a
/// dictionary.
struct ColumnValues {
    /// The pairs as strings; empty when the values are spans.
    private let pairs: [(column: String, value: String)]
    /// For pair `i`, `offsets[4i..<4i+4]` are the start and end of its column's and of its value's string
    /// bodies (between the quotes) in `payload`; none holds an escape, and columns are ASCII. Empty when the
    /// values are strings.
    private let payload: [UInt8]
    private let offsets: [Int32]
    private let isSpans: Bool

    /// Pairs already unique and in UTF-8 byte order of their columns (the payload scanner checks both).
    init(orderedPairs: [(column: String, value: String)]) {
        pairs = orderedPairs
        payload = []
        offsets = []
        isSpans = false
    }

    /// Spans of unescaped string bodies in `payload`, four offsets per pair (see ``offsets``), columns
    /// ASCII, unique and in byte order (the payload scanner checks all of it).
    init(payload: [UInt8], offsets: [Int32]) {
        pairs = []
        self.payload = payload
        self.offsets = offsets
        isSpans = true
    }

    init(_ dictionary: [String: String]) {
        self.init(
            orderedPairs: dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                ($0.key, $0.value)
            })
    }

    var count: Int {
        isSpans ? offsets.count / 4 : pairs.count
    }

    subscript(column: String) -> String? { value(at: index(of: column)) }

    /// The position of `column`, if present.
    func index(of column: String) -> Int? {
        if !isSpans {
            // Comparing lengths first skips most columns without a string comparison.
            let length = column.utf8.count
            return pairs.firstIndex { $0.column.utf8.count == length && $0.column == column }
        } else {
            func find(_ query: UnsafeBufferPointer<UInt8>) -> Int? {
                payload.withUnsafeBufferPointer { bytes in
                    // Columns here are ASCII, so equal UTF-8 lengths and equal strings mean equal bytes (as
                    // for string pairs, a string of another length is not looked at).
                    var pair = 0
                    while pair < offsets.count / 4 {
                        if Self.equal(bytes, Int(offsets[4 * pair])..<Int(offsets[4 * pair + 1]), query) { return pair }
                        pair += 1
                    }
                    return nil
                }
            }
            if let found = column.utf8.withContiguousStorageIfAvailable(find) { return found }
            var query = column
            return query.withUTF8(find)
        }
    }

    /// The value at `index` (from ``index(of:)`` on a row with the same columns), or nil for no index.
    func value(at index: Int?) -> String? {
        guard let index else { return nil }
        if !isSpans {
            return pairs[index].value
        } else {
            return payload.withUnsafeBufferPointer { bytes in
                String(
                    decoding: UnsafeBufferPointer(
                        rebasing: bytes[Int(offsets[4 * index + 2])..<Int(offsets[4 * index + 3])]), as: UTF8.self)
            }
        }
    }

    /// The value of `column` trimmed of surrounding whitespace (as `String.trimmed`), or nil when absent.
    func trimmedValue(of column: String) -> String? {
        guard let index = index(of: column) else { return nil }
        if !isSpans {
            return pairs[index].value.trimmed
        } else {
            return payload.withUnsafeBufferPointer { bytes in
                let start = Int(offsets[4 * index + 2])
                let end = Int(offsets[4 * index + 3])
                guard start < end else { return "" }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                // Most values have nothing to trim: the first and last bytes tell.
                func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
                return isPlain(bytes[start]) && isPlain(bytes[end - 1]) ? text : text.trimmed
            }
        }
    }

    /// The column at `index`.
    func column(at index: Int) -> String {
        if !isSpans {
            return pairs[index].column
        } else {
            return payload.withUnsafeBufferPointer { bytes in
                String(
                    decoding: UnsafeBufferPointer(
                        rebasing: bytes[Int(offsets[4 * index])..<Int(offsets[4 * index + 1])]), as: UTF8.self)
            }
        }
    }

    /// True when `other` lists the same columns in the same order (then a column sits at the same index in
    /// both, and one absent from either is absent from both).
    func hasSameColumns(as other: ColumnValues) -> Bool {
        guard count == other.count else { return false }
        if isSpans && other.isSpans {
            let otherPayload = other.payload
            let otherOffsets = other.offsets
            return payload.withUnsafeBufferPointer { bytes in
                otherPayload.withUnsafeBufferPointer { otherBytes in
                    var position = 0
                    while position < offsets.count {
                        let range = Int(offsets[position])..<Int(offsets[position + 1])
                        let otherRange = Int(otherOffsets[position])..<Int(otherOffsets[position + 1])
                        guard Self.equal(bytes, range, UnsafeBufferPointer(rebasing: otherBytes[otherRange])) else {
                            return false
                        }
                        position += 4
                    }
                    return true
                }
            }
        }
        return (0..<count).allSatisfy { column(at: $0) == other.column(at: $0) }
    }

    /// True when the value at `index` here and the value at `otherIndex` in `other` are the same bytes (both
    /// absent counts as the same). False may still be equal strings (canonically equivalent, or one side
    /// holding strings): compare ``value(at:)`` then.
    func hasSameBytes(at index: Int?, as other: ColumnValues, at otherIndex: Int?) -> Bool {
        guard let index, let otherIndex else { return index == nil && otherIndex == nil }
        if isSpans && other.isSpans {
            let otherPayload = other.payload
            let otherOffsets = other.offsets
            return payload.withUnsafeBufferPointer { bytes in
                otherPayload.withUnsafeBufferPointer { otherBytes in
                    Self.equal(
                        bytes, Int(offsets[4 * index + 2])..<Int(offsets[4 * index + 3]),
                        UnsafeBufferPointer(
                            rebasing: otherBytes[
                                Int(otherOffsets[4 * otherIndex + 2])..<Int(otherOffsets[4 * otherIndex + 3])]))
                }
            }
        }
        if !isSpans && !other.isSpans {
            return pairs[index].value.utf8.elementsEqual(other.pairs[otherIndex].value.utf8)
        }
        return false
    }

    var dictionary: [String: String] {
        Dictionary((0..<count).map { (column(at: $0), value(at: $0)!) }, uniquingKeysWith: { _, last in last })
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard range.count == other.count else { return false }
        var offset = 0
        while offset < other.count {
            if bytes[range.lowerBound + offset] != other[offset] { return false }
            offset += 1
        }
        return true
    }
}
