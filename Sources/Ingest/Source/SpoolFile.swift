import Foundation

/// A private temporary copy of one fetched file: written once while the file is fetched, then read back
/// for parsing and for the blob store, so the file's bytes never sit in memory whole.
///
/// The file is unlinked as soon as it is created (it lives on through its descriptor), so nothing is left
/// behind even if the process is killed. One handle, closed in `deinit`.
final class SpoolFile {
    /// Bytes read back per chunk.
    static let readChunkBytes = 256 * 1024

    private let fd: Int32
    private let folder: String
    /// Bytes written so far.
    private(set) var size: Int64 = 0

    /// Creates an anonymous file in `folder`.
    /// - Throws: ``DirectorySourceError`` when the folder is missing or not writable.
    init(folder: String) throws {
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
        template.append(contentsOf: Array("ml-connector-fetch-XXXXXX".utf8CString))
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            throw DirectorySourceError(operation: "create temporary file", path: folder, code: errno)
        }
        unlink(template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        self.fd = fd
        self.folder = folder
    }

    deinit { close(fd) }

    /// Appends bytes.
    /// - Throws: ``DirectorySourceError`` (a full disk: `ENOSPC`).
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(fd, bytes.baseAddress!.advanced(by: offset), bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw DirectorySourceError(operation: "write temporary file", path: folder, code: errno)
            }
            offset += written
        }
        size += Int64(bytes.count)
    }

    /// Reads the whole file from the start, in chunks of ``readChunkBytes``.
    /// - Throws: ``DirectorySourceError``; whatever `sink` throws.
    func read(_ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        var buffer = [UInt8](repeating: 0, count: Self.readChunkBytes)
        var offset: Int64 = 0
        while offset < size {
            let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, off_t(offset)) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DirectorySourceError(operation: "read temporary file", path: folder, code: errno)
            }
            if count == 0 { break }
            offset += Int64(count)
            try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}

@available(*, unavailable) extension SpoolFile: Sendable {}
