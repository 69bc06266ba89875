import EventLog

/// A row's column values, looked up by a linear scan: a row has a dozen columns, and comparing a few short
/// byte runs costs less than hashing a string. Columns are unique, in the UTF-8 byte order of the canonical
/// payload.
///
/// Rows read by ``RowPayloadScanner`` keep their payload and only where each column and value lies in it:
/// strings are made when a value is asked for, and values are compared byte for byte. A map with an escaped
/// string or a non-ASCII column name (rare) holds ready-made strings instead, as does one built from a
/// dictionary.
///
/// A class (immutable), so that handing a row's map around costs one reference count, not one per array.
struct ColumnValues: Sendable {
    /// An empty map of spans (what a map checked but not kept reads as).
    static let emptySpans = ColumnValues(payload: [], offsets: [], layout: .empty)

    /// The pairs as strings; empty when the values are spans.
    private let pairs: [(column: String, value: String)]
    /// For pair `i`, `offsets[base + 4i..<base + 4i+4]` are the start and end of its column's and of its value's string
    /// bodies (between the quotes) in `payload`; none holds an escape, and columns are ASCII. Empty when the
    /// values are strings.
    private let payload: [UInt8]
    /// (A row's two maps share one offsets array: `base` is where this map's start, and `spanCount` how many
    /// pairs it has.)
    private let offsets: [Int32]
    private let base: Int32
    private let spanCount: Int32
    private let isSpans: Bool
    /// The columns of a map of spans, shared by the rows of a file that list the same ones (see
    /// ``ColumnLayout``); nil when the values are strings.
    private let layout: ColumnLayout?

    /// Pairs already unique and in UTF-8 byte order of their columns (the payload scanner checks both).
    init(orderedPairs: [(column: String, value: String)]) {
        pairs = orderedPairs
        payload = []
        offsets = []
        base = 0
        spanCount = 0
        isSpans = false
        layout = nil
    }

    /// Spans of unescaped string bodies in `payload`, four offsets per pair (see ``offsets``), columns
    /// ASCII, unique and in byte order (the payload scanner checks all of it); `layout` names the same
    /// columns in the same order.
    init(payload: [UInt8], offsets: [Int32], layout: ColumnLayout) {
        self.init(payload: payload, offsets: offsets, base: 0, count: offsets.count / 4, layout: layout)
    }

    /// ``init(payload:offsets:layout:)`` for the `count` pairs whose offsets start at `base` in `offsets`.
    init(payload: [UInt8], offsets: [Int32], base: Int, count: Int, layout: ColumnLayout) {
        pairs = []
        self.payload = payload
        self.offsets = offsets
        self.base = Int32(base)
        self.spanCount = Int32(count)
        isSpans = true
        self.layout = layout
    }

    /// The layout of a map of spans (nil for strings).
    var columnLayout: ColumnLayout? { layout }

    init(_ dictionary: [String: String]) {
        self.init(
            orderedPairs: dictionary.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map {
                ($0.key, $0.value)
            })
    }

    var count: Int {
        isSpans ? Int(spanCount) : pairs.count
    }

    subscript(column: String) -> String? { value(at: index(of: column)) }

    /// The position of `column`, if present.
    func index(of column: String) -> Int? {
        if !isSpans {
            // Comparing lengths first skips most columns without a string comparison.
            let length = column.utf8.count
            return pairs.firstIndex { $0.column.utf8.count == length && $0.column == column }
        } else {
            return layout!.index(of: column)
        }
    }

    /// The position of a known column, if present: for spans, read from the layout resolved once per file.
    func index(of column: KnownColumn) -> Int? {
        if let layout { return layout.index(of: column) }
        return index(of: column.name)
    }

    subscript(column: KnownColumn) -> String? { value(at: index(of: column)) }

