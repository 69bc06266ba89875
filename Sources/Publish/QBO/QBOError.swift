/// A QBO API or OAuth failure that stops an operation (data refusals become `WriteRejected` events instead).
package struct QBOError: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// QBO answered with a Fault or an error status.
        case fault
        /// A success status with a body we cannot read.
        case unexpectedResponse
        /// The refresh token was refused (`invalid_grant`): the user must reconnect.
        case connectionLost
        /// No tokens are stored, or settings are missing.
        case notConnected
        /// The OAuth connect flow failed (state mismatch, denied, bad callback).
        case authorization
        /// The rate limiter's budget was exhausted for this run.
        case throttled
    }

    package var kind: Kind
    package var operation: String
    package var httpStatus: Int?
    package var code: String?
    package var message: String
    package var url: String?
    package var intuitTid: String?
    package var hint: String?
    package var disposition: Disposition

    package init(
        kind: Kind, operation: String, httpStatus: Int? = nil, code: String? = nil, message: String,
        url: String? = nil, intuitTid: String? = nil, hint: String? = nil, disposition: Disposition = .fatal
    ) {
        self.kind = kind
        self.operation = operation
        self.httpStatus = httpStatus
        self.code = code
        self.message = message
        self.url = url.map { String($0.prefix { $0 != "?" }) }
        self.intuitTid = intuitTid
        self.hint = hint
        self.disposition = disposition
    }

    package var description: String {
        var text = "qbo \(operation) failed: \(message)"
        if let code { text += " (code \(code))" }
        if let httpStatus { text += " [HTTP \(httpStatus)]" }
        if let url { text += " [\(url)]" }
        if let intuitTid { text += " [intuit_tid \(intuitTid)]" }
        return text
    }

    /// The hint shown when the refresh token is gone.
    package static let reconnectHint = "reconnect with `ml-connector qbo connect`"
}
