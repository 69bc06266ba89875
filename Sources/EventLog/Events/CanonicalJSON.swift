import Foundation

/// The one JSON encoding used for event payloads: sorted keys, unescaped slashes, UTC ISO-8601
/// dates, so that equal values always give equal bytes and hashes (see ``CanonicalJSONEncoder``).
package enum CanonicalJSON {
    /// Encodes a value to canonical bytes.
    /// - Throws: `EncodingError` when the value cannot be represented.
    package static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        try CanonicalJSONEncoder().encode(value)
    }

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()

    /// Decodes canonical bytes.
    /// - Throws: `DecodingError` when the bytes do not hold a `T`.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        try decoder.decode(type, from: Data(bytes))
    }
}
