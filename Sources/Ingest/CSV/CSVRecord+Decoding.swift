extension CSVRecord {
    /// Decodes every field in order, calling `body` with its index and its text (nil when the bytes are
    /// not valid in `encoding`). The production path for rows (``FileParser``) and what the benchmark measures.
    ///
    /// Faster than ``TextEncoding/decode(_:)`` per field: one check over the whole record (32 bytes a turn)
    /// finds whether it is all ASCII. An ASCII record's fields then go through a loop of their own, with no
    /// per-field test of the bytes, and are copied straight into new Strings with no decoding step: up to
    /// 15 bytes a String holds them inline, with no allocation, filled by two word copies whatever the length
    /// (``TextEncoding/asciiString(_:count:readable:)``). Records with other bytes decode field by field.
    ///
    /// Always inlined into its callers in this module (``FileParser``), with `body` inlined into the loop.
    /// Callers in other modules (the benchmark) call one shared copy and `body` through a closure: the
    /// compiler does not make `package` function bodies available across modules, `@inlinable` or not.
    @inline(__always)
    package func decodeFields(_ encoding: TextEncoding, _ body: (Int, String?) -> Void) {
        storage.withUnsafeBytes { bytes in
            fieldEnds.withUnsafeBufferPointer { ends in
                guard Self.isASCII(bytes) else {
                    Self.decodeFieldsOneByOne(bytes, ends, encoding, body)
                    return
                }
                guard let base = bytes.baseAddress else {
                    // No storage: every field is empty (or the ends are wrong, which the check below reports).
                    for index in ends.indices {
                        precondition(ends[index] == 0, "a field end lies outside the record")
                        body(index, "")
                    }
                    return
                }
                let count = bytes.count
                var start = 0
                for index in ends.indices {
                    let end = ends[index]
                    precondition(start <= end && end <= count, "a field end lies outside the record")
                    body(index, TextEncoding.asciiString(base + start, count: end &- start, readable: count &- start))
                    start = end
                }
            }
        }
    }

    /// The decoder for records holding a byte of 0x80 or above: each field is checked and decoded alone.
    static func decodeFieldsOneByOne(
        _ bytes: UnsafeRawBufferPointer, _ ends: UnsafeBufferPointer<Int>, _ encoding: TextEncoding,
        _ body: (Int, String?) -> Void
    ) {
        var start = 0
        for index in ends.indices {
            let end = ends[index]
            precondition(start <= end && end <= bytes.count, "a field end lies outside the record")
            body(index, encoding.decode(UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            start = end
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
