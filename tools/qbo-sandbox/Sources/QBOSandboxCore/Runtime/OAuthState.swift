import Foundation

/// Authorization codes, access tokens and refresh tokens, with QBO's rotation rules.
public struct OAuthState: Sendable {
    struct AuthCode: Sendable {
        var realmId: String
        var redirectUri: String
        var isUsed = false
        var grant: String
    }

    struct AccessToken: Sendable {
        var realmId: String
        var expiresAt: Date
        var grant: String
    }

    struct RefreshToken: Sendable {
        var realmId: String
        var grant: String
        var hardExpiresAt: Date
        var expiresAt: Date
        /// When a newer token replaced this one.
        var supersededAt: Date?
        var isRevoked = false
    }

    var codes: [String: AuthCode] = [:]
    var accessTokens: [String: AccessToken] = [:]
    var refreshTokens: [String: RefreshToken] = [:]
    var revokedGrants: Set<String> = []

    public enum AccessCheck: Equatable { case valid(realmId: String), expired, unknown }

    /// Why a token request failed, as QBO's body says it.
    public enum Failure: Error, Equatable {
        case invalidGrant(description: String?)
    }

    static func randomToken(_ prefix: String, length: Int = 40) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        return prefix + String((0..<length).map { _ in alphabet.randomElement()! })
    }

    mutating func newCode(realmId: String, redirectUri: String) -> String {
        let code = Self.randomToken("AB11", length: 30)
        codes[code] = AuthCode(realmId: realmId, redirectUri: redirectUri, grant: Self.randomToken("G", length: 16))
        return code
    }

    /// Issues a fresh access + refresh pair in a grant.
    mutating func issue(realmId: String, grant: String, hardExpiresAt: Date?, now: Date,
        configuration: SandboxConfiguration) -> TokenPair
    {
        let access = Self.randomToken("eyJsandbox.", length: 60)
        let refresh = Self.randomToken("RT1-39-H3-", length: 32)
        let hard = hardExpiresAt ?? now.addingTimeInterval(configuration.refreshTokenHardTTL)
        accessTokens[access] = AccessToken(
            realmId: realmId, expiresAt: now.addingTimeInterval(configuration.accessTokenTTL), grant: grant)
        refreshTokens[refresh] = RefreshToken(
            realmId: realmId, grant: grant, hardExpiresAt: hard,
            expiresAt: min(hard, now.addingTimeInterval(configuration.refreshTokenTTL)))
        return TokenPair(
            realmId: realmId, accessToken: access, refreshToken: refresh, expiresIn: Int(configuration.accessTokenTTL),
            refreshExpiresIn: Int(min(hard, now.addingTimeInterval(configuration.refreshTokenTTL)).timeIntervalSince(now)),
            refreshHardExpiresIn: Int(hard.timeIntervalSince(now)))
    }

    /// `grant_type=authorization_code`. A code works once; a second use also revokes what the first issued.
    mutating func exchange(code: String, redirectUri: String, now: Date, configuration: SandboxConfiguration)
        -> Result<TokenPair, Failure>
    {
        guard var entry = codes[code] else { return .failure(.invalidGrant(description: nil)) }
        guard !entry.isUsed else {
            revoke(grant: entry.grant)
            return .failure(.invalidGrant(description: nil))
        }
        guard entry.redirectUri == redirectUri else { return .failure(.invalidGrant(description: nil)) }
        entry.isUsed = true
        codes[code] = entry
        return .success(issue(realmId: entry.realmId, grant: entry.grant, hardExpiresAt: nil, now: now,
            configuration: configuration))
    }

    /// `grant_type=refresh_token`: always rotates. The old token dies at once in strict mode,
    /// otherwise after the grace period.
    mutating func refresh(_ token: String, now: Date, configuration: SandboxConfiguration)
        -> Result<TokenPair, Failure>
    {
        let incorrect = Failure.invalidGrant(description: "Incorrect or invalid refresh token")
        guard var entry = refreshTokens[token], !entry.isRevoked, !revokedGrants.contains(entry.grant) else {
            return .failure(incorrect)
        }
        guard now < entry.expiresAt, now < entry.hardExpiresAt else {
            return .failure(.invalidGrant(description: "Token invalid"))
        }
        if let superseded = entry.supersededAt {
            if configuration.strictRefresh || now.timeIntervalSince(superseded) > configuration.refreshGraceSeconds {
                return .failure(incorrect)
            }
        } else {
            entry.supersededAt = now
            refreshTokens[token] = entry
        }
        return .success(issue(realmId: entry.realmId, grant: entry.grant, hardExpiresAt: entry.hardExpiresAt,
            now: now, configuration: configuration))
    }

    /// Revoking either token of a grant ends the whole grant.
    mutating func revoke(_ token: String) -> Bool {
        if let grant = refreshTokens[token]?.grant ?? accessTokens[token]?.grant {
            revoke(grant: grant)
            return true
        }
        return false
    }

    private mutating func revoke(grant: String) {
        revokedGrants.insert(grant)
        accessTokens = accessTokens.filter { $0.value.grant != grant }
    }

    func check(accessToken: String, now: Date) -> AccessCheck {
        guard let entry = accessTokens[accessToken], !revokedGrants.contains(entry.grant) else { return .unknown }
        return now < entry.expiresAt ? .valid(realmId: entry.realmId) : .expired
    }

    mutating func expireAll(now: Date) {
        for key in accessTokens.keys { accessTokens[key]?.expiresAt = now }
    }
}

/// A token endpoint answer, before rendering.
public struct TokenPair: Sendable {
    public var realmId: String
    public var accessToken: String
    public var refreshToken: String
    public var expiresIn: Int
    public var refreshExpiresIn: Int
    public var refreshHardExpiresIn: Int

    /// QBO's token response body; the hard expiry appears only when asked for by header.
    public func body(includeHardExpiry: Bool) -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("token_type", .string("bearer")), JSONMember("expires_in", .number(String(expiresIn))),
            JSONMember("access_token", .string(accessToken)), JSONMember("refresh_token", .string(refreshToken)),
            JSONMember("x_refresh_token_expires_in", .number(String(refreshExpiresIn))),
        ]
        if includeHardExpiry {
            members.append(JSONMember("x_refresh_token_hard_expires_in", .number(String(refreshHardExpiresIn))))
        }
        return .object(members)
    }
}
