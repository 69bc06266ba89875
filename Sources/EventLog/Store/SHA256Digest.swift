import Crypto

/// SHA-256 helpers shared by the chain and the blob store.
package enum SHA256Digest {
    /// The lower-case hex SHA-256 of `bytes`.
    package static func hex(of bytes: some Collection<UInt8>) -> String {
        // Contiguous bytes (arrays, most slices) are hashed where they lie, without a copy.
        let contiguous = bytes.withContiguousStorageIfAvailable { buffer -> String in
            var hasher = SHA256()
            hasher.update(bufferPointer: UnsafeRawBufferPointer(buffer))
            return hex(hasher.finalize())
        }
        if let contiguous { return contiguous }
        return hex(SHA256.hash(data: Array(bytes)))
    }

    /// Lower-case hex of raw bytes.
    package static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { hex($0) }
    }

    /// Lower-case hex of raw bytes: two digits per byte, looked up in a table and written straight into the
    /// string's storage.
    package static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        guard !bytes.isEmpty else { return "" }
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            var position = 0
            for byte in bytes {
                out[position] = table[Int(byte >> 4)]
                out[position + 1] = table[Int(byte & 0x0f)]
                position += 2
            }
            return position
        }
    }
}

/// An incremental SHA-256 for large inputs (files streamed from SFTP).
package struct StreamingSHA256 {
    private var hasher = SHA256()

    package init() {}

    package mutating func update(_ bytes: UnsafeRawBufferPointer) { hasher.update(bufferPointer: bytes) }

    package mutating func update(_ bytes: [UInt8]) { hasher.update(data: bytes) }

    /// Lower-case hex of the digest.
    package func finalizeHex() -> String { SHA256Digest.hex(hasher.finalize()) }

    /// Hands the digest's 32 bytes to `body` (for a caller that needs less than all of their hex).
    package func finalize<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        hasher.finalize().withUnsafeBytes(body)
    }
}