    /// The positions of ``InvoiceAssembly/knownHeaderColumns``, in that order (resolved once per layout).
    var headerIndices: [Int?] {
        if let layout { return layout.headerIndices }
        return InvoiceAssembly.knownHeaderColumns.map { index(of: $0) }
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
                        rebasing: bytes[Int(offsets[Int(base) + 4 * index + 2])..<Int(offsets[Int(base) + 4 * index + 3])]), as: UTF8.self)
            }
        }
    }

    /// The value of a known column read as an amount, as `Money(text)` reads it; nil when the column is absent
    /// or its value is not an amount.
    func money(of column: KnownColumn) -> Money? {
        guard let index = index(of: column) else { return nil }
        if !isSpans { return Money(pairs[index].value) }
        return payload.withUnsafeBufferPointer { bytes in
            Self.money(UnsafeBufferPointer(rebasing: bytes[Int(offsets[Int(base) + 4 * index + 2])..<Int(offsets[Int(base) + 4 * index + 3])]))
        }
    }

    /// `Money(text)` read from the text's UTF-8 bytes, without making the string: optional `-`, at most ten
    /// whole digits, optional `.` and at most five decimals, at least one digit; nil for anything else.
    static func money(_ text: UnsafeBufferPointer<UInt8>) -> Money? {
        // Read once: another module's constants are reached through an accessor on every use.
        let maximumFractionDigits = Money.maximumFractionDigits
        var start = 0
        var negative = false
        if text.first == UInt8(ascii: "-") {
            negative = true
            start = 1
        }
        guard start < text.count, text[start] != UInt8(ascii: ".") || text.count - start > 1 else { return nil }
        var whole: Int64 = 0
        var fraction: Int64 = 0
        var fractionDigits = 0
        var seenPoint = false
        var digits = 0
        var position = start
        while position < text.count {
            let byte = text[position]
            position += 1
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
                continue
            }
            guard byte >= 48 && byte <= 57 else { return nil }
            let digit = Int64(byte - 48)
            if seenPoint {
                fractionDigits += 1
                guard fractionDigits <= maximumFractionDigits else { return nil }
                fraction = fraction * 10 + digit
            } else {
                digits += 1
                guard digits <= 10 else { return nil }
                whole = whole * 10 + digit
            }
        }
        guard digits > 0 || fractionDigits > 0 else { return nil }
        for _ in fractionDigits..<maximumFractionDigits { fraction *= 10 }
        let value = whole * Money.scale + fraction
        return Money(scaledValue: negative ? -value : value)
    }

    /// The value of `column` trimmed of surrounding whitespace (as `String.trimmed`), or nil when absent.
    func trimmedValue(of column: String) -> String? { trimmedValue(at: index(of: column)) }

    /// ``trimmedValue(of:)`` for a known column.
    func trimmedValue(of column: KnownColumn) -> String? { trimmedValue(at: index(of: column)) }

    /// The value at `index` trimmed of surrounding whitespace, or nil for no index.
    func trimmedValue(at index: Int?) -> String? {
        guard let index else { return nil }
        if !isSpans {
            return pairs[index].value.trimmed
        } else {
            return payload.withUnsafeBufferPointer { bytes in
                let start = Int(offsets[Int(base) + 4 * index + 2])
                let end = Int(offsets[Int(base) + 4 * index + 3])
                guard start < end else { return "" }
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                // Most values have nothing to trim: the first and last bytes tell.
                func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
                return isPlain(bytes[start]) && isPlain(bytes[end - 1]) ? text : text.trimmed
            }
        }
    }

    /// ``trimmedValue(at:)``, returning `candidate` itself, without making a string, when the value's bytes are
    /// exactly its UTF-8 and need no trimming (rows of one invoice repeat its Invoice ID).
    func trimmedValue(at index: Int?, reusing candidate: String) -> String? {
        guard let index else { return nil }
        if isSpans {
            let start = Int(offsets[Int(base) + 4 * index + 2])
            let end = Int(offsets[Int(base) + 4 * index + 3])
            var candidate = candidate
            let isSame = start < end && end - start == candidate.utf8.count
                && payload.withUnsafeBufferPointer { bytes in
                    func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
                    guard isPlain(bytes[start]) && isPlain(bytes[end - 1]) else { return false }
                    return candidate.withUTF8 { ByteRuns.equal(UnsafeBufferPointer(rebasing: bytes[start..<end]), $0) }
                }
            if isSame { return candidate }
        }
        return trimmedValue(at: index)
    }

    /// The column at `index`.
    func column(at index: Int) -> String {
        if !isSpans {
            return pairs[index].column
        } else {
            return payload.withUnsafeBufferPointer { bytes in
                String(
                    decoding: UnsafeBufferPointer(
                        rebasing: bytes[Int(offsets[Int(base) + 4 * index])..<Int(offsets[Int(base) + 4 * index + 1])]), as: UTF8.self)
            }
        }
    }

    /// True when `other` lists the same columns in the same order (then a column sits at the same index in
    /// both, and one absent from either is absent from both).
    func hasSameColumns(as other: ColumnValues) -> Bool {
        guard count == other.count else { return false }
        if let layout, let otherLayout = other.layout, layout === otherLayout { return true }
        if isSpans && other.isSpans {
            let otherPayload = other.payload
            let otherOffsets = other.offsets
            return payload.withUnsafeBufferPointer { bytes in
                otherPayload.withUnsafeBufferPointer { otherBytes in
                    var position = 0
                    let end = 4 * Int(spanCount)
                    let start = Int(base)
                    let otherStart = Int(other.base)
                    while position < end {
                        let range = Int(offsets[start + position])..<Int(offsets[start + position + 1])
                        let otherRange =
                            Int(otherOffsets[otherStart + position])..<Int(otherOffsets[otherStart + position + 1])
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
                        bytes, Int(offsets[Int(base) + 4 * index + 2])..<Int(offsets[Int(base) + 4 * index + 3]),
                        UnsafeBufferPointer(
                            rebasing: otherBytes[
                                Int(otherOffsets[Int(other.base) + 4 * otherIndex + 2])..<Int(otherOffsets[Int(other.base) + 4 * otherIndex + 3])]))
                }
            }
        }
        if !isSpans && !other.isSpans {
            return pairs[index].value.utf8.elementsEqual(other.pairs[otherIndex].value.utf8)
        }
        return false
    }

    /// For each of `indices` (at most 64, positions here and in `other`, which lists the same columns), a
    /// set bit when ``hasSameBytes(at:as:at:)`` holds there: one pass over both payloads.
    func sameBytesMask(at indices: [Int?], as other: ColumnValues) -> UInt64 {
        var mask: UInt64 = 0
        guard isSpans && other.isSpans else {
            for (bit, index) in indices.enumerated() where hasSameBytes(at: index, as: other, at: index) {
                mask |= 1 << UInt64(bit)
            }
            return mask
        }
        let otherOffsets = other.offsets
        payload.withUnsafeBufferPointer { bytes in
            other.payload.withUnsafeBufferPointer { otherBytes in
                for (bit, index) in indices.enumerated() {
                    guard let index else {
                        mask |= 1 << UInt64(bit)
                        continue
                    }
                    let otherRange = Int(otherOffsets[Int(other.base) + 4 * index + 2])..<Int(otherOffsets[Int(other.base) + 4 * index + 3])
                    if Self.equal(
                        bytes, Int(offsets[Int(base) + 4 * index + 2])..<Int(offsets[Int(base) + 4 * index + 3]),
                        UnsafeBufferPointer(rebasing: otherBytes[otherRange]))
                    {
                        mask |= 1 << UInt64(bit)
                    }
                }
            }
        }
        return mask
    }

    var dictionary: [String: String] {
        Dictionary((0..<count).map { (column(at: $0), value(at: $0)!) }, uniquingKeysWith: { _, last in last })
    }

    private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>)
        -> Bool
    {
        guard range.count == other.count else { return false }
        return ByteRuns.equal(UnsafeBufferPointer(rebasing: bytes[range]), other)
    }
}

