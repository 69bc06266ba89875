/// A request that got no HTTP response (connection refused, timeout, dropped connection). `ambiguous`
/// is true when QBO may have processed it, which Publish then settles. Subject: as the request's.
package struct RequestFailed: EventPayload, Equatable {
    package static let type = "publish.request.failed"
    package static let version = 1

    package var callId: String
    package var curlCode: Int
    package var message: String
    package var ambiguous: Bool
    package var durationMs: Int

    package init(callId: String, curlCode: Int, message: String, ambiguous: Bool, durationMs: Int) {
        self.callId = callId
        self.curlCode = curlCode
        self.message = message
        self.ambiguous = ambiguous
        self.durationMs = durationMs
    }
}
