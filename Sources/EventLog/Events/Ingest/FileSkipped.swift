/// A ready file was not ingested because its content was ingested before (identity is the SHA-256,
/// so a renamed re-export is a duplicate). Subject: `file:<sha256>`.
package struct FileSkipped: EventPayload, Equatable {
    package static let type = "ingest.file.skipped"
    package static let version = 1

    package var source: String
    package var kind: FileKind
    package var path: String
    package var sha256: String
    /// Why: `duplicate-content`.
    package var reason: String
    /// The seq of the ``FileFetched`` that first ingested this content.
    package var originalSeq: Int64?

    package init(source: String, kind: FileKind, path: String, sha256: String, reason: String, originalSeq: Int64?) {
        self.source = source
        self.kind = kind
        self.path = path
        self.sha256 = sha256
        self.reason = reason
        self.originalSeq = originalSeq
    }
}
