/// QBO's answer to a ``RequestSent``: status, `intuit_tid`, duration and the body (cut at a limit; its
/// SHA-256 covers the whole body). Subject: as the request's. Stable fields: all.
package struct ResponseReceived: EventPayload, Equatable {
    package static let type = "publish.response.received"
    package static let version = 1

    package var callId: String
    package var status: Int
    package var intuitTid: String?
    package var durationMs: Int
    package var body: String
    package var bodyBytes: Int
    package var bodySha256: String
    package var truncated: Bool
    /// The first Fault code, when the body is a Fault.
    package var faultCode: String?

    package init(
        callId: String, status: Int, intuitTid: String?, durationMs: Int, body: String, bodyBytes: Int,
        bodySha256: String, truncated: Bool, faultCode: String?
    ) {
        self.callId = callId
        self.status = status
        self.intuitTid = intuitTid
        self.durationMs = durationMs
        self.body = body
        self.bodyBytes = bodyBytes
        self.bodySha256 = bodySha256
        self.truncated = truncated
        self.faultCode = faultCode
    }
}
