/// The QBO access token was refreshed (and maybe the refresh token rotated). Never holds a token: only
/// short SHA-256 fingerprints, so an auditor can tell tokens apart. Subject: `qbo:<realmId>`.
package struct TokenRefreshed: EventPayload, Equatable {
    package static let type = "publish.token.refreshed"
    package static let version = 1

    /// `expiring`, `unauthorized` (after a 401) or `missing`.
    package var reason: String
    /// First 12 hex digits of SHA-256 of the new access token and of the refresh token in force.
    package var accessFingerprint: String
    package var refreshFingerprint: String
    /// True when QBO returned a different refresh token (it was persisted before use).
    package var rotated: Bool
    /// ISO-8601 UTC expiries.
    package var accessExpiresAt: String
    package var refreshExpiresAt: String?
    package var refreshHardExpiresAt: String?

    package init(
        reason: String, accessFingerprint: String, refreshFingerprint: String, rotated: Bool, accessExpiresAt: String,
        refreshExpiresAt: String?, refreshHardExpiresAt: String?
    ) {
        self.reason = reason
        self.accessFingerprint = accessFingerprint
        self.refreshFingerprint = refreshFingerprint
        self.rotated = rotated
        self.accessExpiresAt = accessExpiresAt
        self.refreshExpiresAt = refreshExpiresAt
        self.refreshHardExpiresAt = refreshHardExpiresAt
    }
}
