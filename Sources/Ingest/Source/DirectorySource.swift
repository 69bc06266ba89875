package import Foundation

/// A local folder as an export source (`root = "file:///path"`): the demo, and customers who sync
/// Stampli's SFTP folder themselves.
package final class DirectorySource: ExportSource {
    /// Bytes read per chunk.
    static let chunkBytes = 256 * 1024

    package let root: String

    package init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    package var name: String { "file://\(root)" }

    private func absolute(_ path: String) -> String { path.isEmpty ? root : root + "/" + path }

    package func list(folder: String) throws -> [ExportEntry] {
        let directory = absolute(folder)
        guard let handle = opendir(directory) else {
            throw DirectorySourceError(operation: "list", path: directory, code: errno)
        }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted().compactMap { name in
            var info = stat()
            guard lstat(directory + "/" + name, &info) == 0 else { return nil }
            return ExportEntry(
                name: name, size: Int64(info.st_size), mtime: Int64(info.st_mtim.tv_sec),
                isRegularFile: (info.st_mode & S_IFMT) == S_IFREG)
        }
    }

    package func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        let file = absolute(path)
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw DirectorySourceError(operation: "open", path: file, code: errno) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: Self.chunkBytes)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw DirectorySourceError(operation: "read", path: file, code: errno)
            }
            if count == 0 { return total }
            total += Int64(count)
            try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }

    package func move(from: String, to: String) throws {
        let destination = absolute(to)
        guard access(destination, F_OK) != 0 else {
            throw DirectorySourceError(operation: "move", path: destination, code: EEXIST)
        }
        guard rename(absolute(from), destination) == 0 else {
            throw DirectorySourceError(operation: "move", path: absolute(from), code: errno)
        }
    }

    package func remove(path: String) throws {
        guard unlink(absolute(path)) == 0 else {
            throw DirectorySourceError(operation: "delete", path: absolute(path), code: errno)
        }
    }

    package func makeFolder(path: String) throws {
        let folder = absolute(path)
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
            throw DirectorySourceError(operation: "mkdir", path: folder, code: errno)
        }
    }
}

/// A local-folder source's failure, with the POSIX errno.
package struct DirectorySourceError: SourceFailure, Sendable {
    package var operation: String
    package var path: String
    package var code: Int32
    package var message: String

    package init(operation: String, path: String, code: Int32, message: String? = nil) {
        self.operation = operation
        self.path = path
        self.code = code
        self.message = message ?? String(cString: strerror(code))
    }

    package var isConnectionFailure: Bool { false }
    package var isMissingPath: Bool { code == ENOENT }

    package var hint: String? {
        switch code {
        case ENOENT: return "check the source root and the kind's folder in the configuration"
        case EACCES, EPERM: return "give the connector's user read (and for after_ingest, write) access to the folder"
        case ENOSPC: return "free space in the temporary folder (ingest keeps a copy of the file being read there)"
        case EEXIST: return "a file of that name is already in the destination folder; move it away"
        default: return nil
        }
    }

    package var description: String { "directory \(operation) failed: \(message) (code \(code)) [\(path)]" }
}
