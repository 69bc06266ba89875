import Foundation

/// What `/admin/counters` reports.
public struct Counters: Sendable {
    public var requests = 0
    public var throttled = 0
    public var unauthorized = 0
    public var replays = 0
    public var faultsInjected: [String: Int] = [:]
    public var entitiesCreated: [String: Int] = [:]

    var json: JSONValue {
        func map(_ values: [String: Int]) -> JSONValue {
            .object(values.sorted { $0.key < $1.key }.map { JSONMember($0.key, .number(String($0.value))) })
        }
        return .object([
            "requests": .number(String(requests)), "throttled429": .number(String(throttled)),
            "unauthorized401": .number(String(unauthorized)), "requestIdReplays": .number(String(replays)),
            "faultsInjected": map(faultsInjected), "entitiesCreated": map(entitiesCreated),
        ])
    }
}

/// The last requests served, with secrets removed.
public struct RequestLog: Sendable {
    public static let capacity = 2000
    var entries: [JSONValue] = []

    mutating func append(_ entry: JSONValue) {
        entries.append(entry)
        if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
    }

    /// Query parameters whose values are never logged.
    static let secretParameters: Set<String> = ["code", "refresh_token", "token", "client_secret", "access_token"]

    static func redacted(query: String) -> String {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, secretParameters.contains(String(parts[0]).lowercased()) else { return String(pair) }
            return "\(parts[0])=[redacted]"
        }.joined(separator: "&")
    }
}
