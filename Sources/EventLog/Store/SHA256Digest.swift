import Crypto

/// SHA-256 helpers shared by the chain and the blob store.
package enum SHA256Digest {
    /// The lower-case hex SHA-256 of `bytes`.
    package static func hex(of bytes: some Collection<UInt8>) -> String {
        hex(Array(SHA256.hash(data: Array(bytes))))
    }

    /// Lower-case hex of raw bytes.
    package static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// An incremental SHA-256 for large inputs (files streamed from SFTP).
package struct StreamingSHA256 {
    private var hasher = SHA256()

    package init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    package mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// Lower-case hex of the digest.
    package func finalizeHex() -> String { SHA256Digest.hex(Array(hasher.finalize())) }
}
