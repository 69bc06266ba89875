import Foundation

/// `/connect/oauth2` (authorize), `/oauth2/v1/tokens/bearer` (token) and `/v2/oauth2/tokens/revoke`.
struct OAuthEndpoints {
    let sandbox: Sandbox

    /// Approves at once and redirects to `redirect_uri` with `code`, `state` and `realmId`.
    func authorize(_ parameters: [String: String]) -> APIResponse {
        guard parameters["client_id"] == sandbox.configuration.clientId else {
            return .json(.object(["error": .string("invalid_client")]), status: 400)
        }
        guard let redirect = parameters["redirect_uri"], var components = URLComponents(string: redirect) else {
            return .json(.object(["error": .string("invalid_request")]), status: 400)
        }
        guard parameters["response_type"] == "code" else {
            return .json(.object(["error": .string("unsupported_response_type")]), status: 400)
        }
        let result: (String, String)? = sandbox.withState { state in
            guard let realm = parameters["realmId"] ?? state.defaultRealm, state.companies[realm] != nil else {
                return nil
            }
            return (state.oauth.newCode(realmId: realm, redirectUri: redirect), realm)
        }
        guard let (code, realm) = result else {
            return .json(.object(["error": .string("invalid_request")]), status: 400)
        }
        var items = components.queryItems ?? []
        items.append(URLQueryItem(name: "code", value: code))
        if let state = parameters["state"] { items.append(URLQueryItem(name: "state", value: state)) }
        items.append(URLQueryItem(name: "realmId", value: realm))
        components.queryItems = items
        return APIResponse(status: 302, contentType: "text/plain", body: [],
            headers: [("Location", components.string ?? redirect)])
    }

    private func clientIsValid(_ authorization: String?) -> Bool {
        guard let authorization, authorization.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(authorization.dropFirst(6))),
            let text = String(data: decoded, encoding: .utf8)
        else { return false }
        return text == "\(sandbox.configuration.clientId):\(sandbox.configuration.clientSecret)"
    }

    static func invalidGrant(_ description: String?) -> APIResponse {
        var body: [JSONMember] = []
        if let description { body.append(JSONMember("error_description", .string(description))) }
        body.append(JSONMember("error", .string("invalid_grant")))
        return .json(.object(body), status: 400)
    }

    func token(form: [String: String], authorization: String?, wantsHardExpiry: Bool) -> APIResponse {
        guard clientIsValid(authorization) else {
            return .json(.object(["error": .string("invalid_client")]), status: 401)
        }
        let configuration = sandbox.configuration
        let now = Date()
        let result: Result<TokenPair, OAuthState.Failure> = sandbox.withState { state in
            state.isDirty = true
            switch form["grant_type"] {
            case "authorization_code":
                return state.oauth.exchange(code: form["code"] ?? "", redirectUri: form["redirect_uri"] ?? "",
                    now: now, configuration: configuration)
            case "refresh_token":
                return state.oauth.refresh(form["refresh_token"] ?? "", now: now, configuration: configuration)
            default:
                return .failure(.invalidGrant(description: nil))
            }
        }
        switch result {
        case .success(let pair): return .json(pair.body(includeHardExpiry: wantsHardExpiry))
        case .failure(.invalidGrant(let description)): return Self.invalidGrant(description)
        }
    }

    func revoke(body: [UInt8], authorization: String?) -> APIResponse {
        guard clientIsValid(authorization) else {
            return .json(.object(["error": .string("invalid_client")]), status: 401)
        }
        guard let token = (try? JSONParser.parse(body))?["token"]?.stringValue else {
            return .json(.object(["error": .string("invalid_request")]), status: 400)
        }
        _ = sandbox.withState { state in
            state.isDirty = true
            return state.oauth.revoke(token)
        }
        return APIResponse(status: 200, contentType: "application/json", body: [])
    }
}
