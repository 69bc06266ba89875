/// One CSV record as the reader produced it: unescaped field bytes, where it sits in the file,
/// and the first problem met while reading it.
///
/// The field bytes are stored back to back in ``storage``; ``fieldEnds`` holds the end index of each
/// field. Fields are bytes, not text: decoding happens later, with the file's configured encoding.
package struct CSVRecord: Sendable, Equatable {
    /// A structural problem with one record (RFC 4180 syntax or a ``CSVLimits`` bound).
    package enum Problem: Sendable, Equatable {
        /// The file ended inside a quoted field; the 0-based field index.
        case unterminatedQuote(field: Int)
        /// A field passed ``CSVLimits/maximumFieldBytes``; the 0-based field index.
        case fieldTooLarge(field: Int)
        /// The record passed ``CSVLimits/maximumRowBytes``; the 0-based field index where it happened.
        case rowTooLarge(field: Int)
        /// The record has more than ``CSVLimits/maximumFields`` fields.
        case tooManyFields(limit: Int)

        /// The 0-based field concerned, if any.
        package var field: Int? {
            switch self {
            case .unterminatedQuote(let field), .fieldTooLarge(let field), .rowTooLarge(let field): return field
            case .tooManyFields(let limit): return limit
            }
        }

        /// What a well-formed record would have had, in words.
        package var expected: String {
            switch self {
            case .unterminatedQuote: return "a closing quote (\") before the end of the file"
            case .fieldTooLarge: return "a field of at most \(CSVLimits.default.maximumFieldBytes) bytes"
            case .rowTooLarge: return "a row of at most \(CSVLimits.default.maximumRowBytes) bytes"
            case .tooManyFields(let limit): return "at most \(limit) fields in a row"
            }
        }
    }

    /// Field contents, back to back.
    package var storage: [UInt8] = []
    /// End index in ``storage`` of each field.
    package var fieldEnds: [Int] = []
    /// Offset of the record's first byte in the (decompressed) file, BOM included in the count.
    package var byteOffset: Int64 = 0
    /// Length of the record in the file, without its line terminator.
    package var byteLength: Int = 0
    /// 1-based row as a spreadsheet shows it: blank lines count, the header is row 1 when it is the first line.
    package var row: Int = 0
    /// The first problem met, or nil.
    package var problem: Problem?

    package init() {}

    /// The number of fields.
    package var count: Int { fieldEnds.count }

    /// The bytes of field `index`.
    package func field(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return storage[start..<fieldEnds[index]]
    }

    /// All fields as byte arrays (tests and tools).
    package var fields: [[UInt8]] { (0..<count).map { Array(field($0)) } }

    /// True when every field is empty or only spaces (a spreadsheet's blank row such as `,,,`).
    package var isBlank: Bool { storage.allSatisfy { $0 == 0x20 || $0 == 0x09 } }
}
