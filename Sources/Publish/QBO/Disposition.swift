/// What the caller must do with a failure (style.md §3.3), from ``FaultClassification``.
package enum Disposition: Sendable, Equatable {
    /// Transient: retry the same request (same `requestid`) after backing off.
    case retry
    /// Throttled: wait (at least `seconds`, 60 by QBO's rule or `Retry-After`) then retry.
    case waitThenRetry(seconds: Double)
    /// The access token was refused: refresh it once, then retry.
    case refreshTokenThenRetry
    /// The outcome is unknown: settle by re-sending with the same `requestid` and looking the record up.
    case settleByQuery
    /// Stale SyncToken: re-read the record and retry once with its current SyncToken.
    case rereadSyncTokenThenRetry
    /// QBO refused the data; retrying cannot help. Quarantine with QBO's message.
    case quarantine(reason: String)
    /// Publishing cannot continue (authorization, wrong host, company closed): stop and tell the operator.
    case fatal
}
