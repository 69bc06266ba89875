import Foundation

/// The parts of an API call the executor needs, independent of Hummingbird.
public struct APIRequest: Sendable {
    public var method: String
    /// Path segments after `/v3/company/{realm}/`.
    public var segments: [String]
    public var parameters: [String: String]
    public var body: [UInt8]
    public var contentType: String
    public var host: String

    public var isWrite: Bool { method == "POST" && segments.first != "query" }
    public var isBatch: Bool { segments.first == "batch" }

    /// Decodes `a=b&c=d` (percent escapes, `+` as space).
    public static func parseQuery(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            guard let key = parts.first else { continue }
            result[key] = parts.count > 1 ? parts[1] : ""
        }
        return result
    }

    var includes: Set<String> {
        Set((parameters["include"] ?? "").lowercased().split(separator: ",").map { String($0) })
    }
}
