/// A failure inside zlib, or a decompressed stream that grew past its cap.
package struct ZlibError: Error, CustomStringConvertible, Equatable, Sendable {
    package enum Kind: Sendable, Equatable {
        /// zlib returned an error code (`Z_DATA_ERROR`, `Z_MEM_ERROR`, ...).
        case library
        /// The output would exceed the caller's cap (protection against zip bombs).
        case outputLimitExceeded
        /// The input ended before the compressed stream did.
        case truncated
    }

    package var kind: Kind
    package var operation: String
    package var code: Int32
    package var message: String

    package var description: String {
        "zlib \(operation) failed: \(message) (code \(code))"
    }
}
