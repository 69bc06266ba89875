/// An event not yet in the log: its type, version, subject and canonical payload bytes.
package struct NewEvent: Sendable {
    package var type: String
    package var version: Int
    /// What the event is about (a file SHA-256, an invoice id, a vendor id...), indexed for lookups.
    package var subject: String
    package var payload: [UInt8]

    /// The stage part of the type string.
    package var stage: String { String(type.prefix { $0 != "." }) }

    /// Encodes a typed payload canonically.
    /// - Throws: `EncodingError`.
    package init<P: EventPayload>(_ payload: P, subject: String) throws {
        self.type = P.type
        self.version = P.version
        self.subject = subject
        self.payload = try CanonicalJSON.encode(payload)
    }

    /// An event from already-encoded bytes (tools, benchmarks and tests).
    package init(type: String, version: Int, subject: String, payload: [UInt8]) {
        self.type = type
        self.version = version
        self.subject = subject
        self.payload = payload
    }
}

/// An event as stored: sequence number, time, hash chain and payload bytes.
package struct RecordedEvent: Sendable, Equatable {
    package var seq: Int64
    /// UTC ISO-8601 with milliseconds, e.g. `2026-11-24T21:50:05.123Z`.
    package var recordedAt: String
    package var stage: String
    package var type: String
    package var version: Int
    package var subject: String
    package var payload: [UInt8]
    package var prevHash: [UInt8]
    package var hash: [UInt8]

    package init(
        seq: Int64, recordedAt: String, stage: String, type: String, version: Int, subject: String,
        payload: [UInt8], prevHash: [UInt8], hash: [UInt8]
    ) {
        self.seq = seq
        self.recordedAt = recordedAt
        self.stage = stage
        self.type = type
        self.version = version
        self.subject = subject
        self.payload = payload
        self.prevHash = prevHash
        self.hash = hash
    }

    /// True when this event carries payloads of type `P`.
    package func `is`<P: EventPayload>(_ type: P.Type) -> Bool { self.type == P.type }

    /// Decodes the payload as `P`.
    /// - Throws: ``EventLogError`` of kind `.decoding` when the type differs or the bytes do not decode.
    package func decode<P: EventPayload>(_ type: P.Type) throws -> P {
        guard self.type == P.type else {
            throw EventLogError(
                kind: .decoding, operation: "decode", message: "event \(seq) is \(self.type), not \(P.type)", seq: seq)
        }
        guard version <= P.version else {
            throw EventLogError(
                kind: .decoding, operation: "decode",
                message: "event \(seq) has \(self.type) version \(version), newer than this binary's \(P.version)",
                seq: seq, hint: "upgrade ml-connector")
        }
        do {
            return try CanonicalJSON.decode(P.self, from: payload)
        } catch {
            throw EventLogError(
                kind: .decoding, operation: "decode", message: "event \(seq) (\(self.type)): \(error)", seq: seq)
        }
    }

    /// The payload as text (it is always UTF-8 JSON).
    package var payloadText: String { String(decoding: payload, as: UTF8.self) }
}
