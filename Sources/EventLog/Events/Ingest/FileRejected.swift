/// A whole file was refused (a required column missing, undecodable, over a size limit, truncated gzip...).
/// Nothing from it is used. Subject: `file:<sha256>` (or `file:<path>` when no bytes could be read).
package struct FileRejected: EventPayload, Equatable {
    package static let type = "ingest.file.rejected"
    package static let version = 1

    package var source: String
    package var kind: FileKind
    package var path: String
    package var sha256: String?
    /// One sentence a person can act on.
    package var reason: String
    /// The column concerned, when there is one (e.g. the missing required column).
    package var column: String?
    /// The 1-based row concerned, when there is one.
    package var row: Int?
    /// What was expected.
    package var expected: String?

    package init(
        source: String, kind: FileKind, path: String, sha256: String?, reason: String, column: String? = nil,
        row: Int? = nil, expected: String? = nil
    ) {
        self.source = source
        self.kind = kind
        self.path = path
        self.sha256 = sha256
        self.reason = reason
        self.column = column
        self.row = row
        self.expected = expected
    }
}
