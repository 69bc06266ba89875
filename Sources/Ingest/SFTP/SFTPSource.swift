package import EventLog
package import Foundation

/// An SFTP server as an export source: connects, pins the host key, logs in, then lists and reads.
package final class SFTPSource: ExportSource {
    private let session: SFTPSession
    private let settings: SFTPSettings
    private let root: String
    /// Smallest read buffer, in bytes (one SFTP read request's worth).
    static let minimumReadBytes = 32 * 1024

    /// Connects and authenticates.
    /// - Throws: ``SFTPError`` (connection, host key, credentials).
    package init(settings: SFTPSettings, root: String, secrets: (SecretName) throws -> Secret?) throws {
        self.settings = settings
        self.root = root
        let ssh = try SSHSession(
            host: settings.host, port: settings.port, connectTimeout: settings.connectTimeout,
            operationTimeout: settings.operationTimeout)
        // Fail closed before any credential leaves this machine.
        try ssh.verifyHostKey(expected: settings.hostKeySHA256)
        switch settings.authentication {
        case .password:
            guard let password = try Self.secret(.sftpPassword, secrets) else {
                throw SFTPError(
                    kind: .missingCredentials, operation: "password login", message: "no sftp-password secret is stored"
                )
            }
            try ssh.authenticate(username: settings.username, password: password)
        case .privateKey:
            guard let key = try Self.secret(.sftpPrivateKey, secrets) else {
                throw SFTPError(
                    kind: .missingCredentials, operation: "key login", message: "no sftp-private-key secret is stored")
            }
            try ssh.authenticate(
                username: settings.username, privateKey: key, passphrase: try Self.secret(.sftpKeyPassphrase, secrets))
        }
        ssh.configureKeepalive(seconds: settings.keepaliveInterval)
        self.session = try SFTPSession(ssh: ssh)
    }

    private static func secret(_ name: SecretName, _ secrets: (SecretName) throws -> Secret?) throws -> Secret? {
        do {
            return try secrets(name)
        } catch {
            throw SFTPError(
                kind: .missingCredentials, operation: "read secret",
                message: "the \(name.rawValue) secret cannot be read: \(error)")
        }
    }

    package var name: String { "sftp://\(settings.username)@\(settings.host):\(settings.port)/\(root)" }

    private func remote(_ path: String) -> String { root.isEmpty ? path : joinPath(root, path) }

    package func list(folder: String) throws -> [ExportEntry] {
        session.ssh.sendKeepaliveIfDue()
        let path = remote(folder)
        return try SFTPDirectory(sftp: session, path: path.isEmpty ? "." : path).entries()
    }

    package func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        // libssh2 pipelines read requests to fill the whole buffer: for a small file, ask for just past its
        // end so the EOF answer comes with the data instead of after dozens of empty requests.
        session.ssh.sendKeepaliveIfDue()
        var bufferBytes = settings.readBufferBytes
        if let sizeHint, sizeHint >= 0, sizeHint < Int64(bufferBytes) {
            bufferBytes = max(Int(sizeHint) + 1, Self.minimumReadBytes)
        }
        return try SFTPFile(sftp: session, path: remote(path)).readAll(bufferBytes: bufferBytes, sink: sink)
    }

    package func move(from: String, to: String) throws {
        if try session.stat(remote(to)) != nil {
            throw SFTPError(
                kind: .sftpFailure, operation: "move", message: "the destination already exists", path: remote(to),
                hint: "a file of that name is already in the processed folder; move it away")
        }
        try session.rename(remote(from), to: remote(to))
    }

    package func remove(path: String) throws { try session.unlink(remote(path)) }

    package func makeFolder(path: String) throws {
        if try session.stat(remote(path)) != nil { return }
        try session.mkdir(remote(path))
    }
}

@available(*, unavailable) extension SFTPSource: Sendable {}

/// Asks a server for its host key without trusting it or logging in (`ml-connector sftp fingerprint`).
package enum SFTPProbe {
    /// The server's host key.
    package struct HostKey: Sendable, Equatable {
        /// `SHA256:<base64>`, as `ssh-keygen -lf` prints it and `sftp.host_key_sha256` expects it.
        package var fingerprint: String
        /// e.g. `ssh-ed25519`.
        package var type: String
    }

    /// Connects, completes the handshake, reads the host key and disconnects.
    /// - Throws: ``SFTPError`` (connection or handshake).
    package static func fingerprint(host: String, port: Int = 22, timeout: TimeInterval = 15) throws -> HostKey {
        let session = try SSHSession(host: host, port: port, connectTimeout: timeout, operationTimeout: timeout)
        let key = try session.hostKey()
        try? session.close()
        return HostKey(fingerprint: key.fingerprint, type: key.type)
    }
}
