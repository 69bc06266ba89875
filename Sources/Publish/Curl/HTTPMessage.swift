package import Foundation

/// One HTTP request as Publish sends it.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: String
    /// Header lines in order; names are case-insensitive.
    package var headers: [(String, String)]
    package var body: [UInt8]?

    package init(method: String, url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// One HTTP response: status, headers (names lower-cased) and body.
package struct HTTPResponse: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]
    /// Wall time spent in the transfer.
    package var duration: TimeInterval

    package init(status: Int, headers: [String: String], body: [UInt8], duration: TimeInterval) {
        self.status = status
        self.headers = headers
        self.body = body
        self.duration = duration
    }

    /// A header value by case-insensitive name.
    package func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// QBO's transaction id, which Intuit support asks for (qbo-api.md §1).
    package var intuitTid: String? { header("intuit_tid") }
}

/// Transport limits, each a named value with its unit.
package struct HTTPLimits: Sendable, Equatable {
    /// Seconds allowed to establish the TCP/TLS connection.
    package var connectTimeout: TimeInterval
    /// Seconds allowed for the whole transfer. QBO itself gives up after 120 s (qbo-api.md §1).
    package var totalTimeout: TimeInterval
    /// Largest response body accepted, in bytes; a bigger one aborts the transfer.
    package var maximumResponseBytes: Int
    /// An explicit CA bundle (PEM path) for TLS verification; nil uses the system store. Verification is never off.
    package var caFile: String?

    /// Defaults: 10 s connect, 130 s total (QBO's 120 s server timeout plus margin), 32 MiB responses
    /// (a 1000-row query page is a few MB).
    package init(
        connectTimeout: TimeInterval = 10, totalTimeout: TimeInterval = 130,
        maximumResponseBytes: Int = 32 * 1024 * 1024, caFile: String? = nil
    ) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.maximumResponseBytes = maximumResponseBytes
        self.caFile = caFile
    }
}
