import Crypto

/// Computes an event's chain hash:
/// `SHA-256(prevHash ‖ seq ‖ type ‖ version ‖ recordedAt ‖ payload)`, each field preceded by its
/// length as 8 big-endian bytes so field boundaries are unambiguous. seq and version are hashed as
/// their decimal text. The first event's prevHash is 32 zero bytes.
package enum ChainHasher {
    /// The prevHash of the first event.
    package static let genesis = [UInt8](repeating: 0, count: 32)

    package static func hash(
        prevHash: [UInt8], seq: Int64, type: String, version: Int, recordedAt: String, payload: [UInt8]
    ) -> [UInt8] {
        var hasher = SHA256()
        prevHash.withUnsafeBytes { field(&hasher, $0) }
        text(&hasher, String(seq))
        text(&hasher, type)
        text(&hasher, String(version))
        text(&hasher, recordedAt)
        payload.withUnsafeBytes { field(&hasher, $0) }
        return Array(hasher.finalize())
    }

    private static func text(_ hasher: inout SHA256, _ string: String) {
        var string = string
        string.withUTF8 { field(&hasher, UnsafeRawBufferPointer($0)) }
    }

    private static func field(_ hasher: inout SHA256, _ bytes: UnsafeRawBufferPointer) {
        var length = UInt64(bytes.count).bigEndian
        withUnsafeBytes(of: &length) { hasher.update(bufferPointer: $0) }
        hasher.update(bufferPointer: bytes)
    }
}
