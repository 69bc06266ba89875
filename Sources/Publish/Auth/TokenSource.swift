import EventLog
import Foundation

/// Hands out a valid access token: cached with its expiry, refreshed ahead of expiry and once after a 401,
/// one refresh at a time (an advisory file lock serialises processes sharing the credential file), the
/// rotated refresh token persisted before the new access token is used. `invalid_grant` records
/// `publish.connection.lost` and throws ``QBOError`` `.connectionLost`: no retry storm.
final class TokenSource {
    private let settings: PublishSettings
    private let vault: TokenVault
    private let clock: any PublishClock
    private(set) var state: TokenState

    init(settings: PublishSettings, secrets: SecretStore, clock: any PublishClock) throws {
        self.settings = settings
        self.vault = TokenVault(secrets: secrets)
        self.clock = clock
        self.state = try vault.load()
    }

    var subject: String { "qbo:\(settings.realmId)" }

    /// A usable access token, refreshing when needed.
    /// - Throws: ``QBOError`` (`.connectionLost`, `.notConnected`, `.fault`), ``CurlError``.
    func accessToken(transport: RecordedTransport) throws -> Secret {
        switch state.action(now: clock.now()) {
        case .use(let token): return token
        case .refresh:
            try refresh(reason: state.accessToken == nil ? "missing" : "expiring", transport: transport)
            guard let token = state.accessToken else { throw notConnected() }
            return token
        case .reconnect: throw notConnected()
        }
    }

    /// After a 401: drop the cached token so the next call refreshes.
    func invalidateAccess() throws {
        state.invalidateAccess()
        try vault.save(state)
    }

    private func notConnected() -> QBOError {
        QBOError(
            kind: state.refreshToken == nil ? .notConnected : .connectionLost, operation: "token",
            message: state.refreshToken == nil ? "no QBO refresh token is stored" : "the QBO refresh token has expired",
            hint: QBOError.reconnectHint)
    }

    /// Refreshes under the cross-process lock.
    func refresh(reason: String, transport: RecordedTransport) throws {
        let lock = try FileLock(path: vault.secrets.path + ".lock")
        defer { lock.unlock() }
        // Another process may have refreshed while we waited: adopt its tokens instead of spending ours.
        let stored = try vault.load()
        if stored.refreshToken != state.refreshToken || stored.accessExpiresAt > state.accessExpiresAt {
            state = stored
            if case .use = state.action(now: clock.now()), reason != "unauthorized" { return }
        }
        guard let refreshToken = state.refreshToken else { throw notConnected() }
        guard let clientSecret = try vault.secrets.get(.qboClientSecret) else {
            throw QBOError(
                kind: .notConnected, operation: "token", message: "no QBO client secret is stored",
                hint: "store it with `ml-connector qbo connect`")
        }
        let form = "grant_type=refresh_token&refresh_token=" + FormEncoding.encode(refreshToken.revealed)
        let response = try Self.postTokenForm(
            form, settings: settings, clientSecret: clientSecret, transport: transport, subject: subject)
        let now = clock.now()
        guard response.status == 200 else {
            let json = try? JSONParser.parse(response.body)
            let error = json?["error"]?.stringValue
            let detail = json?["error_description"]?.stringValue
            let disposition = FaultClassification.tokenEndpointDisposition(
                status: response.status, error: error, retryAfter: response.header("retry-after"))
            if disposition == .fatal {
                let text = [error ?? "HTTP \(response.status)", detail].compactMap { $0 }.joined(separator: ": ")
                try transport.record([
                    try NewEvent(
                        ConnectionLost(
                            reason: text, refreshFingerprint: TokenVault.fingerprint(refreshToken),
                            hint: QBOError.reconnectHint), subject: subject)
                ])
                throw QBOError(
                    kind: .connectionLost, operation: "token refresh", httpStatus: response.status, code: error,
                    message: "QBO refused the refresh token (\(text))", intuitTid: response.intuitTid,
                    hint: QBOError.reconnectHint)
            }
            throw QBOError(
                kind: .fault, operation: "token refresh", httpStatus: response.status, code: error,
                message: detail ?? "token endpoint answered \(response.status)", intuitTid: response.intuitTid,
                disposition: disposition)
        }
        let tokens = try TokenResponse.decode(response.body)
        let rotated = tokens.refreshToken != nil && tokens.refreshToken != refreshToken
        var next = state
        next.apply(tokens, now: now)
        try vault.save(next)  // persisted (rotated refresh token first) before anything uses the new token
        if settings.killAfterRefreshForTesting { raise(SIGKILL) }
        state = next
        try transport.record([
            try NewEvent(
                TokenRefreshed(
                    reason: reason, accessFingerprint: TokenVault.fingerprint(next.accessToken),
                    refreshFingerprint: TokenVault.fingerprint(next.refreshToken), rotated: rotated,
                    accessExpiresAt: ISOTime.format(next.accessExpiresAt),
                    refreshExpiresAt: next.refreshExpiresAt.map(ISOTime.format),
                    refreshHardExpiresAt: next.refreshHardExpiresAt.map(ISOTime.format)), subject: subject)
        ])
    }

    /// POSTs a form to the token endpoint with HTTP Basic client credentials (qbo-api.md §12), recording
    /// the exchange with the form and the token response redacted.
    static func postTokenForm(
        _ form: String, settings: PublishSettings, clientSecret: Secret, transport: RecordedTransport,
        subject: String
    ) throws -> HTTPResponse {
        let basic = Data("\(settings.clientId):\(clientSecret.revealed)".utf8).base64EncodedString()
        let request = HTTPRequest(
            method: "POST", url: settings.tokenURL,
            headers: [
                ("Accept", "application/json"), ("Content-Type", "application/x-www-form-urlencoded"),
                ("Authorization", "Basic \(basic)"), ("x-include-refresh-token-hard-expires-in", "true"),
            ], body: Array(form.utf8))
        return try transport.exchange(
            request, subject: subject, requestId: nil, attempt: 1, requestBody: .secret, responseBody: .secret)
    }
}

@available(*, unavailable) extension TokenSource: Sendable {}

/// `application/x-www-form-urlencoded` and query-string encoding.
enum FormEncoding {
    static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// Decodes `a=1&b=x%20y` (plus as space).
    static func decode(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name =
                String(parts[0]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[0])
            let value =
                parts.count > 1
                ? (String(parts[1]).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(parts[1]))
                : ""
            result[name] = value
        }
        return result
    }
}

/// UTC ISO-8601 text for epoch seconds.
enum ISOTime {
    static func format(_ seconds: Double) -> String {
        SystemEventClock.format(Date(timeIntervalSince1970: seconds))
    }
}

/// An exclusive advisory lock (`flock`) on a file, held until ``unlock()``.
final class FileLock {
    private let descriptor: Int32

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_CREAT, 0o600)
        guard descriptor >= 0 else {
            throw QBOError(kind: .notConnected, operation: "lock", message: "cannot open lock file \(path)")
        }
        flock(descriptor, LOCK_EX)
    }

    func unlock() {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
