/// A streaming RFC 4180 reader over bytes: push chunks of any size, receive complete records.
///
/// Handles quoted fields holding delimiters and line breaks, `""` escapes, a UTF-8 BOM at the start,
/// CRLF, LF or lone CR line ends, a missing final line break, and skips blank lines
/// (stampli-export.md §Encoding and syntax). Two lenient readings beyond RFC 4180: a quote inside an
/// unquoted field is kept as a character, and text after a closing quote is appended to the field.
///
/// Memory is bounded by ``CSVLimits``: once a field or record passes a limit the rest of the record is
/// skipped (the state machine still runs, so the next record starts at the right place) and the
/// record is delivered with its ``CSVRecord/problem`` set.
package struct CSVReader {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted, afterCR
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lf = UInt8(ascii: "\n")
    private static let cr = UInt8(ascii: "\r")
    private static let bom: [UInt8] = [0xEF, 0xBB, 0xBF]

    package let delimiter: UInt8
    package let limits: CSVLimits

    private var state = State.fieldStart
    private var record = CSVRecord()
    private var isInRecord = false
    private var isDiscarding = false
    private var fieldStart = 0
    /// Offset in the file of the next byte to read.
    private var position: Int64 = 0
    /// Physical rows finished so far (records and blank lines).
    private var rowsDone = 0
    /// Bytes held at the very start until we know whether they are a BOM.
    private var head: [UInt8] = []
    private var isHeadDone = false

    /// Records delivered so far.
    private(set) package var recordCount = 0

    /// Creates a reader.
    /// - Parameters:
    ///   - delimiter: the field separator byte (`,` `;` tab or `|`).
    ///   - limits: the bounds on fields and records.
    package init(delimiter: UInt8 = UInt8(ascii: ","), limits: CSVLimits = .default) {
        self.delimiter = delimiter
        self.limits = limits
    }

    /// Reads a chunk, calling `body` for every record it completes.
    /// - Throws: whatever `body` throws.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer, _ body: (CSVRecord) throws -> Void) rethrows {
        guard !bytes.isEmpty else { return }
        if !isHeadDone {
            var used = 0
            while head.count < 3 && used < bytes.count {
                head.append(bytes[used])
                used += 1
            }
            if head.count < 3 && Array(Self.bom.prefix(head.count)) == head { return }
            try releaseHead(body)
            try scan(UnsafeRawBufferPointer(rebasing: bytes[used...]), body)
            return
        }
        try scan(bytes, body)
    }

    /// Reads an array chunk (convenience for tests and small inputs).
    package mutating func feed(_ bytes: [UInt8], _ body: (CSVRecord) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { try feed($0, body) }
    }

    /// Ends the input: delivers a final record that had no line break, or one cut off inside quotes.
    /// - Throws: whatever `body` throws.
    package mutating func finish(_ body: (CSVRecord) throws -> Void) rethrows {
        if !isHeadDone { try releaseHead(body) }
        switch state {
        case .quoted:
            if record.problem == nil { record.problem = .unterminatedQuote(field: record.fieldEnds.count) }
            endField()
            try endRecord(at: position, body)
        case .unquoted, .quoteInQuoted:
            endField()
            try endRecord(at: position, body)
        case .fieldStart:
            if isInRecord {
                endField()
                try endRecord(at: position, body)
            }
        case .afterCR:
            break
        }
        state = .fieldStart
    }

    private mutating func releaseHead(_ body: (CSVRecord) throws -> Void) rethrows {
        isHeadDone = true
        let held = head
        head = []
        if held == Self.bom {
            position = 3
        } else if !held.isEmpty {
            try held.withUnsafeBytes { try scan($0, body) }
        }
    }

    // The hot loop: runs of ordinary bytes are found by a tight scan and appended in one call.
    private mutating func scan(_ bytes: UnsafeRawBufferPointer, _ body: (CSVRecord) throws -> Void) rethrows {
        let count = bytes.count
        let base = position
        let delimiter = self.delimiter
        var index = 0
        while index < count {
            let byte = bytes[index]
            switch state {
            case .fieldStart, .unquoted:
                if !isInRecord {
                    if byte == Self.lf {
                        rowsDone += 1
                        index += 1
                        continue
                    }
                    if byte == Self.cr {
                        rowsDone += 1
                        state = .afterCR
                        index += 1
                        continue
                    }
                    isInRecord = true
                    record.byteOffset = base + Int64(index)
                }
                if byte == delimiter {
                    endField()
                    state = .fieldStart
                    index += 1
                } else if byte == Self.lf {
                    endField()
                    try endRecord(at: base + Int64(index), body)
                    state = .fieldStart
                    index += 1
                } else if byte == Self.cr {
                    endField()
                    try endRecord(at: base + Int64(index), body)
                    state = .afterCR
                    index += 1
                } else if byte == Self.quote && state == .fieldStart {
                    state = .quoted
                    index += 1
                } else {
                    var end = index + 1
                    while end < count {
                        let next = bytes[end]
                        if next == delimiter || next == Self.lf || next == Self.cr { break }
                        end += 1
                    }
                    append(UnsafeRawBufferPointer(rebasing: bytes[index..<end]))
                    state = .unquoted
                    index = end
                }
            case .quoted:
                var end = index
                while end < count && bytes[end] != Self.quote { end += 1 }
                if end > index { append(UnsafeRawBufferPointer(rebasing: bytes[index..<end])) }
                if end < count { state = .quoteInQuoted }
                index = end + 1
            case .quoteInQuoted:
                if byte == Self.quote {
                    appendByte(Self.quote)
                    state = .quoted
                    index += 1
                } else if byte == delimiter || byte == Self.lf || byte == Self.cr {
                    state = .unquoted  // the separator is handled by the unquoted branch
                } else {
                    appendByte(byte)
                    state = .unquoted
                    index += 1
                }
            case .afterCR:
                state = .fieldStart
                if byte == Self.lf { index += 1 }
            }
        }
        position = base + Int64(count)
    }

    private mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard !isDiscarding else { return }
        // Decide byte by byte which limit is crossed first (the field limit on a tie), keeping what fits, so
        // the record and its problem do not depend on how the input was cut into chunks.
        let fieldRoom = limits.maximumFieldBytes - (record.storage.count - fieldStart)
        let rowRoom = limits.maximumRowBytes - record.storage.count
        let room = min(fieldRoom, rowRoom)
        guard bytes.count > room else {
            record.storage.append(contentsOf: bytes)
            return
        }
        if room > 0 { record.storage.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[..<room])) }
        discard(fieldRoom <= rowRoom ? .fieldTooLarge(field: record.fieldEnds.count) : .rowTooLarge(field: record.fieldEnds.count))
    }

    private mutating func appendByte(_ byte: UInt8) {
        withUnsafeBytes(of: byte) { append($0) }
    }

    private mutating func discard(_ problem: CSVRecord.Problem) {
        if record.problem == nil { record.problem = problem }
        isDiscarding = true
    }

    private mutating func endField() {
        guard !isDiscarding else { return }
        if record.fieldEnds.count >= limits.maximumFields {
            discard(.tooManyFields(limit: limits.maximumFields))
            return
        }
        record.fieldEnds.append(record.storage.count)
        fieldStart = record.storage.count
    }

    private mutating func endRecord(at end: Int64, _ body: (CSVRecord) throws -> Void) rethrows {
        rowsDone += 1
        record.row = rowsDone
        record.byteLength = Int(end - record.byteOffset)
        recordCount += 1
        defer {
            record.storage.removeAll(keepingCapacity: true)
            record.fieldEnds.removeAll(keepingCapacity: true)
            record.problem = nil
            fieldStart = 0
            isDiscarding = false
            isInRecord = false
        }
        try body(record)
    }
}
