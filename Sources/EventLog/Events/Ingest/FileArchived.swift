/// After its ingest transaction committed, a file was moved or deleted (`after_ingest`), or that
/// action failed (then the file stays where it was and `error` says why). Subject: `file:<sha256>`.
package struct FileArchived: EventPayload, Equatable {
    package static let type = "ingest.file.archived"
    package static let version = 1

    package var path: String
    package var sha256: String
    /// `move` or `delete`.
    package var action: String
    package var destination: String?
    /// Nil on success; the failure's description otherwise.
    package var error: String?

    package init(path: String, sha256: String, action: String, destination: String?, error: String?) {
        self.path = path
        self.sha256 = sha256
        self.action = action
        self.destination = destination
        self.error = error
    }
}
