internal import CZlib

/// Streaming zlib / gzip decompression with a hard cap on output size.
///
/// Feed compressed bytes with ``inflate(_:sink:)`` and call ``finish()`` at end of input;
/// the sink receives decompressed chunks as they are produced, so memory stays bounded.
package final class Inflater {
    /// The container format expected on input.
    package enum Format: Sendable {
        /// RFC 1950 zlib stream (what ``Deflater`` writes for the blob store).
        case zlib
        /// RFC 1952 gzip member(s), as in `.csv.gz` exports.
        case gzip

        var windowBits: Int32 {
            switch self {
            case .zlib: return 15
            case .gzip: return 16 + 15  // zlib manual: add 16 to windowBits to decode gzip only
            }
        }
    }

    /// Output chunk size in bytes.
    package static let chunkBytes = 256 * 1024

    private var stream = z_stream()
    private let maximumOutputBytes: Int
    private let format: Format
    private(set) package var totalOut = 0
    private(set) package var isFinished = false
    private var chunk: [UInt8]

    /// Creates an inflater.
    /// - Parameters:
    ///   - format: zlib or gzip framing.
    ///   - maximumOutputBytes: decompressed bytes allowed in total before ``ZlibError/Kind/outputLimitExceeded``.
    /// - Throws: ``ZlibError`` when zlib cannot initialise.
    package init(format: Format, maximumOutputBytes: Int) throws {
        self.format = format
        self.maximumOutputBytes = maximumOutputBytes
        self.chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
        let rc = zlib_inflate_init2(&stream, format.windowBits)
        guard rc == Z_OK else {
            throw ZlibError(kind: .library, operation: "inflateInit2", code: rc, message: Self.message(rc, nil))
        }
    }

    deinit { inflateEnd(&stream) }

    /// Decompresses `input`, passing every produced chunk to `sink`.
    /// - Throws: ``ZlibError`` on corrupt data or when the output cap is passed; whatever `sink` throws.
    package func inflate(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset = 0
        while offset < input.count {
            if isFinished {
                // A gzip file may hold several members (RFC 1952 §2.2): start the next one.
                // Bytes after the end of a zlib blob are ignored.
                guard format == .gzip else { return }
                let rc = inflateReset(&stream)
                guard rc == Z_OK else {
                    throw ZlibError(kind: .library, operation: "inflateReset", code: rc, message: Self.message(rc, nil))
                }
                isFinished = false
            }
            let base = input.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self)
            stream.next_in = UnsafeMutablePointer(mutating: base)
            stream.avail_in = UInt32(input.count - offset)
            while true {
                let (rc, produced) = try step()
                if produced > 0 {
                    totalOut += produced
                    if totalOut > maximumOutputBytes {
                        throw ZlibError(
                            kind: .outputLimitExceeded, operation: "inflate", code: 0,
                            message: "decompressed size exceeds the limit of \(maximumOutputBytes) bytes")
                    }
                    try chunk.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
                }
                if rc == Z_STREAM_END { isFinished = true; break }
                // Output not full and no input left: zlib needs more input.
                if produced < chunk.count && stream.avail_in == 0 { break }
                if produced == 0 && rc == Z_BUF_ERROR { break }
            }
            let next = input.count - Int(stream.avail_in)
            stream.avail_in = 0
            guard next > offset || isFinished else { break }
            offset = next
        }
    }

    private func step() throws -> (Int32, Int) {
        try chunk.withUnsafeMutableBufferPointer { out in
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(out.count)
            let rc = CZlib.inflate(&stream, Z_NO_FLUSH)
            switch rc {
            case Z_OK, Z_BUF_ERROR, Z_STREAM_END:
                return (rc, out.count - Int(stream.avail_out))
            default:
                throw ZlibError(kind: .library, operation: "inflate", code: rc, message: Self.message(rc, stream.msg))
            }
        }
    }

    /// Confirms the compressed stream ended properly.
    /// - Throws: ``ZlibError`` of kind ``ZlibError/Kind/truncated`` when input stopped mid-stream.
    package func finish() throws {
        guard isFinished else {
            throw ZlibError(
                kind: .truncated, operation: "inflate", code: Z_BUF_ERROR,
                message: "compressed input ended before the end of the stream (truncated file?)")
        }
    }

    /// Decompresses a whole buffer in one call.
    /// - Throws: ``ZlibError``.
    package static func decompress(_ data: [UInt8], format: Format, maximumOutputBytes: Int) throws -> [UInt8] {
        let inflater = try Inflater(format: format, maximumOutputBytes: maximumOutputBytes)
        var out: [UInt8] = []
        out.reserveCapacity(min(maximumOutputBytes, data.count * 4))
        try data.withUnsafeBytes { try inflater.inflate($0) { out.append(contentsOf: $0) } }
        try inflater.finish()
        return out
    }

    static func message(_ rc: Int32, _ msg: UnsafePointer<CChar>?) -> String {
        if let msg { return String(cString: msg) }
        if let text = zError(rc) { return String(cString: text) }
        return "zlib error"
    }
}

@available(*, unavailable) extension Inflater: Sendable {}
