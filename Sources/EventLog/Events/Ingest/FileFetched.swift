/// A file's bytes were read completely and kept in the blob store.
///
/// Emitted by Ingest in the transaction that also holds every ``RowParsed`` / ``RowRejected`` of the
/// file, so a crash mid-file leaves nothing of it. Subject: `file:<sha256>`.
package struct FileFetched: EventPayload, Equatable {
    package static let type = "ingest.file.fetched"
    package static let version = 1

    package var source: String
    package var kind: FileKind
    package var path: String
    /// Size in bytes as fetched (compressed size for `.gz`).
    package var size: Int64
    /// SHA-256 of the fetched bytes: the file's identity, and the key of its blob.
    package var sha256: String
    /// True when the file was gzip-compressed.
    package var isGzip: Bool
    /// Data rows in the file (not counting the header and blank lines).
    package var rowCount: Int
    /// The encoding the file was decoded with (`utf-8` or `windows-1252`).
    package var encoding: String
    /// Header names as they appear in the file.
    package var header: [String]

    package init(
        source: String, kind: FileKind, path: String, size: Int64, sha256: String, isGzip: Bool, rowCount: Int,
        encoding: String, header: [String]
    ) {
        self.source = source
        self.kind = kind
        self.path = path
        self.size = size
        self.sha256 = sha256
        self.isGzip = isGzip
        self.rowCount = rowCount
        self.encoding = encoding
        self.header = header
    }
}
