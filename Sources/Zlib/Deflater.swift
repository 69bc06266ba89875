internal import CZlib

/// Streaming zlib (RFC 1950) compression, used for raw export files kept in the blob store.
///
/// Feed uncompressed bytes with ``compress(_:sink:)`` as they arrive and call ``finish(sink:)`` once at the
/// end; the sink receives compressed chunks of at most ``chunkBytes`` bytes, so memory stays bounded by
/// one chunk plus zlib's own state (about 256 KiB at level 6, zlib manual "Memory Footprint") whatever
/// the input size. ``compress(_:level:)`` compresses a whole buffer in one call.
package final class Deflater {
    /// Output chunk size in bytes.
    package static let chunkBytes = 256 * 1024

    private var stream = z_stream()
    private var chunk: [UInt8]
    private(set) package var totalIn = 0
    private(set) package var totalOut = 0
    private(set) package var isFinished = false

    /// Creates a compressor.
    /// - Parameter level: 1 (fastest) to 9 (smallest); 6 is zlib's default trade-off.
    /// - Throws: ``ZlibError`` of kind `.library` when zlib cannot initialise (bad level, no memory).
    package init(level: Int32 = 6) throws {
        chunk = [UInt8](repeating: 0, count: Self.chunkBytes)
        let rc = zlib_deflate_init2(&stream, level, 15)
        guard rc == Z_OK else {
            throw ZlibError(kind: .library, operation: "deflateInit2", code: rc, message: Inflater.message(rc, nil))
        }
    }

    // zlib manual: deflateEnd frees all dynamically allocated data structures for this stream.
    deinit { deflateEnd(&stream) }

    /// Compresses `input`, passing every compressed chunk produced so far to `sink`.
    /// - Throws: ``ZlibError`` when zlib fails or after ``finish(sink:)``; whatever `sink` throws.
    package func compress(_ input: UnsafeRawBufferPointer, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !isFinished else {
            throw ZlibError(
                kind: .library, operation: "deflate", code: Z_STREAM_ERROR, message: "the stream is already finished")
        }
        guard let base = input.baseAddress, !input.isEmpty else { return }
        // zlib counts input in 32-bit units: feed very large buffers in slices.
        var offset = 0
        while offset < input.count {
            let length = min(input.count - offset, Int(UInt32.max / 2))
            stream.next_in = UnsafeMutablePointer(
                mutating: base.advanced(by: offset).assumingMemoryBound(to: UInt8.self))
            stream.avail_in = UInt32(length)
            try drain(flush: Z_NO_FLUSH, sink: sink)
            offset += length
        }
        totalIn += input.count
    }

    /// Compresses an array chunk.
    /// - Throws: as ``compress(_:sink:)``.
    package func compress(_ input: [UInt8], sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        try input.withUnsafeBytes { try compress($0, sink: sink) }
    }

    /// Ends the stream, passing the last compressed chunks (and the Adler-32 trailer) to `sink`.
    /// - Throws: ``ZlibError``; whatever `sink` throws.
    package func finish(sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !isFinished else { return }
        stream.next_in = nil
        stream.avail_in = 0
        try drain(flush: Z_FINISH, sink: sink)
        isFinished = true
    }

    /// Runs deflate until zlib has consumed all input (or, with Z_FINISH, written the stream end).
    private func drain(flush: Int32, sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        while true {
            let (rc, produced) = try chunk.withUnsafeMutableBufferPointer { out in
                stream.next_out = out.baseAddress
                stream.avail_out = UInt32(out.count)
                let rc = deflate(&stream, flush)
                // Z_BUF_ERROR only means no progress was possible; it is not fatal (zlib manual).
                guard rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR else {
                    throw ZlibError(
                        kind: .library, operation: "deflate", code: rc, message: Inflater.message(rc, stream.msg))
                }
                return (rc, out.count - Int(stream.avail_out))
            }
            if produced > 0 {
                totalOut += produced
                try chunk.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }
            }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && produced < chunk.count {
                // All input consumed and the output was not full: nothing is pending for now.
                return
            }
        }
    }

    /// Compresses `data` as an RFC 1950 zlib stream in one call.
    /// - Parameters:
    ///   - data: the bytes to compress.
    ///   - level: 1 (fastest) to 9 (smallest); 6 is zlib's default trade-off.
    /// - Throws: ``ZlibError`` when zlib fails.
    package static func compress(_ data: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        let deflater = try Deflater(level: level)
        var out: [UInt8] = []
        out.reserveCapacity(data.count / 2 + 64)
        try deflater.compress(data) { out.append(contentsOf: $0) }
        try deflater.finish { out.append(contentsOf: $0) }
        return out
    }
}

@available(*, unavailable) extension Deflater: Sendable {}
