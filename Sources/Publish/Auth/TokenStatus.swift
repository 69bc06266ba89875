package import EventLog

/// What `ml-connector status` shows about the QBO connection: whether tokens are stored, the refresh
/// token's age, and how far away its rolling (~100 days) and absolute (5 years) expiries are.
package struct TokenStatus: Sendable, Equatable, Codable {
    /// Warn this many days before either refresh-token horizon (Intuit's sample warns at 30 and 7).
    package static let warningDays: Double = 30

    package var isConnected: Bool
    package var refreshTokenAgeDays: Double?
    package var accessTokenExpiresAt: String?
    package var refreshExpiresAt: String?
    package var refreshHardExpiresAt: String?
    package var daysUntilRefreshExpiry: Double?
    package var daysUntilHardExpiry: Double?
    /// Human warnings, e.g. "QBO connection expires in 12 days: reconnect with `ml-connector qbo connect`".
    package var warnings: [String]

    /// Reads the stored tokens.
    /// - Throws: ``EventLog/SecretStoreError``.
    package static func read(secrets: SecretStore, now: Double) throws -> TokenStatus {
        from(state: try TokenVault(secrets: secrets).load(), now: now)
    }

    /// Computes the status of a token state at `now` (epoch seconds).
    package static func from(state: TokenState, now: Double) -> TokenStatus {
        let day = 86_400.0
        let connected = state.refreshToken != nil
        let soft = state.refreshExpiresAt.map { ($0 - now) / day }
        let hard = state.refreshHardExpiresAt.map { ($0 - now) / day }
        var warnings: [String] = []
        if !connected { warnings.append("QBO is not connected: run `ml-connector qbo connect`") }
        for (label, days) in [("refresh token expires", soft), ("QBO authorization reaches its 5-year limit", hard)] {
            guard let days, days < warningDays else { continue }
            warnings.append(
                days <= 0
                    ? "the \(label.replacingOccurrences(of: " expires", with: "")) has expired: \(QBOError.reconnectHint)"
                    : "\(label) in \(Int(days.rounded(.up))) days: \(QBOError.reconnectHint)")
        }
        return TokenStatus(
            isConnected: connected,
            refreshTokenAgeDays: connected && state.refreshIssuedAt > 0 ? (now - state.refreshIssuedAt) / day : nil,
            accessTokenExpiresAt: state.accessToken == nil ? nil : ISOTime.format(state.accessExpiresAt),
            refreshExpiresAt: state.refreshExpiresAt.map(ISOTime.format),
            refreshHardExpiresAt: state.refreshHardExpiresAt.map(ISOTime.format), daysUntilRefreshExpiry: soft,
            daysUntilHardExpiry: hard, warnings: warnings)
    }
}
