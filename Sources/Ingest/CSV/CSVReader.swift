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
///
/// Speed: runs of ordinary bytes are found eight bytes at a time (one 64-bit load tests all eight for the
/// delimiter, a line break or, inside quotes, the quote) and copied a word at a time into a reused
/// ``CSVRecordBuffer``; a finished record is copied once into the ``CSVRecord`` handed to the caller, whose
/// arrays keep their capacity from record to record.
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
    /// The record being read: bytes so far (`used` of them), field ends (`fieldCount` of them).
    private var buffer = CSVRecordBuffer()
    private var used = 0
    private var fieldCount = 0
    /// Offset in `buffer` where the current field starts.
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
        ownBuffer()
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
        ownBuffer()
        if !isHeadDone { try releaseHead(body) }
        switch state {
        case .quoted:
            if record.problem == nil { record.problem = .unterminatedQuote(field: fieldCount) }
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

    /// Copies the record buffer when this reader value shares it with a copy of itself.
    private mutating func ownBuffer() {
        if !isKnownUniquelyReferenced(&buffer) { buffer = buffer.copy(byteCount: used, endCount: fieldCount) }
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

    private mutating func scan(_ bytes: UnsafeRawBufferPointer, _ body: (CSVRecord) throws -> Void) rethrows {
        guard let input = bytes.baseAddress else { return }
        let count = bytes.count
        let base = position
        let delimiter = self.delimiter
        var index = 0
        while index < count {
            switch state {
            case .fieldStart, .unquoted:
                let byte = input.load(fromByteOffset: index, as: UInt8.self)
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
                    index += 1
                    // The LF of a CRLF, when this chunk holds it, is taken here rather than by another turn.
                    if index < count {
                        state = .fieldStart
                        if input.load(fromByteOffset: index, as: UInt8.self) == Self.lf { index += 1 }
                    } else {
                        state = .afterCR
                    }
                } else if byte == Self.quote && state == .fieldStart {
                    state = .quoted
                    index += 1
                } else {
                    // `byte` is ordinary (a quote inside an unquoted field included): take as many plain
                    // fields as the fast path can, then the rest of this run exactly.
                    state = .unquoted
                    if !isDiscarding {
                        let next = plainFields(input, from: index, count: count)
                        if next != index {
                            index = next
                            continue
                        }
                    }
                    index = run(input, from: index, count: count, quoted: false)
                }
            case .quoted:
                let end = run(input, from: index, count: count, quoted: true)
                index = end + 1
                guard end < count else {
                    index = end
                    continue
                }
                // At a quote: an escaped quote or a delimiter after it is settled here; anything else (a
                // line break, text after the closing quote, the chunk's end) by the quoteInQuoted state.
                if index < count {
                    let next = input.load(fromByteOffset: index, as: UInt8.self)
                    if next == Self.quote {
                        appendByte(Self.quote)
                        index += 1
                        continue
                    }
                    if next == delimiter {
                        endField()
                        state = .fieldStart
                        index += 1
                        continue
                    }
                }
                state = .quoteInQuoted
            case .quoteInQuoted:
                let byte = input.load(fromByteOffset: index, as: UInt8.self)
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
                if input.load(fromByteOffset: index, as: UInt8.self) == Self.lf { index += 1 }
            }
        }
        position = base + Int64(count)
    }

    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// High bit set in each byte of `word` equal to the byte repeated in `pattern` (exact for the lowest
    /// such byte, which is the only one used: a borrow can only mark bytes above a true match).
    @inline(__always)
    private static func matches(_ word: UInt64, _ pattern: UInt64) -> UInt64 {
        let difference = word ^ pattern
        return (difference &- ones) & ~difference & highBits
    }

    /// High bit set in each byte of `word` below 0x0E, which includes CR and LF (exact for the lowest).
    @inline(__always)
    private static func controls(_ word: UInt64) -> UInt64 {
        (word &- 0x0E * ones) & ~word & highBits
    }

    /// The fast path for unquoted fields: from an ordinary byte at `index`, takes the field and every
    /// following unquoted field of the record, a word at a time, while no limit, buffer end or chunk end is
    /// within a word's reach. Stops before a line break, before a quote that opens a field (state
    /// ``State/fieldStart``), or where the exact path must take over (state ``State/unquoted``).
    /// - Returns: the index of the first byte not consumed.
    private mutating func plainFields(_ input: UnsafeRawPointer, from index: Int, count: Int) -> Int {
        let delimiter = self.delimiter
        let pattern = UInt64(delimiter) &* Self.ones
        let bytes = buffer.bytes
        let ends = buffer.ends
        let lastWordStart = count &- 8
        // Output may reach this offset before the buffer, the row limit or the field limit is a word away.
        let rowEnd = min(buffer.byteCapacity, limits.maximumRowBytes) &- 8
        let fieldLimit = limits.maximumFieldBytes &- 8
        let endLimit = min(buffer.endCapacity, limits.maximumFields)
        var end = index
        var out = used
        // (Limits far beyond the buffer are clamped to it first, so no sum can overflow.)
        var outEnd = min(rowEnd, fieldStart &+ min(fieldLimit, rowEnd))
        while true {
            // Within one field: copy words until one holds the delimiter, CR or LF.
            while true {
                guard end <= lastWordStart && out <= outEnd else {
                    used = out
                    return end
                }
                let word = input.loadUnaligned(fromByteOffset: end, as: UInt64.self)
                UnsafeMutableRawPointer(bytes + out).storeBytes(of: word, as: UInt64.self)
                let little = UInt64(littleEndian: word)
                let hits = Self.matches(little, pattern) | Self.controls(little)
                if hits == 0 {
                    end &+= 8
                    out &+= 8
                    continue
                }
                let offset = hits.trailingZeroBitCount &>> 3
                end &+= offset
                out &+= offset
                let byte = input.load(fromByteOffset: end, as: UInt8.self)
                if byte == delimiter || byte == Self.lf || byte == Self.cr { break }
                end &+= 1  // a control byte that is data (a tab when the delimiter is not)
                out &+= 1
            }
            // At the delimiter, CR or LF ending the field.
            guard input.load(fromByteOffset: end, as: UInt8.self) == delimiter && fieldCount < endLimit else {
                used = out
                return end
            }
            ends[fieldCount] = out
            fieldCount &+= 1
            fieldStart = out
            end &+= 1
            outEnd = min(rowEnd, out &+ min(fieldLimit, rowEnd))
            // A quote opening the next field, or the chunk's end: leave it to the exact path.
            if end >= count || input.load(fromByteOffset: end, as: UInt8.self) == Self.quote {
                used = out
                state = .fieldStart
                return end
            }
        }
    }

    /// Takes the run of bytes starting at `index` up to the next byte that ends it (the quote when
    /// `quoted`, otherwise the delimiter, CR or LF), appending it to the field within the limits.
    /// - Returns: the index of the byte that ended the run, or `count`.
    @inline(__always)
    private mutating func run(_ input: UnsafeRawPointer, from index: Int, count: Int, quoted: Bool) -> Int {
        let delimiter = self.delimiter
        let pattern = UInt64(quoted ? Self.quote : delimiter) &* Self.ones
        let fieldRoom = limits.maximumFieldBytes - (used - fieldStart)
        let rowRoom = limits.maximumRowBytes - used
        // Bytes this run may add before a limit is crossed; a discarded record keeps nothing.
        let room = isDiscarding ? 0 : min(fieldRoom, rowRoom)
        var end = index
        var out = used
        // Word at a time while eight bytes can be read, written and kept within the limits.
        while true {
            var output = buffer.bytes
            let wordEnd = index + min(count - index, room, buffer.byteCapacity - used) - 8
            while end <= wordEnd {
                let word = input.loadUnaligned(fromByteOffset: end, as: UInt64.self)
                UnsafeMutableRawPointer(output + out).storeBytes(of: word, as: UInt64.self)
                let hits =
                    quoted
                    ? Self.matches(UInt64(littleEndian: word), pattern)
                    : Self.matches(UInt64(littleEndian: word), pattern) | Self.controls(UInt64(littleEndian: word))
                if hits == 0 {
                    end += 8
                    out += 8
                    continue
                }
                let offset = hits.trailingZeroBitCount &>> 3
                let byte = input.load(fromByteOffset: end + offset, as: UInt8.self)
                if quoted || byte == delimiter || byte == Self.lf || byte == Self.cr {
                    used = out + offset
                    return end + offset
                }
                // A control byte that is data (a tab when the delimiter is not): keep it and go on.
                end += offset + 1
                out += offset + 1
            }
            // Stopped for lack of buffer while input and room remain: grow and go on a word at a time.
            if end + 8 <= count && end - index + 8 <= room {
                buffer.growBytes(toAtLeast: out + 64, keeping: out)
                output = buffer.bytes
                continue
            }
            break
        }
        // The last few bytes of the chunk (or of the room), one at a time.
        while end < count {
            let byte = input.load(fromByteOffset: end, as: UInt8.self)
            if quoted ? byte == Self.quote : (byte == delimiter || byte == Self.lf || byte == Self.cr) { break }
            if out - used == room {
                used = out
                if !isDiscarding {
                    discard(fieldRoom <= rowRoom ? .fieldTooLarge(field: fieldCount) : .rowTooLarge(field: fieldCount))
                }
                return skip(input, from: end + 1, count: count, quoted: quoted)
            }
            if out == buffer.byteCapacity { buffer.growBytes(toAtLeast: out + 64, keeping: out) }
            buffer.bytes[out] = byte
            out += 1
            end += 1
        }
        used = out
        return end
    }

    /// Finds the end of a run without keeping its bytes (a record already over a limit).
    private func skip(_ input: UnsafeRawPointer, from index: Int, count: Int, quoted: Bool) -> Int {
        var end = index
        while end < count {
            let byte = input.load(fromByteOffset: end, as: UInt8.self)
            if quoted ? byte == Self.quote : (byte == delimiter || byte == Self.lf || byte == Self.cr) { break }
            end += 1
        }
        return end
    }

    /// Appends one byte to the field within the limits (an escaped quote, text after a closing quote).
    private mutating func appendByte(_ byte: UInt8) {
        guard !isDiscarding else { return }
        let fieldRoom = limits.maximumFieldBytes - (used - fieldStart)
        let rowRoom = limits.maximumRowBytes - used
        guard min(fieldRoom, rowRoom) >= 1 else {
            discard(fieldRoom <= rowRoom ? .fieldTooLarge(field: fieldCount) : .rowTooLarge(field: fieldCount))
            return
        }
        if used == buffer.byteCapacity { buffer.growBytes(toAtLeast: used + 64, keeping: used) }
        buffer.bytes[used] = byte
        used += 1
    }

    private mutating func discard(_ problem: CSVRecord.Problem) {
        if record.problem == nil { record.problem = problem }
        isDiscarding = true
    }

    private mutating func endField() {
        guard !isDiscarding else { return }
        if fieldCount >= limits.maximumFields {
            discard(.tooManyFields(limit: limits.maximumFields))
            return
        }
        if fieldCount == buffer.endCapacity { buffer.growEnds(keeping: fieldCount) }
        buffer.ends[fieldCount] = used
        fieldCount += 1
        fieldStart = used
    }

    private mutating func endRecord(at end: Int64, _ body: (CSVRecord) throws -> Void) rethrows {
        rowsDone += 1
        record.row = rowsDone
        record.byteLength = Int(end - record.byteOffset)
        recordCount += 1
        // One copy per record into arrays that keep their capacity (unless `body` kept the last record).
        record.storage.replaceSubrange(
            record.storage.startIndex..<record.storage.endIndex, with: UnsafeBufferPointer(start: buffer.bytes, count: used))
        record.fieldEnds.replaceSubrange(
            record.fieldEnds.startIndex..<record.fieldEnds.endIndex,
            with: UnsafeBufferPointer(start: buffer.ends, count: fieldCount))
        defer {
            record.problem = nil
            used = 0
            fieldCount = 0
            fieldStart = 0
            isDiscarding = false
            isInRecord = false
        }
        try body(record)
    }
}
