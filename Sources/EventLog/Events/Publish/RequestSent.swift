/// One HTTP request Publish sent to QBO (or to the OAuth token endpoint), secrets redacted: the
/// Authorization header is replaced by `<redacted>` and token-endpoint bodies are never recorded.
/// Subject: the plan's subject, or `qbo:<realmId>` for reference reads. Stable fields: all.
package struct RequestSent: EventPayload, Equatable {
    package static let type = "publish.request.sent"
    package static let version = 1

    /// Correlates this request with its ``ResponseReceived`` or ``RequestFailed``.
    package var callId: String
    package var method: String
    package var url: String
    /// Header lines, Authorization redacted.
    package var headers: [String]
    /// The body as text (JSON or the upload's metadata part), cut at a limit; nil for GET.
    package var body: String?
    package var bodyBytes: Int
    package var requestId: String?
    /// 1 for the first send, then 2, 3... for retries of the same request.
    package var attempt: Int

    package init(
        callId: String, method: String, url: String, headers: [String], body: String?, bodyBytes: Int,
        requestId: String?, attempt: Int
    ) {
        self.callId = callId
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.bodyBytes = bodyBytes
        self.requestId = requestId
        self.attempt = attempt
    }
}
