/// The character encodings an export may use (stampli-export.md §Encoding and syntax).
package enum TextEncoding: String, Sendable, Equatable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// Decodes one field; nil when the bytes are not valid in this encoding.
    package func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBytes { decode($0) }
    }

    /// Decodes one field from raw bytes; nil when they are not valid in this encoding.
    package func decode(_ bytes: UnsafeRawBufferPointer) -> String? {
        CSVRecord.isASCII(bytes) ? Self.asciiString(bytes) : decodeNonASCII(bytes)
    }

    /// A String of ASCII bytes (the same text in every supported encoding): one copy, no decoding.
    static func asciiString(_ bytes: UnsafeRawBufferPointer) -> String {
        guard let base = bytes.baseAddress else { return "" }
        return asciiString(base, count: bytes.count)
    }

    /// A String of the `count` ASCII bytes at `start`: one copy, no decoding.
    @inline(__always)
    static func asciiString(_ start: UnsafeRawPointer, count: Int) -> String {
        if count == 0 { return "" }
        return String(unsafeUninitializedCapacity: count) { out in
            copyShort(from: UnsafeRawBufferPointer(start: start, count: count), to: UnsafeMutableRawBufferPointer(out))
            return count
        }
    }

    /// The most UTF-8 bytes a String holds inline, with no allocation (64-bit platforms).
    static let inlineCapacity = 15

    /// A String of the `count` ASCII bytes at `start`, where `readable` bytes (at least `count`) may be read
    /// from `start`: the record decoder's way, with no branch on the length for the short fields CSV is made of.
    ///
    /// Up to ``inlineCapacity`` bytes, when that many can be read (every field but the last few of a record),
    /// the String is asked for ``inlineCapacity`` bytes of room, two overlapping 8-byte words fill all of it
    /// (the field and the record bytes after it), and only the first `count` are declared initialised, as the
    /// initialiser's contract allows: every short length takes the same instructions, with no branch to
    /// mispredict. Near the record's end the copy takes the field's length into account. Longer fields go
    /// through the standard UTF-8 initialiser, which checks the bytes once and copies them into their storage
    /// (a little cheaper than filling a heap String through a closure).
    @inline(__always)
    static func asciiString(_ start: UnsafeRawPointer, count: Int, readable: Int) -> String {
        if count <= inlineCapacity {
            guard readable >= inlineCapacity else { return asciiString(start, count: count) }
            return String(unsafeUninitializedCapacity: inlineCapacity) { out in
                // `out` has room for the `inlineCapacity` bytes asked for (the initialiser's contract).
                let to = UnsafeMutableRawPointer(out.baseAddress.unsafelyUnwrapped)
                to.storeBytes(of: start.loadUnaligned(as: UInt64.self), as: UInt64.self)
                to.storeBytes(of: start.loadUnaligned(fromByteOffset: 7, as: UInt64.self), toByteOffset: 7, as: UInt64.self)
                return count
            }
        }
        return String(decoding: UnsafeBufferPointer(start: start.assumingMemoryBound(to: UInt8.self), count: count), as: UTF8.self)
    }

    /// Copies `source` into `target` (of the same size) with at most two overlapping loads and stores for
    /// the short fields CSV is made of, and `memcpy` beyond 16 bytes; never touches a byte outside either.
    @inline(__always)
    static func copyShort(from source: UnsafeRawBufferPointer, to target: UnsafeMutableRawBufferPointer) {
        let count = source.count
        guard let from = source.baseAddress, let to = target.baseAddress, count <= target.count else { return }
        if count >= 8 {
            guard count <= 16 else {
                to.copyMemory(from: from, byteCount: count)
                return
            }
            to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
            let last = count &- 8
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: last, as: UInt64.self), toByteOffset: last, as: UInt64.self)
        } else if count >= 4 {
            to.storeBytes(of: from.loadUnaligned(as: UInt32.self), as: UInt32.self)
            let last = count &- 4
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: last, as: UInt32.self), toByteOffset: last, as: UInt32.self)
        } else {
            for offset in 0..<count { to.storeBytes(of: from.load(fromByteOffset: offset, as: UInt8.self), toByteOffset: offset, as: UInt8.self) }
        }
    }

    /// Decodes bytes of which at least one is 0x80 or above.
    func decodeNonASCII(_ bytes: UnsafeRawBufferPointer) -> String? {
        switch self {
        case .utf8:
            // The repairing initialiser is fast; the text it builds equals the bytes exactly when they
            // were valid UTF-8 (a repair always changes them).
            let text = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
            var copy = text
            let isSame = copy.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
            return isSame ? copy : nil
        case .windows1252:
            // Every byte is valid; each becomes one to three bytes of UTF-8.
            return String(unsafeUninitializedCapacity: bytes.count * 3) { out in
                var written = 0
                for byte in bytes {
                    let scalar = Self.windows1252Scalar(byte).value
                    if scalar < 0x80 {
                        out[written] = UInt8(scalar)
                        written += 1
                    } else if scalar < 0x800 {
                        out[written] = UInt8(0xC0 | scalar >> 6)
                        out[written + 1] = UInt8(0x80 | scalar & 0x3F)
                        written += 2
                    } else {
                        out[written] = UInt8(0xE0 | scalar >> 12)
                        out[written + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                        out[written + 2] = UInt8(0x80 | scalar & 0x3F)
                        written += 3
                    }
                }
                return written
            }
        }
    }

    /// The Unicode scalar for a windows-1252 byte. 0x00–0x7F and 0xA0–0xFF equal their Latin-1 code
    /// points; 0x80–0x9F hold the typographic characters below. The five bytes Windows leaves undefined
    /// (0x81, 0x8D, 0x8F, 0x90, 0x9D) map to the C1 control of the same value, as browsers do.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        guard byte >= 0x80 && byte <= 0x9F else { return Unicode.Scalar(byte) }
        let value = windows1252High[Int(byte - 0x80)]
        return Unicode.Scalar(value) ?? Unicode.Scalar(byte)
    }

    /// Code points of bytes 0x80–0x9F.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,  // 80–87
        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,  // 88–8F
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,  // 90–97
        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,  // 98–9F
    ]
}
