/// One entry of an export folder listing.
package struct ExportEntry: Sendable, Equatable {
    package var name: String
    package var size: Int64
    /// Seconds since 1970.
    package var mtime: Int64
    package var isRegularFile: Bool

    package init(name: String, size: Int64, mtime: Int64, isRegularFile: Bool) {
        self.name = name
        self.size = size
        self.mtime = mtime
        self.isRegularFile = isRegularFile
    }
}

/// Where export files come from: an SFTP server (``SFTPSource``) or a local folder (``DirectorySource``).
///
/// Paths are relative to the source's root and use `/`. Implementations throw their own error type
/// (``SFTPError`` or ``DirectorySourceError``), which conforms to ``SourceFailure``.
package protocol ExportSource: AnyObject {
    /// The source as it appears in events (`sftp://user@host:port/root` or `file:///path`), no secrets.
    var name: String { get }
    /// Lists one folder; a missing folder throws.
    func list(folder: String) throws -> [ExportEntry]
    /// Streams a file's bytes to `sink` in chunks; returns the byte count. `sizeHint` (the listed size) lets
    /// SFTP size its read-ahead so a small file costs no wasted requests.
    func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64
    /// Renames a file, replacing nothing: the destination must not exist.
    func move(from: String, to: String) throws
    /// Deletes a file.
    func remove(path: String) throws
    /// Creates a folder if it does not exist.
    func makeFolder(path: String) throws
}

extension ExportSource {
    /// Streams a file's bytes to `sink` without a size hint.
    package func read(path: String, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try read(path: path, sizeHint: nil, sink: sink)
    }
}

/// A source's failure, in the terms the Ingestor needs.
package protocol SourceFailure: Error, CustomStringConvertible {
    /// True for failures of the connection (refused, timed out, dropped) that a retry may cure.
    var isConnectionFailure: Bool { get }
    /// True when the named path does not exist.
    var isMissingPath: Bool { get }
    /// What the operator should do.
    var hint: String? { get }
}

/// Joins relative path parts with single slashes.
func joinPath(_ parts: String...) -> String {
    parts.filter { !$0.isEmpty }.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }.joined(separator: "/")
}
