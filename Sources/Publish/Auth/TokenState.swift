package import EventLog

/// The stored OAuth tokens and their horizons, and the decision of when to refresh (a value-type state
/// machine over times passed in). Times are seconds since 1970 UTC.
package struct TokenState: Sendable, Equatable {
    /// What the caller should do to make an API call.
    package enum Action: Sendable, Equatable {
        /// Use this access token.
        case use(Secret)
        /// Refresh first (no access token, or it expires within ``refreshAheadSeconds``).
        case refresh
        /// No refresh token, or it was refused: the user must run `ml-connector qbo connect`.
        case reconnect
    }

    /// Refresh this long before the access token expires (qbo-api.md §12: "refresh proactively").
    package static let refreshAheadSeconds: Double = 300

    package var accessToken: Secret?
    package var accessExpiresAt: Double
    package var refreshToken: Secret?
    /// When the current refresh token was received.
    package var refreshIssuedAt: Double
    /// Rolling ~100-day expiry (`x_refresh_token_expires_in`).
    package var refreshExpiresAt: Double?
    /// Absolute 5-year expiry (`x_refresh_token_hard_expires_in`).
    package var refreshHardExpiresAt: Double?

    package init(
        accessToken: Secret? = nil, accessExpiresAt: Double = 0, refreshToken: Secret? = nil,
        refreshIssuedAt: Double = 0, refreshExpiresAt: Double? = nil, refreshHardExpiresAt: Double? = nil
    ) {
        self.accessToken = accessToken
        self.accessExpiresAt = accessExpiresAt
        self.refreshToken = refreshToken
        self.refreshIssuedAt = refreshIssuedAt
        self.refreshExpiresAt = refreshExpiresAt
        self.refreshHardExpiresAt = refreshHardExpiresAt
    }

    /// What to do before a call at `now`.
    package func action(now: Double) -> Action {
        guard refreshToken != nil else { return .reconnect }
        if let hard = refreshHardExpiresAt, now >= hard, accessUsable(now: now) == nil { return .reconnect }
        if let token = accessUsable(now: now) { return .use(token) }
        return .refresh
    }

    private func accessUsable(now: Double) -> Secret? {
        guard let accessToken, now < accessExpiresAt - Self.refreshAheadSeconds else { return nil }
        return accessToken
    }

    /// After a 401: the access token is no longer trusted, so the next ``action(now:)`` is `.refresh`.
    package mutating func invalidateAccess() {
        accessToken = nil
        accessExpiresAt = 0
    }

    /// Applies a token endpoint answer received at `now`.
    package mutating func apply(_ response: TokenResponse, now: Double) {
        accessToken = response.accessToken
        accessExpiresAt = now + response.expiresIn
        if let rotated = response.refreshToken { refreshToken = rotated }
        refreshIssuedAt = now
        refreshExpiresAt = response.refreshExpiresIn.map { now + $0 } ?? refreshExpiresAt
        refreshHardExpiresAt = response.refreshHardExpiresIn.map { now + $0 } ?? refreshHardExpiresAt
    }
}

/// A successful answer of the OAuth token endpoint (qbo-api.md §12).
package struct TokenResponse: Sendable, Equatable {
    package var accessToken: Secret
    /// Seconds the access token lives (3600).
    package var expiresIn: Double
    package var refreshToken: Secret?
    package var refreshExpiresIn: Double?
    package var refreshHardExpiresIn: Double?

    package init(
        accessToken: Secret, expiresIn: Double, refreshToken: Secret?, refreshExpiresIn: Double?,
        refreshHardExpiresIn: Double?
    ) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
        self.refreshToken = refreshToken
        self.refreshExpiresIn = refreshExpiresIn
        self.refreshHardExpiresIn = refreshHardExpiresIn
    }

    /// Decodes the JSON body.
    /// - Throws: ``QBOError`` of kind `.unexpectedResponse` when `access_token` is missing.
    package static func decode(_ body: [UInt8]) throws -> TokenResponse {
        guard let json = try? JSONParser.parse(body), let access = json["access_token"]?.stringValue else {
            throw QBOError(
                kind: .unexpectedResponse, operation: "token", message: "token response without access_token")
        }
        func seconds(_ key: String) -> Double? { json[key]?.stringValue.flatMap(Double.init) }
        return TokenResponse(
            accessToken: Secret(access), expiresIn: seconds("expires_in") ?? 3600,
            refreshToken: json["refresh_token"]?.stringValue.map(Secret.init),
            refreshExpiresIn: seconds("x_refresh_token_expires_in"),
            refreshHardExpiresIn: seconds("x_refresh_token_hard_expires_in"))
    }
}
