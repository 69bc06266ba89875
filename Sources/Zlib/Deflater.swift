internal import CZlib

/// One-shot zlib compression, used for raw export files kept in the blob store.
package enum Deflater {
    /// Compresses `data` as an RFC 1950 zlib stream.
    /// - Parameters:
    ///   - data: the bytes to compress.
    ///   - level: 1 (fastest) to 9 (smallest); 6 is zlib's default trade-off.
    /// - Throws: ``ZlibError`` when zlib fails.
    package static func compress(_ data: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        var rc = zlib_deflate_init2(&stream, level, 15)
        guard rc == Z_OK else {
            throw ZlibError(kind: .library, operation: "deflateInit2", code: rc, message: Inflater.message(rc, nil))
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, UInt(data.count)))
        var out = [UInt8](repeating: 0, count: bound)
        let written: Int = try data.withUnsafeBytes { input in
            try out.withUnsafeMutableBufferPointer { output in
                stream.next_in = UnsafeMutablePointer(
                    mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
                stream.avail_in = UInt32(input.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(output.count)
                rc = deflate(&stream, Z_FINISH)
                guard rc == Z_STREAM_END else {
                    throw ZlibError(
                        kind: .library, operation: "deflate", code: rc, message: Inflater.message(rc, stream.msg))
                }
                return output.count - Int(stream.avail_out)
            }
        }
        out.removeSubrange(written...)
        return out
    }
}
