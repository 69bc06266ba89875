internal import CLibSSH2
import Foundation

/// The SFTP subsystem on one SSH session. Keeps its ``SSHSession`` alive (children hold parents strongly).
final class SFTPSession {
    let raw: OpaquePointer
    let ssh: SSHSession

    /// Starts the SFTP subsystem.
    /// - Throws: ``SFTPError``.
    init(ssh: SSHSession) throws {
        // libssh2_sftp_init(3): the handle must be closed with libssh2_sftp_shutdown before the session is freed.
        guard let raw = libssh2_sftp_init(ssh.raw) else {
            throw ssh.lastError(operation: "start sftp", code: libssh2_session_last_errno(ssh.raw))
        }
        self.raw = raw
        self.ssh = ssh
    }

    deinit { libssh2_sftp_shutdown(raw) }

    /// An ``SFTPError`` for a failed call, reading the SFTP status when libssh2 reports -31.
    func error(operation: String, code: Int32, path: String) -> SFTPError {
        var error = ssh.lastError(operation: operation, code: code, path: path)
        guard error.code == LIBSSH2_ERROR_SFTP_PROTOCOL else { return error }
        let status = libssh2_sftp_last_error(raw)
        error.sftpStatus = status
        switch status {
        case UInt(LIBSSH2_FX_NO_SUCH_FILE), UInt(LIBSSH2_FX_NO_SUCH_PATH):
            error.kind = .noSuchPath
            error.message = "no such file or folder"
        case UInt(LIBSSH2_FX_PERMISSION_DENIED):
            error.kind = .permissionDenied
            error.message = "permission denied"
        case UInt(LIBSSH2_FX_NO_CONNECTION), UInt(LIBSSH2_FX_CONNECTION_LOST):
            error.kind = .connectionLost
        case UInt(LIBSSH2_FX_FILE_ALREADY_EXISTS):
            error.kind = .sftpFailure
            error.message = "the destination already exists"
        default:
            error.kind = .sftpFailure
        }
        error.hint = SFTPError.defaultHint(error.kind)
        return error
    }

    /// The attributes of a path, or nil when it does not exist.
    func stat(_ path: String) throws -> LIBSSH2_SFTP_ATTRIBUTES? {
        var attributes = LIBSSH2_SFTP_ATTRIBUTES()
        let rc = path.withCString { libssh2_sftp_stat_ex(raw, $0, UInt32(strlen($0)), LIBSSH2_SFTP_STAT, &attributes) }
        if rc == 0 { return attributes }
        let failure = error(operation: "stat", code: rc, path: path)
        if failure.kind == .noSuchPath { return nil }
        throw failure
    }

    /// Renames without overwriting.
    func rename(_ from: String, to: String) throws {
        let rc = from.withCString { source in
            to.withCString { target in
                libssh2_sftp_rename_ex(
                    raw, source, UInt32(strlen(source)), target, UInt32(strlen(target)),
                    Int(LIBSSH2_SFTP_RENAME_ATOMIC | LIBSSH2_SFTP_RENAME_NATIVE))
            }
        }
        guard rc == 0 else { throw error(operation: "rename", code: rc, path: from) }
    }

    /// Deletes a file.
    func unlink(_ path: String) throws {
        let rc = path.withCString { libssh2_sftp_unlink_ex(raw, $0, UInt32(strlen($0))) }
        guard rc == 0 else { throw error(operation: "delete", code: rc, path: path) }
    }

    /// Creates a folder (mode 0755).
    func mkdir(_ path: String) throws {
        let rc = path.withCString { libssh2_sftp_mkdir_ex(raw, $0, UInt32(strlen($0)), 0o755) }
        guard rc == 0 else { throw error(operation: "mkdir", code: rc, path: path) }
    }
}

@available(*, unavailable) extension SFTPSession: Sendable {}

/// An open remote folder, read entry by entry; closed in `deinit`.
final class SFTPDirectory {
    private let raw: OpaquePointer
    let sftp: SFTPSession
    let path: String

    init(sftp: SFTPSession, path: String) throws {
        // libssh2_sftp_open_ex(3) with LIBSSH2_SFTP_OPENDIR; the handle is closed with libssh2_sftp_close_handle.
        let handle = path.withCString {
            libssh2_sftp_open_ex(sftp.raw, $0, UInt32(strlen($0)), 0, 0, LIBSSH2_SFTP_OPENDIR)
        }
        guard let handle else {
            throw sftp.error(operation: "open folder", code: libssh2_session_last_errno(sftp.ssh.raw), path: path)
        }
        self.raw = handle
        self.sftp = sftp
        self.path = path
    }

    deinit { libssh2_sftp_close_handle(raw) }

    /// All entries except `.` and `..`.
    func entries() throws -> [ExportEntry] {
        var result: [ExportEntry] = []
        var name = [CChar](repeating: 0, count: 1024)
        while true {
            var attributes = LIBSSH2_SFTP_ATTRIBUTES()
            let count = name.withUnsafeMutableBufferPointer {
                libssh2_sftp_readdir_ex(raw, $0.baseAddress, $0.count, nil, 0, &attributes)
            }
            if count == 0 { return result }
            guard count > 0 else { throw sftp.error(operation: "list folder", code: Int32(count), path: path) }
            let text = name.withUnsafeBufferPointer { buffer in
                String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            if text == "." || text == ".." { continue }
            let hasPermissions = attributes.flags & UInt(LIBSSH2_SFTP_ATTR_PERMISSIONS) != 0
            result.append(
                ExportEntry(
                    name: text, size: Int64(attributes.filesize), mtime: Int64(attributes.mtime),
                    isRegularFile: hasPermissions && libssh2_sftp_s_isreg_mode(attributes.permissions) != 0))
        }
    }
}

@available(*, unavailable) extension SFTPDirectory: Sendable {}

/// An open remote file for reading; closed in `deinit`.
final class SFTPFile {
    private let raw: OpaquePointer
    let sftp: SFTPSession
    let path: String

    init(sftp: SFTPSession, path: String) throws {
        let handle = path.withCString {
            libssh2_sftp_open_ex(sftp.raw, $0, UInt32(strlen($0)), UInt(LIBSSH2_FXF_READ), 0, LIBSSH2_SFTP_OPENFILE)
        }
        guard let handle else {
            throw sftp.error(operation: "open file", code: libssh2_session_last_errno(sftp.ssh.raw), path: path)
        }
        self.raw = handle
        self.sftp = sftp
        self.path = path
    }

    deinit { libssh2_sftp_close_handle(raw) }

    /// Reads to the end, `bufferBytes` at a time (libssh2 pipelines requests up to the buffer size).
    func readAll(bufferBytes: Int, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        var buffer = [CChar](repeating: 0, count: bufferBytes)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBufferPointer { libssh2_sftp_read(raw, $0.baseAddress, $0.count) }
            if count == 0 { return total }
            guard count > 0 else { throw sftp.error(operation: "read", code: Int32(count), path: path) }
            total += Int64(count)
            try buffer.withUnsafeBytes { try sink(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
        }
    }
}

@available(*, unavailable) extension SFTPFile: Sendable {}
