package import EventLog
import Foundation

/// The OAuth 2.0 Authorization Code flow behind `ml-connector qbo connect` (qbo-api.md §12): build the
/// authorize URL with a random `state`, receive the redirect on 127.0.0.1 (or from a pasted URL with
/// `--no-browser`), check `state`, exchange the code once with HTTP Basic client credentials, and store
/// the tokens encrypted. The client secret must already be stored as `qbo-client-secret`.
package struct OAuthConnect {
    /// The scope for the accounting API.
    package static let accountingScope = "com.intuit.quickbooks.accounting"
    /// Seconds to wait for the browser's redirect.
    package static let callbackTimeout: Double = 300

    /// What a successful connect produced: the CLI writes `realmId` into the configuration.
    package struct Result: Sendable, Equatable {
        package var realmId: String
        package var status: TokenStatus
    }

    package var settings: PublishSettings
    package let secrets: SecretStore
    package var scope: String

    /// - Parameters:
    ///   - settings: uses `authorizeURL`, `tokenURL`, `clientId`, `http` (the realm id comes from the callback).
    ///   - secrets: holds `qbo-client-secret`; receives the tokens.
    package init(settings: PublishSettings, secrets: SecretStore, scope: String = OAuthConnect.accountingScope) {
        self.settings = settings
        self.secrets = secrets
        self.scope = scope
    }

    /// A random `state` value (128 bits, hex) for CSRF protection.
    package static func randomState() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }

    /// The URL to open in a browser.
    package func authorizeURL(redirectURI: String, state: String) -> String {
        let items = [
            ("client_id", settings.clientId), ("response_type", "code"), ("scope", scope),
            ("redirect_uri", redirectURI), ("state", state),
        ]
        return settings.authorizeURL + "?" + items.map { "\($0)=\(FormEncoding.encode($1))" }.joined(separator: "&")
    }

    /// Runs the flow with a loopback listener: `present` is given the authorize URL (open a browser or
    /// print it), then the redirect to `http://127.0.0.1:<port>/callback` is awaited.
    /// - Parameters:
    ///   - port: the registered redirect port (0 picks one, for tests).
    ///   - present: shows the URL to the user.
    /// - Throws: ``QBOError`` (`.authorization`, `.fault`), ``CurlError``, ``EventLog/SecretStoreError``.
    package func connect(
        port: UInt16, store: (any EventStore)? = nil, clock: any PublishClock = SystemPublishClock(),
        present: (String) -> Void
    ) throws -> Result {
        let listener = try LoopbackListener(port: port)
        let redirectURI = "http://127.0.0.1:\(listener.port)/callback"
        let state = Self.randomState()
        present(authorizeURL(redirectURI: redirectURI, state: state))
        let target = try listener.acceptOne(timeout: Self.callbackTimeout)
        let callback = try Self.parseRedirect(target, expectedState: state)
        return try exchange(
            code: callback.code, realmId: callback.realmId, redirectURI: redirectURI, store: store, clock: clock)
    }

    /// Reads `code` and `realmId` from a redirect URL (full or just its path and query), checking `state`.
    /// - Throws: ``QBOError`` `.authorization` on a refusal (`error=access_denied`), a state mismatch or a
    ///   missing code.
    package static func parseRedirect(_ redirect: String, expectedState: String) throws -> (
        code: String, realmId: String
    ) {
        let query = redirect.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        let fields = FormEncoding.decode(query)
        if let error = fields["error"] {
            throw QBOError(
                kind: .authorization, operation: "oauth callback", code: error,
                message: "QuickBooks refused the connection: \(error)", hint: "run `ml-connector qbo connect` again")
        }
        guard fields["state"] == expectedState else {
            throw QBOError(
                kind: .authorization, operation: "oauth callback", message: "the state parameter does not match",
                hint: "the redirect did not come from this connect attempt; run `ml-connector qbo connect` again")
        }
        guard let code = fields["code"], !code.isEmpty, let realm = fields["realmId"], !realm.isEmpty else {
            throw QBOError(
                kind: .authorization, operation: "oauth callback", message: "the redirect has no code or realmId")
        }
        return (code, realm)
    }

    /// Exchanges the authorization code (once: a code is single-use) and stores the tokens.
    /// - Throws: ``QBOError`` `.authorization` when the token endpoint refuses, ``CurlError``,
    ///   ``EventLog/SecretStoreError``.
    package func exchange(
        code: String, realmId: String, redirectURI: String, store: (any EventStore)? = nil,
        clock: any PublishClock = SystemPublishClock()
    ) throws -> Result {
        guard let clientSecret = try secrets.get(.qboClientSecret) else {
            throw QBOError(
                kind: .notConnected, operation: "oauth exchange", message: "no QBO client secret is stored",
                hint: "store the app's client secret first")
        }
        var realmSettings = settings
        realmSettings.realmId = realmId
        let transport = RecordedTransport(easy: try CurlEasy(limits: settings.http), store: store)
        let form =
            "grant_type=authorization_code&code=\(FormEncoding.encode(code))&redirect_uri=\(FormEncoding.encode(redirectURI))"
        let response = try TokenSource.postTokenForm(
            form, settings: realmSettings, clientSecret: clientSecret, transport: transport, subject: "qbo:\(realmId)")
        guard response.status == 200 else {
            let json = try? JSONParser.parse(response.body)
            throw QBOError(
                kind: .authorization, operation: "oauth exchange", httpStatus: response.status,
                code: json?["error"]?.stringValue,
                message: json?["error_description"]?.stringValue ?? "the token endpoint refused the code",
                intuitTid: response.intuitTid, hint: "run `ml-connector qbo connect` again (codes are single-use)")
        }
        var state = TokenState()
        state.apply(try TokenResponse.decode(response.body), now: clock.now())
        try TokenVault(secrets: secrets).save(state)
        return Result(realmId: realmId, status: TokenStatus.from(state: state, now: clock.now()))
    }
}
