import EventLog

/// A fast reader for ``RowParsed`` payloads, the bulk of what Transform reads (one event per CSV row).
///
/// The payloads are canonical JSON written by ``CanonicalJSON``: one object of strings, integers and flat
/// string-to-string objects. Reading them with `JSONDecoder` costs more than everything else Transform does
/// per invoice, so this scanner reads exactly that shape and returns nil for anything else, in which case
/// the caller falls back to `JSONDecoder`. It never guesses: unknown keys or types mean nil.
struct RowPayloadScanner {
    private let bytes: UnsafeBufferPointer<UInt8>
    /// The payload `bytes` point into, which column maps keep (see ``ColumnValues``).
    private let payload: [UInt8]
    private var index = 0
    /// The offsets of the row's maps read as spans, one after the other (see ``ColumnValues``): one array for
    /// the row, shared by its maps once both are read.
    private var offsets: [Int32] = []

    /// A map as read: spans whose offsets lie in ``offsets`` from `base`, or ready-made values.
    private enum ReadMap {
        case spans(base: Int, count: Int, layout: ColumnLayout)
        case values(ColumnValues)
    }

    /// The map `read` stands for, sharing the row's ``offsets``.
    private func values(_ read: ReadMap) -> ColumnValues {
        switch read {
        case .values(let values): values
        case .spans(let base, let count, let layout):
            ColumnValues(payload: payload, offsets: offsets, base: base, count: count, layout: layout)
        }
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, payload: [UInt8]) {
        self.bytes = bytes
        self.payload = payload
    }

    /// The row in `payload`, or nil when the payload is not the expected shape.
    /// - Parameter previous: the row read before, usually of the same file: its strings (file, path, and in a
    ///   map read as strings, column names and values) are shared where the bytes are equal, instead of
    ///   allocated again.
    static func row(seq: Int64, payload: [UInt8], previous: SourceRow? = nil) -> SourceRow? {
        let source = payload.withUnsafeBufferPointer { buffer in
            var scanner = RowPayloadScanner(buffer, payload: payload)
            return scanner.parseRow(seq: seq, previous: previous)
        }
        guard let (source, fieldsRange, normalizedRange) = source else { return nil }
        source.canonicalContent = (payload, fieldsRange, normalizedRange)
        return source
    }

    private mutating func parseRow(seq: Int64, previous: SourceRow?)
        -> (row: SourceRow, fields: Range<Int>, normalized: Range<Int>)?
    {
        var kind: FileKind?
        var fileSha256: String?
        var path: String?
        var row: Int?
        var fields: ReadMap?
        var normalized: ReadMap?
        var fieldsRange = 0..<0
        var normalizedRange = 0..<0
        guard consume(UInt8(ascii: "{")) else { return nil }
        if peek() == UInt8(ascii: "}") { return nil }
        // Room for the previous row's columns (rows of a file list the same ones), else for sixteen per map.
        offsets.reserveCapacity(
            4 * (previous.map { $0.fields.count + $0.normalized.count } ?? 32))
        // Canonical payloads list the keys in one order: the next one expected is recognised with its quotes
        // and colon by one comparison; any other key is read by ``topKey()``.
        var expected = 0
        while true {
            let key: RowKey
            if expected < Self.keyOrder.count, literal(Self.quotedKeys[expected]) {
                key = Self.keyOrder[expected]
                expected += 1
            } else {
                guard let other = topKey(), consume(UInt8(ascii: ":")) else { return nil }
                key = other
                expected = Self.keyOrder.count
            }
            switch key {
            case .byteLength, .byteOffset: guard integer() != nil else { return nil }
            case .row:
                guard let value = integer() else { return nil }
                row = value
            case .kind:
                guard let text = string(), let value = FileKind(rawValue: text) else { return nil }
                kind = value
            case .fileSha256:
                guard let value = string(reusing: previous?.fileSha256) else { return nil }
                fileSha256 = value
            case .path:
                guard let value = string(reusing: previous?.path) else { return nil }
                path = value
            case .fields:
                let start = index
                guard let value = map(reusing: previous, normalized: false) else { return nil }
                fields = value
                fieldsRange = start..<index
            case .normalized:
                let start = index
                guard let value = map(reusing: previous, normalized: true) else { return nil }
                normalized = value
                normalizedRange = start..<index
            case .extra: guard skipMap() else { return nil }
            }
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")), index == bytes.count else { return nil }
            break
        }
        guard let kind, let fileSha256, let path, let row, let fields, let normalized else { return nil }
        let source = SourceRow(
            seq: seq, row: row, fileSha256: fileSha256, path: path, kind: kind, fields: values(fields),
            normalized: values(normalized))
        return (source, fieldsRange, normalizedRange)
    }

    /// The keys of a row payload in canonical (UTF-8 byte) order, and the same quoted and followed by a colon.
    private static let keyOrder: [RowKey] = [
        .byteLength, .byteOffset, .extra, .fields, .fileSha256, .kind, .normalized, .path, .row,
    ]
    private static let quotedKeys: [StaticString] = [
        "\"byteLength\":", "\"byteOffset\":", "\"extra\":", "\"fields\":", "\"fileSha256\":", "\"kind\":",
        "\"normalized\":", "\"path\":", "\"row\":",
    ]

