import EventLog

/// One ingested CSV row as Transform sees it: parsed, or rejected by Ingest (then it taints its invoice).
/// A class, so that grouping and sorting rows shares them instead of copying their dictionaries.
final class SourceRow {
    let seq: Int64
    let row: Int
    let fileSha256: String
    let path: String
    let kind: FileKind
    let fields: ColumnValues
    let normalized: ColumnValues
    /// Set for a row Ingest rejected (boxed, so that the far more common parsed row stays small).
    var rejection: RowRejected? { rejectionBox?.value }
    private let rejectionBox: RejectionBox?
    /// True for a row Ingest rejected (checked without copying the rejection).
    var isRejected: Bool { rejectionBox != nil }

    private final class RejectionBox {
        let value: RowRejected
        init(_ value: RowRejected) { self.value = value }
    }
    /// The event payload and where the canonical JSON of `fields` and of `normalized` lie in it, when already
    /// at hand (the payload scanner finds them); see ``Digest/contentHash(rows:)``.
    var canonicalContent: (payload: [UInt8], fields: Range<Int>, normalized: Range<Int>)?

    /// Canonical bytes of the row's content: the canonical JSON of `fields`, a zero byte, and that of
    /// `normalized`; sliced from ``canonicalContent`` or encoded afresh.
    var contentBytes: [UInt8] {
        if let canonicalContent {
            return Array(canonicalContent.payload[canonicalContent.fields]) + [0]
                + Array(canonicalContent.payload[canonicalContent.normalized])
        }
        // Encoding [String: String] cannot fail.
        return ((try? CanonicalJSON.encode(fields.dictionary)) ?? []) + [0]
            + ((try? CanonicalJSON.encode(normalized.dictionary)) ?? [])
    }

    init(
        seq: Int64, row: Int, fileSha256: String, path: String, kind: FileKind, fields: ColumnValues,
        normalized: ColumnValues
    ) {
        self.seq = seq
        self.row = row
        self.fileSha256 = fileSha256
        self.path = path
        self.kind = kind
        self.fields = fields
        self.normalized = normalized
        self.rejectionBox = nil
    }

    convenience init(seq: Int64, parsed: RowParsed) {
        self.init(
            seq: seq, row: parsed.row, fileSha256: parsed.fileSha256, path: parsed.path, kind: parsed.kind,
            fields: ColumnValues(parsed.fields), normalized: ColumnValues(parsed.normalized))
    }

    init(seq: Int64, rejected: RowRejected) {
        self.seq = seq
        self.row = rejected.row
        self.fileSha256 = rejected.fileSha256
        self.path = rejected.path
        self.kind = rejected.kind
        self.fields = ColumnValues(rejected.fields)
        self.normalized = ColumnValues([:])
        self.rejectionBox = RejectionBox(rejected)
    }

    /// Decodes a row event, or nil for any other type.
    /// - Throws: ``EventLogError`` when the payload does not decode.
    /// - Parameter previous: the row read just before, whose equal strings are shared (see ``RowPayloadScanner``).
    static func decode(_ event: RecordedEvent, previous: SourceRow? = nil) throws -> SourceRow? {
        switch event.type {
        case RowParsed.type:
            try
                (event.version == RowParsed.version
                ? RowPayloadScanner.row(seq: event.seq, payload: event.payload, previous: previous) : nil)
                ?? SourceRow(seq: event.seq, parsed: event.decode(RowParsed.self))
        case RowRejected.type: SourceRow(seq: event.seq, rejected: try event.decode(RowRejected.self))
        default: nil
        }
    }

    /// The raw value of a column, trimmed; empty when absent.
    func raw(_ column: String) -> String { fields.trimmedValue(of: column) ?? "" }

    /// The canonical value when Ingest normalized one, else the raw value.
    func value(_ column: String) -> String { normalized[column] ?? raw(column) }

    /// The Line Number as a whole number (nil when it is not one), read once: the content hash and the
    /// checks both need it.
    private(set) lazy var lineNumber: Int? = Int(raw(.lineNumber))

    /// The Invoice ID (``raw(_:)``), read once: both passes over an invoices file group rows by it. `candidate`
    /// (the previous row's) is returned itself when the bytes are the same, without making a string.
    func invoiceId(reusing candidate: String) -> String {
        if let cachedInvoiceId { return cachedInvoiceId }
        let id = fields.trimmedValue(at: fields.index(of: .invoiceId), reusing: candidate) ?? ""
        cachedInvoiceId = id
        return id
    }
    private var cachedInvoiceId: String?

    /// True when this row lists the columns of `first` (raw and canonical) and holds the same bytes in each
    /// header column (``InvoiceAssembly/knownHeaderColumns``). Read through the row itself, so that neither
    /// row's maps are copied.
    func hasSameHeaderBytes(as first: SourceRow) -> Bool {
        guard fields.hasSameColumns(as: first.fields), normalized.hasSameColumns(as: first.normalized) else {
            return false
        }
        let all: UInt64 = (1 << UInt64(InvoiceAssembly.knownHeaderColumns.count)) - 1
        let raw = fields.sameBytesMask(at: first.fields.headerIndices, as: first.fields)
        return raw == all
            && normalized.sameBytesMask(at: first.normalized.headerIndices, as: first.normalized) == all
    }

    /// The canonical value of a known column read as an amount (see ``ColumnValues/money(of:)``).
    func normalizedMoney(_ column: KnownColumn) -> Money? { normalized.money(of: column) }

    /// ``raw(_:)`` for a known column, read at the position resolved for the file.
    func raw(_ column: KnownColumn) -> String { fields.trimmedValue(of: column) ?? "" }

