/// A file in an export folder was found ready to read.
///
/// Emitted by Ingest before it fetches the file, in the same transaction as ``FileFetched``
/// or ``FileRejected``. Stable fields: all. Subject: `file:<path>`.
package struct FileSeen: EventPayload, Equatable {
    package static let type = "ingest.file.seen"
    package static let version = 1

    /// The readiness evidence: one listing of the file.
    package struct Listing: Codable, Sendable, Equatable {
        package var size: Int64
        /// Modification time, seconds since 1970, as the server reported it.
        package var mtime: Int64
        /// When the listing was taken (UTC ISO-8601).
        package var listedAt: String

        package init(size: Int64, mtime: Int64, listedAt: String) {
            self.size = size
            self.mtime = mtime
            self.listedAt = listedAt
        }
    }

    package var source: String
    package var kind: FileKind
    package var path: String
    /// `settled` (unchanged across two listings) or `marker` (a `.done` file exists).
    package var readiness: String
    package var firstListing: Listing
    package var secondListing: Listing?

    package init(
        source: String, kind: FileKind, path: String, readiness: String, firstListing: Listing, secondListing: Listing?
    ) {
        self.source = source
        self.kind = kind
        self.path = path
        self.readiness = readiness
        self.firstListing = firstListing
        self.secondListing = secondListing
    }
}