/// Word-at-a-time helpers for the short byte runs of row payloads.
enum ByteRuns {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// True when both runs hold the same bytes (compared eight at a time).
    static func equal(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        guard lhs.count == rhs.count else { return false }
        let count = lhs.count
        guard count > 0, let left = lhs.baseAddress, let right = rhs.baseAddress else { return true }
        let leftRaw = UnsafeRawPointer(left)
        let rightRaw = UnsafeRawPointer(right)
        var offset = 0
        while offset + 8 <= count {
            if leftRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                != rightRaw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            {
                return false
            }
            offset += 8
        }
        while offset < count {
            if left[offset] != right[offset] { return false }
            offset += 1
        }
        return true
    }

    /// True when no byte of `run` is a quote, a backslash or a control byte (checked eight at a time): the
    /// run is written into a JSON string as it is.
    static func isPlain(_ run: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        if let base = run.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= run.count,
                !mayHaveSpecial(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self), isASCII: false)
            {
                offset += 8
            }
        }
        while offset < run.count {
            let byte = run[offset]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return false }
            offset += 1
        }
        return true
    }

    /// True when `lhs` comes strictly before `rhs` in byte order (a proper prefix comes first).
    static func precedes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Bool {
        let common = min(lhs.count, rhs.count)
        var offset = 0
        while offset < common {
            if lhs[offset] != rhs[offset] { return lhs[offset] < rhs[offset] }
            offset += 1
        }
        return lhs.count < rhs.count
    }

    /// The position (0–7) of the first byte of `word` (loaded from memory: byte 0 first in memory) that
    /// ``mayHaveSpecial(_:isASCII:)`` looks for, or nil when there is none. The lowest flag of each test is
    /// exact (only bytes above a true match can be flagged falsely), so the lowest of all of them is too.
    static func firstSpecial(_ word: UInt64, isASCII: Bool) -> Int? {
        let word = UInt64(littleEndian: word)
        func zeroBytes(_ value: UInt64) -> UInt64 { (value &- ones) & ~value & highs }
        var flags = zeroBytes(word ^ (ones &* 0x22)) | zeroBytes(word ^ (ones &* 0x5C))
        flags |= (word &- ones &* 0x20) & ~word & highs
        if isASCII { flags |= word & highs }
        return flags == 0 ? nil : flags.trailingZeroBitCount / 8
    }

    /// True when one of the eight bytes of `word` may end a plain JSON string body or make it not plain: a
    /// quote, a backslash, a control byte, or (when `isASCII`) a byte beyond ASCII. Exact for the word as a
    /// whole, so a false answer means all eight bytes are ordinary.
    static func mayHaveSpecial(_ word: UInt64, isASCII: Bool) -> Bool {
        func hasZeroByte(_ value: UInt64) -> Bool { (value &- ones) & ~value & highs != 0 }
        if hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x5C)) { return true }
        if (word &- ones &* 0x20) & ~word & highs != 0 { return true }
        return isASCII && word & highs != 0
    }
}

