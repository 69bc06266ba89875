import EventLog
import Foundation

/// Sends HTTP requests with one ``CurlEasy`` and records each request and its response (or transport
/// failure) as events, redacting secrets: the Authorization header never appears, and bodies marked
/// secret (token endpoint) are replaced by a placeholder.
final class RecordedTransport {
    /// Body characters kept in a request or response event; the SHA-256 covers the whole body.
    static let maximumRecordedBodyBytes = 64 * 1024

    enum BodyRecording {
        case full
        /// Record this text instead of the body (multipart uploads: the metadata part).
        case summary(String)
        /// Never record the body (it holds secrets).
        case secret
    }

    let easy: CurlEasy
    /// Where exchanges are recorded; nil only for the connect flow run before any log exists.
    let store: (any EventStore)?
    private(set) var requestsSent = 0
    /// The call id of the latest exchange (for `RetryScheduled`).
    private(set) var lastCallId = ""

    init(easy: CurlEasy, store: (any EventStore)?) {
        self.easy = easy
        self.store = store
    }

    /// Sends `request`, appending `RequestSent` then `ResponseReceived` or `RequestFailed` under `subject`.
    /// - Throws: ``CurlError`` (after recording it), ``EventLog/EventLogError``.
    func exchange(
        _ request: HTTPRequest, subject: String, requestId: String?, attempt: Int,
        requestBody: BodyRecording = .full, responseBody: BodyRecording = .full
    ) throws -> HTTPResponse {
        let callId = UUID().uuidString.lowercased()
        lastCallId = callId
        let headers = request.headers.map { name, value in
            ["authorization", "cookie"].contains(name.lowercased()) ? "\(name): <redacted>" : "\(name): \(value)"
        }
        let bodyText: String?
        switch requestBody {
        case .full: bodyText = request.body.map { Self.clip($0) }
        case .summary(let text): bodyText = text
        case .secret: bodyText = request.body == nil ? nil : "<redacted>"
        }
        try record([
            try NewEvent(
                RequestSent(
                    callId: callId, method: request.method, url: request.url, headers: headers, body: bodyText,
                    bodyBytes: request.body?.count ?? 0, requestId: requestId, attempt: attempt), subject: subject)
        ])
        requestsSent += 1
        let started = Date()
        let response: HTTPResponse
        do {
            response = try easy.perform(request)
        } catch let error as CurlError {
            try record([
                try NewEvent(
                    RequestFailed(
                        callId: callId, curlCode: error.code, message: error.message,
                        ambiguous: error.kind == .ambiguous,
                        durationMs: Int(Date().timeIntervalSince(started) * 1000)), subject: subject)
            ])
            throw error
        }
        let recorded: String
        switch responseBody {
        case .full: recorded = Self.clip(response.body)
        case .summary(let text): recorded = text
        case .secret: recorded = (200..<300).contains(response.status) ? "<redacted>" : Self.clip(response.body)
        }
        let fault =
            (200..<300).contains(response.status) ? nil : QBOFault.parse(status: response.status, body: response.body)
        try record([
            try NewEvent(
                ResponseReceived(
                    callId: callId, status: response.status, intuitTid: response.intuitTid,
                    durationMs: Int(response.duration * 1000), body: recorded, bodyBytes: response.body.count,
                    bodySha256: SHA256Digest.hex(of: response.body),
                    truncated: response.body.count > Self.maximumRecordedBodyBytes, faultCode: fault?.code),
                subject: subject)
        ])
        return response
    }

    /// Appends events to the log (when there is one).
    func record(_ events: [NewEvent]) throws {
        guard let store, !events.isEmpty else { return }
        try store.append(events)
    }

    private static func clip(_ bytes: [UInt8]) -> String {
        String(decoding: bytes.prefix(maximumRecordedBodyBytes), as: UTF8.self)
    }
}

@available(*, unavailable) extension RecordedTransport: Sendable {}
