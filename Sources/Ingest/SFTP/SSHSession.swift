internal import CLibSSH2
import EventLog
import Foundation

/// One SSH connection: owns the TCP socket and the `LIBSSH2_SESSION`, frees both in `deinit`.
///
/// Blocking mode with `libssh2_session_set_timeout`, so every call returns or fails within the timeout.
/// The host key is checked against a pinned SHA-256 right after the handshake and before any
/// credential is sent; a missing or different key fails closed.
final class SSHSession {
    let raw: OpaquePointer
    let host: String
    private let socket: Int32
    private var isClosed = false

    /// Connects and completes the SSH handshake. Trusts nothing yet.
    /// - Throws: ``SFTPError`` (`connectionRefused`, `connectionFailed`, `handshakeFailed`, `library`).
    init(host: String, port: Int, connectTimeout: TimeInterval, operationTimeout: TimeInterval) throws {
        try SSHLibrary.ensureInitialized()
        self.host = host
        let socket = try TCPConnector.connect(host: host, port: port, timeout: connectTimeout)
        // libssh2_session_init_ex(3): NULL allocators select the default malloc/free; the session must be
        // released with libssh2_session_free. https://libssh2.org/libssh2_session_init_ex.html
        guard let raw = libssh2_session_init_ex(nil, nil, nil, nil) else {
            Foundation.close(socket)
            throw SFTPError(
                kind: .library, operation: "session init", message: "libssh2 could not allocate a session", host: host)
        }
        self.raw = raw
        self.socket = socket
        libssh2_session_set_blocking(raw, 1)
        libssh2_session_set_timeout(raw, Int(operationTimeout * 1000))
        let rc = libssh2_session_handshake(raw, libssh2_socket_t(socket))
        guard rc == 0 else {
            var error = lastError(operation: "handshake", code: rc)
            if rc == LIBSSH2_ERROR_KEX_FAILURE || rc == LIBSSH2_ERROR_KEY_EXCHANGE_FAILURE
                || rc == LIBSSH2_ERROR_HOSTKEY_INIT || rc == LIBSSH2_ERROR_METHOD_NOT_SUPPORTED
            {
                error.kind = .handshakeFailed
                error.hint = SFTPError.defaultHint(.handshakeFailed)
            }
            throw error
        }
    }

