import EventLog
import Foundation

/// Calls the QBO API for one realm: every call goes through the rate limiter, carries a valid Bearer
/// token, `Accept: application/json` and `minorversion`, writes carry `requestid`; 429s are waited out,
/// 5xx and transport failures retried with backoff and the same `requestid`, a 401 refreshes the token
/// once. Every request and response is recorded by ``RecordedTransport``.
final class QBOClient {
    /// The answer to a call, once retries are done.
    enum Outcome {
        case success(JSONValue, HTTPResponse)
        /// A Fault that retrying here cannot fix; `disposition` says what the caller should do.
        case fault(QBOFault, status: Int, disposition: Disposition, tid: String?)
        /// No response even after retries; QBO may or may not have processed the write.
        case ambiguous(CurlError)
    }

    /// Consecutive 429s on one call before the run gives up (the queue keeps the work).
    static let maximumThrottleWaits = 30

    let settings: PublishSettings
    let clock: any PublishClock
    let transport: RecordedTransport
    let tokens: TokenSource
    var limiter: RateLimiter
    private(set) var throttledCount = 0
    private(set) var retriesScheduled = 0
    private var random = SystemRandomNumberGenerator()

    init(settings: PublishSettings, secrets: SecretStore, clock: any PublishClock, store: any EventStore) throws {
        self.settings = settings
        self.clock = clock
        self.transport = RecordedTransport(easy: try CurlEasy(limits: settings.http), store: store)
        self.tokens = try TokenSource(settings: settings, secrets: secrets, clock: clock)
        self.limiter = RateLimiter(limits: settings.limits)
    }

    var requestsSent: Int { transport.requestsSent }