/// The columns Transform reads from invoice rows, so that a row's position for each is resolved once per
/// file (see ``ColumnLayout``) instead of searched by name on every read.
enum KnownColumn: Int, CaseIterable {
    case invoiceId, invoiceNumber, vendorId, vendorName, invoiceDate, dueDate, currency, invoiceTotal, terms
    case poNumber, memo, approvedDate, approver, lineNumber, lineDescription, lineAmount, glAccount, department
    case classColumn, customer, billable, attachment

    /// The column's name in the export (stampli-export.md §invoices).
    var name: String {
        switch self {
        case .invoiceId: "Invoice ID"
        case .invoiceNumber: "Invoice Number"
        case .vendorId: "Vendor ID"
        case .vendorName: "Vendor Name"
        case .invoiceDate: "Invoice Date"
        case .dueDate: "Due Date"
        case .currency: "Currency"
        case .invoiceTotal: "Invoice Total"
        case .terms: "Terms"
        case .poNumber: "PO Number"
        case .memo: "Memo"
        case .approvedDate: "Approved Date"
        case .approver: "Approver"
        case .lineNumber: "Line Number"
        case .lineDescription: "Line Description"
        case .lineAmount: "Line Amount"
        case .glAccount: "GL Account"
        case .department: "Department"
        case .classColumn: "Class"
        case .customer: "Customer"
        case .billable: "Billable"
        case .attachment: "Attachment"
        }
    }
}

/// The columns of a map of spans, in order, with the position of each ``KnownColumn`` resolved once. Rows of
/// one file list the same columns, so the payload scanner gives consecutive rows the same layout object
/// after checking their column bytes against it.
final class ColumnLayout: Sendable {
    /// The layout of an empty map (the `extra` map of most rows).
    static let empty = ColumnLayout(payload: UnsafeBufferPointer(start: nil, count: 0), offsets: [])

    /// Column names, in the map's order (ASCII).
    let names: [String]
    /// The names' bytes, one after another, and where each ends; followed by eight zero bytes, so that a
    /// name's last word can be loaded whole (see ``quotedName(at:in:from:)``).
    private let bytes: [UInt8]
    private let ends: [Int]
    /// For each ``KnownColumn`` (by raw value), its position in ``names``, or -1.
    private let positions: [Int]
    /// The positions of ``InvoiceAssembly/knownHeaderColumns``, in that order.
    let headerIndices: [Int?]

