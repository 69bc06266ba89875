import Foundation
import Hummingbird
import NIOCore

/// Dispatches every request by path: OAuth, admin, and the `/v3/company/{realm}` API.
struct SandboxRoutes {
    let sandbox: Sandbox
    /// Largest request body read (QBO's upload limit is 100 MB).
    static let maximumBodyBytes = 100 * 1024 * 1024 + 64 * 1024

    func respond(_ request: Request, context: SandboxContext) async throws -> Response {
        let started = Date()
        let path = request.uri.path
        let segments = path.split(separator: "/").map(String.init)
        let rawQuery = request.uri.query ?? ""
        let parameters = APIRequest.parseQuery(rawQuery)
        let method = request.method.rawValue
        let buffer = try await request.body.collect(upTo: Self.maximumBodyBytes)
        let body = Array(buffer.readableBytesView)
        let authorization = request.headers[.authorization]
        let accept = request.headers[.accept]?.lowercased() ?? ""
        let wantsXML = accept.contains("xml") && !accept.contains("json")
        var realm: String?
        var response: APIResponse

        if segments.starts(with: ["connect", "oauth2"]), method == "GET" {
            response = OAuthEndpoints(sandbox: sandbox).authorize(parameters)
        } else if segments == ["oauth2", "v1", "tokens", "bearer"], method == "POST" {
            let hard = request.headers[.init("x-include-refresh-token-hard-expires-in")!]?.lowercased()
            response = OAuthEndpoints(sandbox: sandbox).token(
                form: APIRequest.parseQuery(String(decoding: body, as: UTF8.self)), authorization: authorization,
                wantsHardExpiry: hard == "true")
        } else if segments == ["v2", "oauth2", "tokens", "revoke"], method == "POST" {
            response = OAuthEndpoints(sandbox: sandbox).revoke(body: body, authorization: authorization)
        } else if segments.first == "admin" {
            response = AdminEndpoints(sandbox: sandbox).handle(
                method: method, segments: Array(segments.dropFirst()), parameters: parameters, body: body)
        } else if segments.count >= 4, segments[0] == "v3", segments[1] == "company" {
            realm = segments[2]
            let apiRequest = APIRequest(
                method: method, segments: Array(segments.dropFirst(3)), parameters: parameters, body: body,
                contentType: request.headers[.contentType] ?? "", host: request.head.authority ?? "127.0.0.1")
            switch await APIGate(sandbox: sandbox).handle(
                realmId: segments[2], request: apiRequest, authorization: authorization, wantsXML: wantsXML)
            {
            case .respond(let result):
                response = result
            case .drop(let result, let mode, let seconds):
                log(method, path, rawQuery, status: 0, realm: realm, started: started, note: "commit-then-drop")
                if mode == "withhold" {
                    try? await Task.sleep(for: .seconds(seconds))
                    return result.hummingbirdResponse
                }
                try? await context.channel.close()
                return result.hummingbirdResponse
            }
        } else {
            response = .json(.object(["error": .string("not found: \(path)")]), status: 404)
        }
        log(method, path, rawQuery, status: response.status, realm: realm, started: started, note: nil)
        return response.hummingbirdResponse
    }

    /// Records the call without secrets: no Authorization value, no token/code parameters, no bodies.
    private func log(_ method: String, _ path: String, _ query: String, status: Int, realm: String?, started: Date,
        note: String?)
    {
        var entry: [JSONMember] = [
            JSONMember("time", .string(Timestamp.envelopeTime(started))), JSONMember("method", .string(method)),
            JSONMember("path", .string(path)), JSONMember("query", .string(RequestLog.redacted(query: query))),
            JSONMember("status", .number(String(status))),
            JSONMember("ms", .number(String(Int(Date().timeIntervalSince(started) * 1000)))),
        ]
        if let realm { entry.append(JSONMember("realmId", .string(realm))) }
        if let note { entry.append(JSONMember("note", .string(note))) }
        sandbox.withState { $0.log.append(.object(entry)) }
    }
}
