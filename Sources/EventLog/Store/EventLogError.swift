/// A failure of the event log itself (not a data problem, which is an event).
package struct EventLogError: Error, CustomStringConvertible, Sendable {
    package enum Kind: String, Sendable, Equatable {
        /// Another process holds the write lock longer than the busy timeout.
        case locked
        /// The disk (or the file system quota) is full.
        case diskFull
        /// The database file is damaged or is not a database.
        case corrupt
        /// The database was written by a newer ml-connector with migrations this binary does not know.
        case schemaTooNew
        /// A consumer's cursor moved since it was read: two processes ran the same stage.
        case cursorConflict
        /// A payload could not be decoded.
        case decoding
        /// Any other SQLite failure.
        case sqlite
        /// The data directory or database file cannot be opened.
        case cannotOpen
    }

    package var kind: Kind
    package var operation: String
    package var message: String
    package var code: Int32?
    package var seq: Int64?
    package var path: String?
    package var hint: String?

    package init(
        kind: Kind, operation: String, message: String, code: Int32? = nil, seq: Int64? = nil, path: String? = nil,
        hint: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.message = message
        self.code = code
        self.seq = seq
        self.path = path
        self.hint = hint
    }

    package var description: String {
        var text = "event log \(operation) failed: \(message)"
        if let code { text += " (code \(code))" }
        var context: [String] = []
        if let seq { context.append("seq \(seq)") }
        if let path { context.append(path) }
        if !context.isEmpty { text += " [\(context.joined(separator: ", "))]" }
        return text
    }
}
