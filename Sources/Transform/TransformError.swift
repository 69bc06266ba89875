/// A failure that stops Transform itself (the store cannot be read or written, an event on record does not
/// decode). Data problems are never thrown: they become quarantine events.
package struct TransformError: Error, CustomStringConvertible, Sendable {
    package enum Kind: String, Sendable {
        /// The event store failed.
        case store
        /// An event on record could not be decoded.
        case decoding
        /// A caller passed an argument that makes no sense (an empty replay range...).
        case invalidArgument
    }

    package var kind: Kind
    package var operation: String
    package var message: String
    package var seq: Int64?
    package var hint: String?

    package init(kind: Kind, operation: String, message: String, seq: Int64? = nil, hint: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.seq = seq
        self.hint = hint
    }

    package var description: String {
        var text = "transform \(operation) failed: \(message)"
        if let seq { text += " [seq \(seq)]" }
        return text
    }
}
