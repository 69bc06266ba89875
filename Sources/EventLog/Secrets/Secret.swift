/// A secret value (password, private key, client secret, token). Its description is always redacted,
/// so interpolating it into a log line, an error or an event cannot leak it.
package struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The clear value: use it only at the call that needs it (a C API, an HTTP header).
    package let revealed: String

    package init(_ value: String) { self.revealed = value }

    package var description: String { "<redacted>" }
    package var debugDescription: String { "<redacted>" }
}

/// The names under which secrets are stored.
package enum SecretName: String, Sendable, CaseIterable, Codable {
    case sftpPassword = "sftp-password"
    case sftpPrivateKey = "sftp-private-key"
    case sftpKeyPassphrase = "sftp-key-passphrase"
    case qboClientSecret = "qbo-client-secret"
    case qboRefreshToken = "qbo-refresh-token"
    /// The current access token and its expiry, cached so a restart does not force a refresh.
    case qboAccessToken = "qbo-access-token"
}
