/// A failure talking to the SFTP server, carrying libssh2's code and message and what to do about it.
package struct SFTPError: SourceFailure, Sendable, Equatable {
    package enum Kind: String, Sendable, Equatable {
        /// Nothing listens on the host and port.
        case connectionRefused
        /// The host name does not resolve, or the TCP connection timed out.
        case connectionFailed
        /// The connection dropped or timed out mid-operation.
        case connectionLost
        /// The SSH handshake failed (no common algorithm, e.g. an RSA-only host key on libssh2 1.10).
        case handshakeFailed
        /// The server's host key is not the pinned one, or no key is pinned.
        case hostKeyMismatch
        /// The server refused the password or the key.
        case authenticationFailed
        /// A password or key secret is missing or unreadable.
        case missingCredentials
        /// No such file or folder.
        case noSuchPath
        /// The server refused access to the path.
        case permissionDenied
        /// Another SFTP status.
        case sftpFailure
        /// Any other libssh2 error.
        case library
    }

    package var kind: Kind
    package var operation: String
    /// libssh2's error code (`LIBSSH2_ERROR_*`), or an errno for socket calls; 0 when none.
    package var code: Int32
    /// The SFTP status (`LIBSSH2_FX_*`) when ``code`` is `LIBSSH2_ERROR_SFTP_PROTOCOL` (-31).
    package var sftpStatus: UInt?
    package var message: String
    package var host: String?
    package var path: String?
    package var hint: String?

    package init(
        kind: Kind, operation: String, code: Int32 = 0, sftpStatus: UInt? = nil, message: String, host: String? = nil,
        path: String? = nil, hint: String? = nil
    ) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.sftpStatus = sftpStatus
        self.message = message
        self.host = host
        self.path = path
        self.hint = hint ?? Self.defaultHint(kind)
    }

    package var isConnectionFailure: Bool {
        kind == .connectionRefused || kind == .connectionFailed || kind == .connectionLost
    }

    package var isMissingPath: Bool { kind == .noSuchPath }

    package var description: String {
        var context: [String] = []
        if let host { context.append("host \(host)") }
        if let path { context.append("path \(path)") }
        if let sftpStatus { context.append("sftp status \(sftpStatus)") }
        let suffix = context.isEmpty ? "" : " [\(context.joined(separator: ", "))]"
        return "sftp \(operation) failed: \(message) (code \(code))\(suffix)"
    }

    static func defaultHint(_ kind: Kind) -> String? {
        switch kind {
        case .connectionRefused:
            return "check sftp host and port, and that the SFTP server is running and reachable from this machine"
        case .connectionFailed:
            return "check the host name, the network and any firewall between this machine and the server"
        case .connectionLost:
            return "the connection dropped; the next run retries (files are read again from the start)"
        case .handshakeFailed:
            return "libssh2 1.10 (Debian 12) has no rsa-sha2 signatures: a server offering only an RSA host key "
                + "cannot be used; ask for an ed25519 or ECDSA host key"
        case .hostKeyMismatch:
            return "run `ml-connector sftp fingerprint`, confirm the key with the server's operator, "
                + "and set sftp.host_key_sha256 to it"
        case .authenticationFailed:
            return "check sftp.username and the sftp-password or sftp-private-key secret (`ml-connector secrets set`)"
        case .missingCredentials: return "store the secret with `ml-connector secrets set`"
        case .noSuchPath: return "check the remote root and the kind's folder in the configuration"
        case .permissionDenied: return "ask the server's operator to give this user access to the folder"
        case .sftpFailure, .library: return nil
        }
    }
}
