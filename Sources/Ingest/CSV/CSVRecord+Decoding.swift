extension CSVRecord {
    /// Decodes every field in order, calling `body` with its index and its text (nil when the bytes are
    /// not valid in `encoding`). The production path for rows (``FileParser``) and what the benchmark measures.
    ///
    /// Faster than ``TextEncoding/decode(_:)`` per field: the record's storage is pinned once, one check
    /// over the whole record (8 bytes at a time) finds whether it is all ASCII, and ASCII fields are copied
    /// straight into new Strings with no decoding step (up to 15 bytes a String holds them inline, with no
    /// allocation). Records with other bytes decode field by field, ASCII fields still taking the short way.
    /// - Throws: whatever `body` throws.
    package func decodeFields(_ encoding: TextEncoding, _ body: (Int, String?) throws -> Void) rethrows {
        try storage.withUnsafeBytes { bytes in
            try fieldEnds.withUnsafeBufferPointer { ends in
                let isASCII = Self.isASCII(bytes)
                var start = 0
                for index in ends.indices {
                    let end = ends[index]
                    precondition(start <= end && end <= bytes.count, "a field end lies outside the record")
                    let field = UnsafeRawBufferPointer(start: bytes.baseAddress.map { $0 + start }, count: end &- start)
                    start = end
                    if _fastPath(isASCII) {
                        try body(index, TextEncoding.asciiString(field))
                    } else {
                        try body(index, encoding.decode(field))
                    }
                }
            }
        }
    }

    /// True when no byte has its high bit set (32 bytes a turn, then 8, then the last 8).
    static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        let count = bytes.count
        var high: UInt64 = 0
        while index &+ 32 <= count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                | bytes.loadUnaligned(fromByteOffset: index &+ 8, as: UInt64.self)
                | bytes.loadUnaligned(fromByteOffset: index &+ 16, as: UInt64.self)
                | bytes.loadUnaligned(fromByteOffset: index &+ 24, as: UInt64.self)
            index &+= 32
        }
        while index &+ 8 <= count {
            high |= bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            index &+= 8
        }
        if count >= 8 {
            // The last word, overlapping bytes already checked, covers the rest.
            high |= bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else {
            while index < count {
                high |= UInt64(bytes[index])
                index &+= 1
            }
        }
        return high & 0x8080_8080_8080_8080 == 0
    }
}
