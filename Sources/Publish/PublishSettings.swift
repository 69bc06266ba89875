import Foundation

/// Everything Publish needs to talk to one QBO company. The CLI fills it from `ml-connector.toml`
/// (`[qbo]` section); secrets are not here: they come from the ``EventLog/SecretStore``.
package struct PublishSettings: Sendable {
    /// QBO API host, e.g. `https://quickbooks.api.intuit.com` or `https://sandbox-quickbooks.api.intuit.com`
    /// (the emulator: `http://127.0.0.1:PORT`).
    package var baseURL: String
    /// OAuth token endpoint.
    package var tokenURL: String
    /// OAuth authorize page (for ``OAuthConnect``).
    package var authorizeURL: String
    /// The company (realmId).
    package var realmId: String
    /// The app's OAuth client id (the client secret is the `qbo-client-secret` secret).
    package var clientId: String
    /// `minorversion` sent on every call; 75 is QBO's effective floor (qbo-api.md §1).
    package var minorVersion: Int
    /// Per-realm rate limits (and the window length, compressible for tests).
    package var limits: RateLimits
    /// Connect/total timeouts, response cap, CA file.
    package var http: HTTPLimits
    /// Backoff for 5xx and transport failures.
    package var backoff: Backoff
    /// Use the batch endpoint when the backlog is at least ``RateLimits/batchThreshold`` plans.
    package var useBatch: Bool
    /// Upload the plans' attachments after their Bills.
    package var uploadAttachments: Bool
    /// Plans read from the log per chunk.
    package var chunkSize: Int
    /// Testing only: terminate the process with SIGKILL right after committing a write intent, to prove
    /// a crash between intent and response settles to exactly one record. Never set in production.
    package var killAfterIntentForTesting: Bool
    /// Testing only: terminate the process with SIGKILL right after a refreshed token pair is persisted and
    /// before it is used, to prove a crash there loses nothing under strict rotation. Never set in production.
    package var killAfterRefreshForTesting = false

    /// - Parameters: see the properties; only `realmId` and `clientId` have no default.
    package init(
        baseURL: String = "https://quickbooks.api.intuit.com",
        tokenURL: String = "https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer",
        authorizeURL: String = "https://appcenter.intuit.com/connect/oauth2",
        realmId: String, clientId: String, minorVersion: Int = 75, limits: RateLimits = RateLimits(),
        http: HTTPLimits = HTTPLimits(), backoff: Backoff = Backoff(), useBatch: Bool = true,
        uploadAttachments: Bool = true, chunkSize: Int = 300, killAfterIntentForTesting: Bool = false
    ) {
        self.baseURL = baseURL
        self.tokenURL = tokenURL
        self.authorizeURL = authorizeURL
        self.realmId = realmId
        self.clientId = clientId
        self.minorVersion = minorVersion
        self.limits = limits
        self.http = http
        self.backoff = backoff
        self.useBatch = useBatch
        self.uploadAttachments = uploadAttachments
        self.chunkSize = chunkSize
        self.killAfterIntentForTesting = killAfterIntentForTesting
    }

    /// The base of every entity URL: `<baseURL>/v3/company/<realmId>`.
    var companyURL: String {
        (baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL) + "/v3/company/" + realmId
    }
}
