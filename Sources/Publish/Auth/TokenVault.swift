package import EventLog
import Foundation

/// Reads and writes ``TokenState`` in the encrypted ``SecretStore``: `qbo-refresh-token` holds the refresh
/// token with its issue time and horizons, `qbo-access-token` the access token with its expiry (both JSON,
/// sealed by the store). The refresh token is always written before the access token it came with is used.
package struct TokenVault {
    package let secrets: SecretStore

    package init(secrets: SecretStore) { self.secrets = secrets }

    /// The stored tokens (empty state when none).
    /// - Throws: ``EventLog/SecretStoreError``.
    package func load() throws -> TokenState {
        var state = TokenState()
        if let refresh = try secrets.get(.qboRefreshToken) {
            if let json = try? JSONParser.parse(refresh.revealed), let token = json["token"]?.stringValue {
                state.refreshToken = Secret(token)
                state.refreshIssuedAt = json["issuedAt"]?.stringValue.flatMap(Double.init) ?? 0
                state.refreshExpiresAt = json["expiresAt"]?.stringValue.flatMap(Double.init)
                state.refreshHardExpiresAt = json["hardExpiresAt"]?.stringValue.flatMap(Double.init)
            } else {
                state.refreshToken = refresh  // a bare token written by hand
            }
        }
        if let access = try secrets.get(.qboAccessToken), let json = try? JSONParser.parse(access.revealed),
            let token = json["token"]?.stringValue
        {
            state.accessToken = Secret(token)
            state.accessExpiresAt = json["expiresAt"]?.stringValue.flatMap(Double.init) ?? 0
        }
        return state
    }

    /// Persists the tokens: refresh token first (so a crash right after never loses a rotated one).
    /// - Throws: ``EventLog/SecretStoreError``.
    package func save(_ state: TokenState) throws {
        if let refresh = state.refreshToken {
            let document = JSONValue.object([
                "token": .string(refresh.revealed), "issuedAt": .number(Self.number(state.refreshIssuedAt)),
                "expiresAt": state.refreshExpiresAt.map { .number(Self.number($0)) },
                "hardExpiresAt": state.refreshHardExpiresAt.map { .number(Self.number($0)) },
            ])
            try secrets.set(.qboRefreshToken, Secret(document.text))
        }
        if let access = state.accessToken {
            let document = JSONValue.object([
                "token": .string(access.revealed), "expiresAt": .number(Self.number(state.accessExpiresAt)),
            ])
            try secrets.set(.qboAccessToken, Secret(document.text))
        } else {
            try secrets.remove(.qboAccessToken)
        }
    }

    private static func number(_ value: Double) -> String { String(Int64(value.rounded(.down))) }

    /// First 12 hex digits of the token's SHA-256: tells tokens apart in events without revealing them.
    package static func fingerprint(_ secret: Secret?) -> String {
        guard let secret else { return "none" }
        return String(SHA256Digest.hex(of: Array(secret.revealed.utf8)).prefix(12))
    }
}