    /// ``value(_:)`` for a known column.
    func value(_ column: KnownColumn) -> String { normalized[column] ?? raw(column) }
}

/// Helpers shared by the planners.
enum Digest {
    /// The content hash of rows: SHA-256 over each row's canonical raw fields and normalized values (sorted
    /// keys) and its rejection marker, each length-prefixed so that boundaries are unambiguous. File names
    /// and row numbers are left out, so the same content in another file hashes the same.
    private static let parsedMarker = Array("parsed".utf8)


    static func contentHash(rows: [SourceRow]) -> String {
        // The bytes are gathered into one buffer and hashed in one call: many small updates cost more. The
        // buffer is sized first (rows read from their payload know their lengths) and written through a
        // pointer.
        let header = Array("rows:\(rows.count)".utf8)
        var size = 4 + header.count
        for row in rows {
            if let content = row.canonicalContent {
                size += 4 + content.fields.count + 1 + content.normalized.count
            } else {
                size += 4 + row.contentBytes.count
            }
            size += 4 + (row.isRejected ? 9 + (row.rejection?.column ?? "row").utf8.count : parsedMarker.count)
        }
        var hasher = StreamingSHA256()
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
            var count = 0
            func putLength(_ length: Int) {
                let length = UInt32(length)
                buffer[count] = UInt8(truncatingIfNeeded: length >> 24)
                buffer[count + 1] = UInt8(truncatingIfNeeded: length >> 16)
                buffer[count + 2] = UInt8(truncatingIfNeeded: length >> 8)
                buffer[count + 3] = UInt8(truncatingIfNeeded: length)
                count += 4
            }
            func putBytes(_ bytes: UnsafeBufferPointer<UInt8>) {
                guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
                (buffer.baseAddress! + count).update(from: source, count: bytes.count)
                count += bytes.count
            }
            func put(_ bytes: [UInt8]) {
                putLength(bytes.count)
                bytes.withUnsafeBufferPointer { putBytes($0) }
            }
            put(header)
            for row in rows {
                if let content = row.canonicalContent {
                    // The same bytes as `put(row.contentBytes)`, sliced from the payload.
                    putLength(content.fields.count + 1 + content.normalized.count)
                    content.payload.withUnsafeBufferPointer { payload in
                        putBytes(UnsafeBufferPointer(rebasing: payload[content.fields]))
                        buffer[count] = 0
                        count += 1
                        putBytes(UnsafeBufferPointer(rebasing: payload[content.normalized]))
                    }
                } else {
                    put(row.contentBytes)
                }
                if row.isRejected, let rejection = row.rejection {
                    put(Array(("rejected:" + (rejection.column ?? "row")).utf8))
                } else {
                    put(parsedMarker)
                }
            }
            precondition(count == size, "content hash buffer sized \(size) but written \(count)")
            hasher.update(UnsafeRawBufferPointer(buffer))
        }
        return hasher.finalizeHex()
    }

    /// A QBO `requestid`: a prefix and the first 40 hex digits of SHA-256(id ‖ contentHash [‖ attempt]),
    /// at most 42 characters (QBO allows 50). A retry after QBO refused the write uses the next attempt, so
    /// it is not answered from QBO's idempotency cache with the old refusal.
    static func requestId(prefix: String, id: String, contentHash: String, attempt: Int) -> String {
        // The same bytes as hashing `id + "\0" + contentHash [+ "\0" + attempt]` in one piece, fed piece by
        // piece; 40 hex digits are the digest's first 20 bytes.
        var hasher = StreamingSHA256()
        func update(_ text: String) {
            var text = text
            text.withUTF8 { hasher.update(UnsafeRawBufferPointer($0)) }
        }
        let zero: UInt8 = 0
        update(id)
        withUnsafeBytes(of: zero) { hasher.update($0) }
        update(contentHash)
        if attempt > 0 {
            withUnsafeBytes(of: zero) { hasher.update($0) }
            update(String(attempt))
        }
        return prefix + hasher.finalize { SHA256Digest.hex(UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }
    }

    /// True for a real calendar date written `YYYY-MM-DD`.
    static func isValidDate(_ text: String) -> Bool {
        // The usual shape, ten ASCII bytes `DDDD-DD-DD`, is read straight from the bytes (the same answer as
        // the general reading below, which any other text takes).
        var copy = text
        if let fields = copy.withUTF8({ utf8 -> (year: Int, month: Int, day: Int)? in
            guard utf8.count == 10, utf8[4] == UInt8(ascii: "-"), utf8[7] == UInt8(ascii: "-") else { return nil }
            func number(_ range: Range<Int>) -> Int? {
                var value = 0
                for index in range {
                    let digit = Int(utf8[index]) - 48
                    guard (0...9).contains(digit) else { return nil }
                    value = value * 10 + digit
                }
                return value
            }
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return (year, month, day)
        }) {
            return isValid(year: fields.year, month: fields.month, day: fields.day)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        return isValid(year: year, month: month, day: day)
    }

    /// True when the day exists in that month and year (proleptic Gregorian calendar).
    private static func isValid(year: Int, month: Int, day: Int) -> Bool {
        guard (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return day <= (leap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    /// Cuts `text` to at most `limit` UTF-16 units (QBO counts characters that way) on a Character boundary.
    static func truncate(_ text: String, to limit: Int, marker: String = " [truncated]") -> String {
        guard text.utf16.count > limit else { return text }
        let budget = limit - marker.utf16.count
        var used = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf16.count
            guard used + width <= budget else { break }
            used += width
            end = text.index(after: index)
        }
        return String(text[..<end]) + marker
    }
}
