/// The character encodings an export may use (stampli-export.md §Encoding and syntax).
package enum TextEncoding: String, Sendable, Equatable, CaseIterable {
    case utf8 = "utf-8"
    case windows1252 = "windows-1252"

    /// Decodes one field; nil when the bytes are not valid in this encoding.
    package func decode(_ bytes: ArraySlice<UInt8>) -> String? {
        switch self {
        case .utf8:
            // The contiguous-buffer initialiser takes the fast validation path; short fields stay inline.
            return bytes.withUnsafeBufferPointer { buffer in
                // ASCII (the common case) cannot be invalid: skip the validating initialiser's overhead.
                var isASCII = true
                for byte in buffer where byte >= 0x80 {
                    isASCII = false
                    break
                }
                return isASCII ? String(decoding: buffer, as: UTF8.self) : String(validating: buffer, as: UTF8.self)
            }
        case .windows1252:
            if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes { scalars.append(Self.windows1252Scalar(byte)) }
            return String(scalars)
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
