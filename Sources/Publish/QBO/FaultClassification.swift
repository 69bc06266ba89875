/// The one table from QBO's HTTP status and Fault code to what Publish does (style.md §3.3,
/// qbo-api.md §5.2–5.3). Every other file asks this one; nothing else interprets Fault codes.
package enum FaultClassification {
    /// Seconds QBO asks a throttled client to wait when it gives no `Retry-After` (qbo-api.md §6).
    package static let throttleWaitSeconds: Double = 60

    /// Codes that mean "the request was throttled" whatever the HTTP status (403 in older responses).
    static let throttleCodes: Set<String> = ["3001"]
    /// Codes for a refused or expired access token: refresh once and retry once.
    static let refreshCodes: Set<String> = ["3200", "100"]
    /// Codes after which publishing must stop until the operator acts: wrong host (130), authorization
    /// (3100, 120: the connecting user lost access), company closed (6190), and our own malformed
    /// queries (4000, 4001), which no retry fixes.
    static let fatalCodes: Set<String> = ["130", "3100", "120", "6190", "4000", "4001"]
    /// Stale SyncToken: re-read and retry once.
    static let staleCodes: Set<String> = ["5010"]
    /// A duplicate DocNumber may be our own earlier create whose response was lost: settle by lookup.
    static let settleCodes: Set<String> = ["6140"]
    /// Server-side failures worth retrying with the same `requestid`.
    static let transientCodes: Set<String> = ["10000"]

    /// What to do with an HTTP response that is not a success, or a success carrying a Fault (batch item,
    /// upload part: pass `status` 200).
    /// - Parameters:
    ///   - status: the HTTP status.
    ///   - fault: the parsed Fault, if any.
    ///   - retryAfter: the `Retry-After` header, if any (seconds).
    ///   - throttleWaitSeconds: the wait after a 429 without `Retry-After` (60 s unless time-compressed).
    package static func disposition(
        status: Int, fault: QBOFault?, retryAfter: String? = nil, throttleWaitSeconds: Double = throttleWaitSeconds
    ) -> Disposition {
        let code = fault?.code
        let waitSeconds =
            retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            .map { max($0, 0) } ?? throttleWaitSeconds
        if status == 429 || code.map(throttleCodes.contains) == true { return .waitThenRetry(seconds: waitSeconds) }
        if let code, fatalCodes.contains(code) { return .fatal }
        if status == 401 || code.map(refreshCodes.contains) == true { return .refreshTokenThenRetry }
        if status == 403 { return .fatal }
        if let code, staleCodes.contains(code) { return .rereadSyncTokenThenRetry }
        if let code, settleCodes.contains(code) { return .settleByQuery }
        if let code, transientCodes.contains(code) { return .retry }
        if status >= 500 { return .retry }
        if status == 408 { return .retry }
        let reason = fault?.summary ?? "HTTP \(status)"
        return .quarantine(reason: reason.isEmpty ? "HTTP \(status)" : reason)
    }

    /// What to do with a transport failure.
    package static func disposition(transport error: CurlError) -> Disposition {
        switch error.kind {
        case .notSent: return .retry
        case .ambiguous: return .settleByQuery
        case .setup, .responseTooLarge: return .fatal
        }
    }

    /// What to do with an OAuth token endpoint answer that is not a success (qbo-api.md §12):
    /// `invalid_grant` and `invalid_client` end the connection (reconnect needed, never loop); throttling
    /// and server errors are retried.
    package static func tokenEndpointDisposition(status: Int, error: String?, retryAfter: String? = nil) -> Disposition
    {
        if status == 429 {
            return .waitThenRetry(seconds: retryAfter.flatMap { Double($0) } ?? throttleWaitSeconds)
        }
        if status >= 500 { return .retry }
        return .fatal
    }
}