    /// The layout of the columns at `offsets` (four per pair, see ``ColumnValues``) in `payload`.
    init(payload: UnsafeBufferPointer<UInt8>, offsets: [Int32]) {
        var names: [String] = []
        var bytes: [UInt8] = []
        var ends: [Int] = []
        var pair = 0
        while pair < offsets.count {
            let column = UnsafeBufferPointer(rebasing: payload[Int(offsets[pair])..<Int(offsets[pair + 1])])
            names.append(String(decoding: column, as: UTF8.self))
            bytes.append(contentsOf: column)
            ends.append(bytes.count)
            pair += 4
        }
        self.names = names
        self.bytes = bytes + [UInt8](repeating: 0, count: 8)
        self.ends = ends
        let positions = KnownColumn.allCases.map { known in names.firstIndex(of: known.name) ?? -1 }
        self.positions = positions
        headerIndices = InvoiceAssembly.knownHeaderColumns.map { positions[$0.rawValue] < 0 ? nil : positions[$0.rawValue] }
    }

    /// True when the columns at `offsets` in `payload` are exactly these, in this order.
    func matches(payload: UnsafeBufferPointer<UInt8>, offsets: [Int32]) -> Bool {
        guard offsets.count == 4 * ends.count else { return false }
        return bytes.withUnsafeBufferPointer { own in
            var start = 0
            var pair = 0
            while pair < ends.count {
                let lower = Int(offsets[4 * pair])
                let upper = Int(offsets[4 * pair + 1])
                guard upper - lower == ends[pair] - start,
                    ByteRuns.equal(
                        UnsafeBufferPointer(rebasing: payload[lower..<upper]),
                        UnsafeBufferPointer(rebasing: own[start..<ends[pair]]))
                else { return false }
                start = ends[pair]
                pair += 1
            }
            return true
        }
    }

    /// When `payload` holds, at `start`, the quoted name of column `position` (its bytes between two
    /// quotes), the range of the name; else nil.
    func quotedName(at position: Int, in payload: UnsafeBufferPointer<UInt8>, from start: Int) -> Range<Int>? {
        guard position < ends.count else { return nil }
        let nameStart = position == 0 ? 0 : ends[position - 1]
        let length = ends[position] - nameStart
        let lower = start + 1
        let upper = lower + length
        guard upper < payload.count, payload[start] == UInt8(ascii: "\""), payload[upper] == UInt8(ascii: "\"")
        else { return nil }
        let isSame = bytes.withUnsafeBufferPointer { own in
            guard upper + 8 <= payload.count, let payloadBase = payload.baseAddress, let ownBase = own.baseAddress
            else {
                return ByteRuns.equal(
                    UnsafeBufferPointer(rebasing: payload[lower..<upper]),
                    UnsafeBufferPointer(rebasing: own[nameStart..<ends[position]]))
            }
            // Word by word, the last word masked to the name's bytes: both sides have eight bytes to spare
            // after the name (the payload past its closing quote, the layout its padding).
            let left = UnsafeRawPointer(payloadBase + lower)
            let right = UnsafeRawPointer(ownBase + nameStart)
            var offset = 0
            while offset + 8 <= length {
                if left.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    != right.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                {
                    return false
                }
                offset += 8
            }
            let rest = length - offset
            guard rest > 0 else { return true }
            let mask: UInt64 = (1 << UInt64(8 * rest)) &- 1
            let difference =
                UInt64(littleEndian: left.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                ^ UInt64(littleEndian: right.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            return difference & mask == 0
        }
        return isSame ? lower..<upper : nil
    }

    func index(of column: KnownColumn) -> Int? {
        let position = positions[column.rawValue]
        return position < 0 ? nil : position
    }

    /// The position of any column by name (a short scan; most names are stored inline and compare quickly).
    func index(of column: String) -> Int? {
        let length = column.utf8.count
        var position = 0
        while position < names.count {
            if names[position].utf8.count == length && names[position] == column { return position }
            position += 1
        }
        return nil
    }
}
