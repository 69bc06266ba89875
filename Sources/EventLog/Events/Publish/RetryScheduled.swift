/// Publish will resend a request after waiting: throttled (429), a server error (5xx), a refused access
/// token, a stale SyncToken. Subject: as the request's. Stable fields: all.
package struct RetryScheduled: EventPayload, Equatable {
    package static let type = "publish.retry.scheduled"
    package static let version = 1

    package var callId: String
    /// `throttled`, `server-error`, `transport`, `token-refresh`, `stale-synctoken`.
    package var reason: String
    package var waitSeconds: Double
    package var attempt: Int

    package init(callId: String, reason: String, waitSeconds: Double, attempt: Int) {
        self.callId = callId
        self.reason = reason
        self.waitSeconds = waitSeconds
        self.attempt = attempt
    }
}
