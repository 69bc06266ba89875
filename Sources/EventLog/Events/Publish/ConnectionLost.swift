/// QBO refused the refresh token (`invalid_grant`): publishing stops until the user reconnects with
/// `ml-connector qbo connect`. Plans keep queueing and nothing is lost; Publish sends nothing while the
/// stored refresh token is the one refused (``refreshFingerprint``). Subject: `qbo:<realmId>`.
package struct ConnectionLost: EventPayload, Equatable {
    package static let type = "publish.connection.lost"
    package static let version = 1

    /// QBO's error and description, e.g. `invalid_grant: Incorrect or invalid refresh token`.
    package var reason: String
    /// Fingerprint (12 hex digits of SHA-256) of the refused refresh token.
    package var refreshFingerprint: String
    package var hint: String

    package init(reason: String, refreshFingerprint: String, hint: String) {
        self.reason = reason
        self.refreshFingerprint = refreshFingerprint
        self.hint = hint
    }
}