    /// Consumes `text` when the bytes at the current position are exactly it.
    private mutating func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let isSame = ByteRuns.equal(
            UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]),
            UnsafeBufferPointer(start: text.utf8Start, count: count))
        if isSame { index += count }
        return isSame
    }

    /// The keys of a row payload.
    private enum RowKey: CaseIterable {
        case byteLength, byteOffset, extra, fields, fileSha256, kind, normalized, path, row

        var name: String {
            switch self {
            case .byteLength: "byteLength"
            case .byteOffset: "byteOffset"
            case .extra: "extra"
            case .fields: "fields"
            case .fileSha256: "fileSha256"
            case .kind: "kind"
            case .normalized: "normalized"
            case .path: "path"
            case .row: "row"
            }
        }
    }

    /// A key of the row object, or nil for any other: an unescaped one is matched by its bytes (no string is
    /// made); an escaped one is read as a string first.
    private mutating func topKey() -> RowKey? {
        let start = index
        if let span = plainString(isASCII: true) {
            let key = UnsafeBufferPointer(rebasing: bytes[span])
            guard !key.isEmpty else { return nil }
            // The length and first byte leave at most two candidates; their bytes then decide.
            func matching(_ candidate: RowKey) -> RowKey? {
                var name = candidate.name
                return name.withUTF8 { ByteRuns.equal($0, key) } ? candidate : nil
            }
            switch (key.count, key[0]) {
            case (3, UInt8(ascii: "r")): return matching(.row)
            case (4, UInt8(ascii: "k")): return matching(.kind)
            case (4, UInt8(ascii: "p")): return matching(.path)
            case (5, UInt8(ascii: "e")): return matching(.extra)
            case (6, UInt8(ascii: "f")): return matching(.fields)
            case (10, UInt8(ascii: "b")): return matching(.byteLength) ?? matching(.byteOffset)
            case (10, UInt8(ascii: "f")): return matching(.fileSha256)
            case (10, UInt8(ascii: "n")): return matching(.normalized)
            default: return nil
            }
        }
        index = start
        guard let text = string() else { return nil }
        return RowKey.allCases.first { $0.name == text }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func integer() -> Int? {
        var negative = false
        if consume(UInt8(ascii: "-")) { negative = true }
        var value = 0
        var digits = 0
        while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow, digits < 18 else { return nil }
            value = product + Int(bytes[index] - 48)
            index += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        return negative ? -value : value
    }

    /// A flat object of strings whose keys are unique and in UTF-8 byte order, as canonical JSON writes them:
    /// as spans of the payload when no string is escaped and no key is beyond ASCII, else as strings.
    /// - Parameter normalized: the map is `normalized` (else `fields`); the previous row's map of that name
    ///   is the one reused. Only its layout is read on the usual path (no copy of the whole map).
    private mutating func map(reusing previous: SourceRow?, normalized: Bool) -> ReadMap? {
        let start = index
        let mark = offsets.count
        let layout = normalized ? previous?.normalized.columnLayout : previous?.fields.columnLayout
        if let spans = spanMap(previous: layout) { return spans }
        index = start
        offsets.removeSubrange(mark...)
        return stringMap(reusing: normalized ? previous?.normalized : previous?.fields).map { .values($0) }
    }

    /// Reads past a map that Transform does not keep, accepting exactly what ``map(reusing:)`` accepts:
    /// without allocating unless a string holds an escape or a key a byte beyond ASCII.
    private mutating func skipMap() -> Bool {
        let start = index
        if spanMap(previous: nil, keep: false) != nil { return true }
        index = start
        return stringMap() != nil
    }

    /// ``map(reusing:)`` as spans, or nil when a string holds an escape or a key a byte beyond ASCII (or the
    /// shape is wrong, which ``stringMap(reusing:)`` then finds). The previous row's layout is shared when
    /// this map lists the same columns; with `keep` false the map is only checked (and an empty one returned).
    private mutating func spanMap(previous: ColumnLayout?, keep: Bool = true) -> ReadMap? {
        // Offsets are 32-bit: a payload beyond that (far above any row Ingest writes) is read as strings.
        guard bytes.count <= Int(Int32.max), consume(UInt8(ascii: "{")) else { return nil }
        // This map's offsets are appended to the row's from here.
        let base = offsets.count
        func spans() -> ReadMap {
            guard keep else { return .values(ColumnValues.emptySpans) }
            let count = (offsets.count - base) / 4
            guard count > 0 else { return .spans(base: base, count: 0, layout: .empty) }
            let own = Array(offsets[base...])
            let layout =
                previous.flatMap { $0.matches(payload: bytes, offsets: own) ? $0 : nil }
                ?? ColumnLayout(payload: bytes, offsets: own)
            return .spans(base: base, count: count, layout: layout)
        }
        if consume(UInt8(ascii: "}")) { return spans() }
        var lastKey: Range<Int>?
        // While the keys are the previous row's columns, in order, each is recognised by one comparison of
        // its bytes with the layout's: those columns are plain ASCII and strictly ordered already.
        let layout = keep ? previous : nil
        var isLayoutSoFar = layout != nil
        var pair = 0
        while true {
            let key: Range<Int>
            if isLayoutSoFar, let layout, let span = layout.quotedName(at: pair, in: bytes, from: index) {
                key = span
                index = span.upperBound + 1
            } else {
                isLayoutSoFar = false
                guard let plain = plainString(isASCII: true) else { return nil }
                if let lastKey {
                    guard ByteRuns.precedes(
                        UnsafeBufferPointer(rebasing: bytes[lastKey]), UnsafeBufferPointer(rebasing: bytes[plain]))
                    else { return nil }
                }
                key = plain
            }
            lastKey = key
            pair += 1
            guard consume(UInt8(ascii: ":")), let value = plainString(isASCII: false) else { return nil }
            if keep {
                offsets.append(Int32(key.lowerBound))
                offsets.append(Int32(key.upperBound))
                offsets.append(Int32(value.lowerBound))
                offsets.append(Int32(value.upperBound))
            }
            if consume(UInt8(ascii: ",")) { continue }
            guard consume(UInt8(ascii: "}")) else { return nil }
            if isLayoutSoFar, let layout, pair == layout.names.count {
                return .spans(base: base, count: pair, layout: layout)
            }
            return spans()
        }
    }

    /// The body of a string with no escape (and only ASCII when `isASCII`), or nil.
    private mutating func plainString(isASCII: Bool) -> Range<Int>? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // Eight bytes at a time while none of them can be special; then straight to the first one that can,
        // and byte by byte from there.
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                guard let first = ByteRuns.firstSpecial(word, isASCII: isASCII) else {
                    index += 8
                    continue
                }
                index += first
                break
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return start..<(index - 1)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || (isASCII && byte >= 0x80) { return nil }
            index += 1
        }
        return nil
    }

    /// ``map(reusing:)`` as strings (any string, escaped or not).
    private mutating func stringMap(reusing previous: ColumnValues? = nil) -> ColumnValues? {
        guard consume(UInt8(ascii: "{")) else { return nil }
        var pairs: [(column: String, value: String)] = []
        pairs.reserveCapacity(16)
        if consume(UInt8(ascii: "}")) { return ColumnValues(orderedPairs: pairs) }
        while true {
            // Rows of one file list the same columns in the same order, often with the same values.
            let earlier = previous.flatMap { pairs.count < $0.count ? pairs.count : nil }
            guard let key = string(reusing: earlier.map { previous!.column(at: $0) }) else { return nil }
            if let previous = pairs.last?.column {
                guard previous.utf8.lexicographicallyPrecedes(key.utf8) else { return nil }
            }
            guard consume(UInt8(ascii: ":")), let value = string(reusing: earlier.flatMap { previous!.value(at: $0) })
            else { return nil }
            pairs.append((key, value))
            if consume(UInt8(ascii: ",")) { continue }
            return consume(UInt8(ascii: "}")) ? ColumnValues(orderedPairs: pairs) : nil
        }
    }

    /// Reads a string; returns `candidate` itself when its UTF-8 bytes are exactly the unescaped text.
    private mutating func string(reusing candidate: String? = nil) -> String? {
        // Most strings hold no escape: their body is found eight bytes at a time.
        let quote = index
        if let span = plainString(isASCII: false) {
            let raw = UnsafeBufferPointer(rebasing: bytes[span])
            // Up to 15 bytes a String is stored inline: making it costs less than comparing.
            if raw.count > 15, let candidate, Self.isText(candidate, raw) { return candidate }
            return String(decoding: raw, as: UTF8.self)
        }
        index = quote
        guard consume(UInt8(ascii: "\"")) else { return nil }
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                // Up to 15 bytes a String is stored inline: making it costs less than comparing.
                if raw.count > 15, let candidate, Self.isText(candidate, raw) { return candidate }
                return String(decoding: raw, as: UTF8.self)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { return nil }
            index += 1
        }
        guard index < bytes.count else { return nil }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                return String(validating: scalars, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { return nil }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
                case UInt8(ascii: "n"): scalars.append(0x0A)
                case UInt8(ascii: "r"): scalars.append(0x0D)
                case UInt8(ascii: "t"): scalars.append(0x09)
                case UInt8(ascii: "b"): scalars.append(0x08)
                case UInt8(ascii: "f"): scalars.append(0x0C)
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code) {
                        guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let low = hex4(),
                            (0xDC00..<0xE000).contains(low)
                        else { return nil }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let scalar = Unicode.Scalar(code) else { return nil }
                    scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
                default: return nil
                }
            default:
                guard byte >= 0x20 else { return nil }
                scalars.append(byte)
            }
        }
        return nil
    }

    private static func isText(_ text: String, _ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        guard text.utf8.count == raw.count else { return false }
        return text.utf8.withContiguousStorageIfAvailable { ByteRuns.equal($0, raw) } ?? false
    }

    private mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            index += 1
            let digit: UInt8
            switch byte {
            case 48...57: digit = byte - 48
            case 65...70: digit = byte - 55
            case 97...102: digit = byte - 87
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }
}
