import Foundation

/// The one JSON encoding used for event payloads: sorted keys, unescaped slashes, UTC ISO-8601
/// dates, so that equal values always give equal bytes and hashes.
package enum CanonicalJSON {
    /// Encodes a value to canonical bytes.
    /// - Throws: `EncodingError` when the value cannot be represented.
    package static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// Shared: configuring an encoder costs more than encoding a small payload, and JSONEncoder's
    /// encode is safe to call from several threads once its options are set. The exact bytes it writes
    /// are pinned by CanonicalJSONTests, so a Foundation upgrade that changed them would fail the suite
    /// rather than silently change what replay compares.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

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