    /// Makes one logical call.
    /// - Parameters:
    ///   - method: `GET` or `POST`.
    ///   - path: after the company URL, e.g. `/bill`, `/query`.
    ///   - query: extra query parameters (minorversion and requestid are added).
    ///   - body: the request body; `contentType` its media type.
    ///   - requestId: QBO `requestid` for writes.
    ///   - subject: the event subject for the recorded request/response.
    ///   - isBatch: counts against the batch limit too.
    /// - Throws: ``QBOError`` (`.connectionLost`, `.throttled`, `.fault` when a 401 persists), ``CurlError``
    ///   (`.setup`, `.responseTooLarge`), ``EventLog/EventLogError``.
    func call(
        method: String, path: String, query: [(String, String)] = [], body: [UInt8]? = nil,
        contentType: String = "application/json", requestId: String? = nil, subject: String, isBatch: Bool = false,
        bodyRecording: RecordedTransport.BodyRecording = .full
    ) throws -> Outcome {
        var items = query + [("minorversion", String(settings.minorVersion))]
        if let requestId { items.append(("requestid", requestId)) }
        let url =
            settings.companyURL + path + "?" + items.map { "\($0)=\(FormEncoding.encode($1))" }.joined(separator: "&")
        var backoff = settings.backoff
        var refreshed = false
        var throttleWaits = 0
        var attempt = 0
        while true {
            attempt += 1
            waitForPermission(isBatch: isBatch)
            let token: Secret
            do {
                token = try tokens.accessToken(transport: transport)
            } catch {
                limiter.release()
                throw error
            }
            var headers = [("Authorization", "Bearer \(token.revealed)"), ("Accept", "application/json")]
            if body != nil { headers.append(("Content-Type", contentType)) }
            let request = HTTPRequest(method: method, url: url, headers: headers, body: body)
            let response: HTTPResponse
            do {
                response = try transport.exchange(
                    request, subject: subject, requestId: requestId, attempt: attempt, requestBody: bodyRecording)
                limiter.release()
            } catch let error as CurlError {
                limiter.release()
                guard error.kind == .notSent || error.kind == .ambiguous else { throw error }
                // Resending with the same requestid is the first settling step (qbo-api.md §8).
                if let delay = backoff.nextDelay(random: Double.random(in: 0..<1, using: &random)) {
                    try scheduleRetry(subject: subject, reason: "transport", wait: delay, attempt: attempt)
                    continue
                }
                if error.kind == .notSent { throw error }
                return .ambiguous(error)
            }
            if (200..<300).contains(response.status) {
                guard let json = try? JSONParser.parse(response.body) else {
                    throw QBOError(
                        kind: .unexpectedResponse, operation: "\(method) \(path)", httpStatus: response.status,
                        message: "the response body is not JSON", url: url, intuitTid: response.intuitTid)
                }
                return .success(json, response)
            }
            let fault =
                QBOFault.parse(status: response.status, body: response.body)
                ?? QBOFault(type: nil, errors: [], envelope: .text)
            let disposition = FaultClassification.disposition(
                status: response.status, fault: fault, retryAfter: response.header("retry-after"),
                throttleWaitSeconds: settings.limits.throttleWaitSeconds)
            switch disposition {
            case .waitThenRetry(let seconds):
                throttledCount += 1
                throttleWaits += 1
                guard throttleWaits <= Self.maximumThrottleWaits else {
                    throw QBOError(
                        kind: .throttled, operation: "\(method) \(path)", httpStatus: response.status, code: fault.code,
                        message: "QBO kept throttling after \(Self.maximumThrottleWaits) waits", url: url,
                        intuitTid: response.intuitTid, hint: "run again later; nothing was lost", disposition: .retry)
                }
                limiter.throttled(now: clock.now(), seconds: seconds)
                try scheduleRetry(subject: subject, reason: "throttled", wait: seconds, attempt: attempt)
            case .refreshTokenThenRetry where !refreshed:
                refreshed = true
                try tokens.invalidateAccess()
                try tokens.refresh(reason: "unauthorized", transport: transport)
                try scheduleRetry(subject: subject, reason: "token-refresh", wait: 0, attempt: attempt)
            case .retry:
                guard let delay = backoff.nextDelay(random: Double.random(in: 0..<1, using: &random)) else {
                    return .fault(fault, status: response.status, disposition: disposition, tid: response.intuitTid)
                }
                try scheduleRetry(subject: subject, reason: "server-error", wait: delay, attempt: attempt)
            case .refreshTokenThenRetry:
                throw QBOError(
                    kind: .fault, operation: "\(method) \(path)", httpStatus: response.status, code: fault.code,
                    message: "QBO refused a freshly refreshed token: \(fault.summary)", url: url,
                    intuitTid: response.intuitTid, hint: QBOError.reconnectHint)
            default:
                return .fault(fault, status: response.status, disposition: disposition, tid: response.intuitTid)
            }
        }
    }

    private func waitForPermission(isBatch: Bool) {
        while case .wait(let seconds) = limiter.acquire(now: clock.now(), isBatch: isBatch) {
            clock.sleep(max(seconds, 0.001))
        }
    }

    private func scheduleRetry(subject: String, reason: String, wait: Double, attempt: Int) throws {
        retriesScheduled += 1
        try transport.record([
            try NewEvent(
                RetryScheduled(callId: transport.lastCallId, reason: reason, waitSeconds: wait, attempt: attempt),
                subject: subject)
        ])
        if reason != "throttled" { clock.sleep(wait) }  // a throttle pause is enforced by the limiter
    }

    /// Runs a query statement (GET, URL-encoded) and returns the `QueryResponse` object.
    /// - Throws: as ``call(method:path:query:body:contentType:requestId:subject:isBatch:bodyRecording:)``, and
    ///   ``QBOError`` `.fault` when the query is refused.
    func query(_ statement: String, subject: String) throws -> JSONValue {
        switch try call(method: "GET", path: "/query", query: [("query", statement)], subject: subject) {
        case .success(let json, _): return json["QueryResponse"] ?? .object([])
        case .fault(let fault, let status, let disposition, let tid):
            throw QBOError(
                kind: .fault, operation: "query", httpStatus: status, code: fault.code, message: fault.summary,
                intuitTid: tid, disposition: disposition)
        case .ambiguous(let error): throw error
        }
    }
}

@available(*, unavailable) extension QBOClient: Sendable {}
