import Foundation

/// Operator endpoints under `/admin` (no auth; the server only listens on 127.0.0.1).
struct AdminEndpoints {
    let sandbox: Sandbox

    func handle(method: String, segments: [String], parameters: [String: String], body: [UInt8]) -> APIResponse {
        let now = Date()
        switch (method, segments.first ?? "") {
        case ("GET", "state"):
            return .json(sandbox.withState { StateFile.encode($0) })
        case ("GET", "requests"):
            return .json(.object(["requests": .array(sandbox.withState { $0.log.entries })]))
        case ("GET", "counters"):
            return .json(sandbox.withState { $0.counters.json })
        case ("POST", "reset"):
            sandbox.withState { state in
                state.companies = state.seedCompanies
                state.limits = LimitState()
                state.counters = Counters()
                state.log = RequestLog()
                state.isDirty = true
            }
            return .json(.object(["reset": .bool(true)]))
        case ("POST", "expire-tokens"):
            sandbox.withState { $0.oauth.expireAll(now: now) }
            return .json(.object(["expired": .bool(true)]))
        case ("GET", "faults"):
            return .json(sandbox.withState { Self.encode($0.faults) })
        case ("POST", "faults"):
            // Keys left out fall back to the defaults (no faults), so `{}` switches everything off.
            guard let json = try? JSONParser.parse(body), let settings = FaultSettings(json: json) else {
                return .json(.object(["error": .string("invalid fault settings")]), status: 400)
            }
            sandbox.withState { $0.faults = settings }
            return .json(Self.encode(settings))
        case ("POST", "tokens"):
            guard let pair = sandbox.issueTokens(realmId: parameters["realmId"]) else {
                return .json(.object(["error": .string("unknown realm")]), status: 404)
            }
            var json = pair.body(includeHardExpiry: true)
            json["realmId"] = .string(pair.realmId)
            return .json(json)
        case ("GET", "attachments") where segments.count >= 3:
            let bytes = sandbox.withState { $0.companies[segments[1]]?.attachmentBytes[segments[2]] }
            guard let bytes else { return .json(.object(["error": .string("not found")]), status: 404) }
            return APIResponse(status: 200, contentType: "application/octet-stream", body: bytes)
        case ("GET", "view"):
            return APIResponse(status: 200, contentType: "text/html; charset=utf-8",
                body: Array(AdminView.html(sandbox.withState { $0.companies }).utf8))
        default:
            return .json(.object(["error": .string("unknown admin endpoint")]), status: 404)
        }
    }

    static func encode(_ settings: FaultSettings) -> JSONValue {
        let data = (try? JSONEncoder().encode(settings)) ?? Data("{}".utf8)
        return (try? JSONParser.parse(data)) ?? .object([])
    }
}