    deinit {
        if !isClosed {
            libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, "closing", "")
        }
        libssh2_session_free(raw)
        Foundation.close(socket)
    }

    /// Sends keepalives every `seconds` while idle (the server may drop idle sessions).
    func configureKeepalive(seconds: Int) {
        libssh2_keepalive_config(raw, 1, UInt32(max(seconds, 0)))
    }

    /// Sends a keepalive when the configured interval has passed since the last traffic
    /// (libssh2_keepalive_send(3) only sends when one is due). Called between operations, so a session left
    /// idle while files settle is not dropped by the server. A failure here is not reported: the next real
    /// operation meets the same broken connection and reports it with its context.
    func sendKeepaliveIfDue() {
        var secondsToNext: Int32 = 0
        _ = libssh2_keepalive_send(raw, &secondsToNext)
    }

    /// The server's host key: `SHA256:<base64>` as `ssh-keygen -lf` prints it, and its type.
    /// - Throws: ``SFTPError`` when libssh2 has no key (only before a handshake).
    func hostKey() throws -> (fingerprint: String, type: String) {
        // libssh2_hostkey_hash(3): returns a pointer to 32 raw bytes owned by the session, valid while it lives.
        guard let hash = libssh2_hostkey_hash(raw, LIBSSH2_HOSTKEY_HASH_SHA256) else {
            throw SFTPError(kind: .library, operation: "host key", message: "the server sent no host key", host: host)
        }
        let bytes = Data(bytes: hash, count: 32)
        let base64 = bytes.base64EncodedString().replacingOccurrences(of: "=", with: "")
        var length = 0
        var type: Int32 = 0
        _ = libssh2_session_hostkey(raw, &length, &type)
        return ("SHA256:" + base64, Self.keyTypeName(type))
    }

    /// Fails closed unless the host key's SHA-256 equals `expected`.
    /// - Throws: ``SFTPError`` of kind `hostKeyMismatch`.
    func verifyHostKey(expected: String) throws {
        let actual = try hostKey()
        let pinned = Self.normalizedFingerprint(expected)
        guard !pinned.isEmpty else {
            throw SFTPError(
                kind: .hostKeyMismatch, operation: "verify host key",
                message:
                    "no host key is pinned (sftp.host_key_sha256 is empty); the server offered \(actual.type) \(actual.fingerprint)",
                host: host)
        }
        guard pinned == Self.normalizedFingerprint(actual.fingerprint) else {
            throw SFTPError(
                kind: .hostKeyMismatch, operation: "verify host key",
                message: "the server's \(actual.type) host key is \(actual.fingerprint), not the pinned \(expected); "
                    + "refusing to authenticate (possible man-in-the-middle, or the server's key changed)",
                host: host)
        }
    }

    /// Logs in with a password.
    /// - Throws: ``SFTPError`` of kind `authenticationFailed`.
    func authenticate(username: String, password: Secret) throws {
        let rc = username.withCString { user in
            password.revealed.withCString { pass in
                libssh2_userauth_password_ex(
                    raw, user, UInt32(strlen(user)), pass, UInt32(strlen(pass)), nil)
            }
        }
        guard rc == 0 else {
            var error = lastError(operation: "password login", code: rc)
            if rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PASSWORD_EXPIRED {
                error.kind = .authenticationFailed
                error.message = "the server refused the password for user \(username) (\(error.message))"
                error.hint =
                    "check sftp.username and the sftp-password secret (`ml-connector secrets set sftp-password`)"
            }
            throw error
        }
    }

    /// Logs in with an OpenSSH or PEM private key held in memory.
    /// - Throws: ``SFTPError`` of kind `authenticationFailed`.
    func authenticate(username: String, privateKey: Secret, passphrase: Secret?) throws {
        let key = privateKey.revealed
        let rc = username.withCString { user in
            key.withCString { keyText in
                withOptionalCString(passphrase?.revealed) { phrase in
                    // libssh2_userauth_publickey_frommemory(3): the public key may be NULL; libssh2 derives it
                    // from the private key. https://libssh2.org/libssh2_userauth_publickey_frommemory.html
                    libssh2_userauth_publickey_frommemory(
                        raw, user, strlen(user), nil, 0, keyText, strlen(keyText), phrase)
                }
            }
        }
        guard rc == 0 else {
            var error = lastError(operation: "key login", code: rc)
            error.kind = .authenticationFailed
            if PrivateKeyInspector.isRSA(key) {
                error.message = "the server refused the RSA key for user \(username) (\(error.message))"
                error.hint =
                    "libssh2 1.10 (Debian 12) cannot sign with rsa-sha2, which OpenSSH 8.8+ requires for RSA "
                    + "keys: use an ed25519 or ECDSA key, or password login"
            } else {
                error.message = "the server refused the key for user \(username) (\(error.message))"
                error.hint =
                    "check that the key's public half is in the user's authorized_keys, and the "
                    + "sftp-private-key / sftp-key-passphrase secrets"
            }
            throw error
        }
    }

    /// Disconnects politely.
    /// - Throws: ``SFTPError`` when the goodbye could not be sent (the session is freed anyway).
    func close() throws {
        guard !isClosed else { return }
        isClosed = true
        let rc = libssh2_session_disconnect_ex(raw, SSH_DISCONNECT_BY_APPLICATION, "closing", "")
        guard rc == 0 else { throw lastError(operation: "disconnect", code: rc) }
    }

    /// The session's last error as an ``SFTPError``.
    func lastError(operation: String, code: Int32, path: String? = nil) -> SFTPError {
        var messagePointer: UnsafeMutablePointer<CChar>?
        var length: Int32 = 0
        // libssh2_session_last_error(3): with want_buf 0 the message stays owned by the session.
        let lastCode = libssh2_session_last_error(raw, &messagePointer, &length, 0)
        let message = messagePointer.map { String(cString: $0) } ?? "unknown libssh2 error"
        let effective = code != 0 ? code : lastCode
        let kind: SFTPError.Kind
        switch effective {
        case LIBSSH2_ERROR_SOCKET_DISCONNECT, LIBSSH2_ERROR_SOCKET_RECV, LIBSSH2_ERROR_SOCKET_SEND,
            LIBSSH2_ERROR_TIMEOUT, LIBSSH2_ERROR_BANNER_RECV, LIBSSH2_ERROR_BANNER_SEND,
            LIBSSH2_ERROR_SOCKET_TIMEOUT, LIBSSH2_ERROR_CHANNEL_CLOSED:
            kind = .connectionLost
        default:
            kind = .library
        }
        return SFTPError(kind: kind, operation: operation, code: effective, message: message, host: host, path: path)
    }

    static func normalizedFingerprint(_ text: String) -> String {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.lowercased().hasPrefix("sha256:") { value = String(value.dropFirst(7)) }
        while value.hasSuffix("=") { value.removeLast() }
        return value
    }

    static func keyTypeName(_ type: Int32) -> String {
        switch type {
        case LIBSSH2_HOSTKEY_TYPE_RSA: return "ssh-rsa"
        case LIBSSH2_HOSTKEY_TYPE_DSS: return "ssh-dss"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_256: return "ecdsa-sha2-nistp256"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_384: return "ecdsa-sha2-nistp384"
        case LIBSSH2_HOSTKEY_TYPE_ECDSA_521: return "ecdsa-sha2-nistp521"
        case LIBSSH2_HOSTKEY_TYPE_ED25519: return "ssh-ed25519"
        default: return "unknown"
        }
    }
}

@available(*, unavailable) extension SSHSession: Sendable {}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
