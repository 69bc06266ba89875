/// A libcurl transport failure: the request may or may not have reached QBO.
package struct CurlError: Error, Sendable, CustomStringConvertible {
    package enum Kind: String, Sendable {
        /// libcurl could not be set up (init, setopt).
        case setup
        /// Nothing was sent: connection refused, DNS failure, connect timeout.
        case notSent
        /// The request may have been processed: timeout or connection dropped after sending.
        case ambiguous
        /// The response was larger than ``HTTPLimits/maximumResponseBytes``.
        case responseTooLarge
    }

    package var kind: Kind
    package var operation: String
    /// The `CURLcode`.
    package var code: Int
    /// `CURLOPT_ERRORBUFFER` text, or `curl_easy_strerror` when the buffer is empty.
    package var message: String
    /// The URL without its query (which can hold a query statement, never a secret).
    package var url: String?
    package var hint: String?

    package init(kind: Kind, operation: String, code: Int, message: String, url: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.message = message
        self.url = url.map { String($0.prefix { $0 != "?" }) }
        self.hint = hint
    }

    package var description: String {
        "curl \(operation) failed: \(message) (code \(code))" + (url.map { " [\($0)]" } ?? "")
    }

    /// What the caller should do: a transport failure never quarantines data.
    package var disposition: Disposition {
        switch kind {
        case .notSent, .ambiguous: return .retry
        case .setup, .responseTooLarge: return .fatal
        }
    }
}
