import Foundation
import QBOSandboxCore
import Testing

@Suite struct OAuthTests {
    static let basic = "Basic " + Data("sandbox-client-id:sandbox-client-secret".utf8).base64EncodedString()

    func tokenCall(_ harness: SandboxHarness, _ form: String, hard: Bool = false) async -> TestResponse {
        var headers = ["Authorization": Self.basic, "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json"]
        if hard { headers["x-include-refresh-token-hard-expires-in"] = "true" }
        return await harness.raw("POST", "/oauth2/v1/tokens/bearer", form, headers: headers)
    }

    func authorize(_ harness: SandboxHarness) async -> String {
        let response = await harness.raw("GET",
            "/connect/oauth2?client_id=sandbox-client-id&response_type=code&scope=com.intuit.quickbooks.accounting"
                + "&redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=xyz")
        #expect(response.status == 302)
        let location = URLComponents(string: response.headers["location"] ?? "")
        #expect(location?.queryItems?.first { $0.name == "state" }?.value == "xyz")
        #expect(location?.queryItems?.first { $0.name == "realmId" }?.value == SandboxHarness.realm)
        return location?.queryItems?.first { $0.name == "code" }?.value ?? ""
    }

    @Test func authorizeExchangeIsSingleUseAndTokensWork() async throws {
        var harness = try await SandboxHarness.start()
        let code = await authorize(harness)
        let first = await tokenCall(harness, "grant_type=authorization_code&code=\(code)&redirect_uri=http%3A%2F%2Flocalhost%2Fcb", hard: true)
        #expect(first.status == 200)
        #expect(first.json["token_type"]?.stringValue == "bearer")
        #expect(first.json["expires_in"] == .number("3600"))
        #expect(first.json["x_refresh_token_expires_in"] != nil)
        #expect(first.json["x_refresh_token_hard_expires_in"] != nil)
        harness.token = first.json["access_token"]?.stringValue ?? ""
        #expect(await harness.api("GET", "vendor/601").status == 200)
        let again = await tokenCall(harness, "grant_type=authorization_code&code=\(code)&redirect_uri=http%3A%2F%2Flocalhost%2Fcb")
        #expect(again.status == 400)
        #expect(again.text == #"{"error":"invalid_grant"}"#)
        let wrongClient = await harness.raw("POST", "/oauth2/v1/tokens/bearer", "grant_type=refresh_token&refresh_token=x",
            headers: ["Authorization": "Basic " + Data("a:b".utf8).base64EncodedString()])
        #expect(wrongClient.status == 401)
        await harness.stop()
    }

    @Test func strictModeRejectsRotatedRefreshToken() async throws {
        let harness = try await SandboxHarness.start { $0.strictRefresh = true }
        let first = await tokenCall(harness, "grant_type=refresh_token&refresh_token=demo-refresh-token")
        #expect(first.status == 200)
        #expect(first.json["x_refresh_token_hard_expires_in"] == nil)
        let rotated = first.json["refresh_token"]?.stringValue ?? ""
        #expect(rotated != "demo-refresh-token")
        let reused = await tokenCall(harness, "grant_type=refresh_token&refresh_token=demo-refresh-token")
        #expect(reused.status == 400)
        #expect(reused.text == #"{"error_description":"Incorrect or invalid refresh token","error":"invalid_grant"}"#)
        #expect(await tokenCall(harness, "grant_type=refresh_token&refresh_token=\(rotated)").status == 200)
        await harness.stop()
    }

    @Test func lenientModeAcceptsPreviousRefreshTokenDuringGrace() async throws {
        let harness = try await SandboxHarness.start()
        #expect(await tokenCall(harness, "grant_type=refresh_token&refresh_token=demo-refresh-token").status == 200)
        #expect(await tokenCall(harness, "grant_type=refresh_token&refresh_token=demo-refresh-token").status == 200)
        await harness.stop()
    }

    @Test func expiredAndRevokedTokensGet401GatewayEnvelope() async throws {
        var harness = try await SandboxHarness.start { $0.accessTokenTTL = 0.3 }
        let pair = await harness.raw("POST", "/admin/tokens?realmId=\(SandboxHarness.realm)")
        harness.token = pair.json["access_token"]?.stringValue ?? ""
        #expect(await harness.api("GET", "vendor/601").status == 200)
        try await Task.sleep(for: .milliseconds(400))
        let expired = await harness.api("GET", "vendor/601")
        #expect(expired.status == 401)
        #expect(expired.headers["www-authenticate"] == #"Bearer realm="Intuit", error="invalid_token""#)
        #expect(expired.json["fault"]?["error"]?.arrayValue?.first?["code"]?.stringValue == "3200")
        #expect(expired.json["fault"]?["type"]?.stringValue == "AUTHENTICATION")
        harness.token = "demo-access-token"
        let revoke = await harness.raw("POST", "/v2/oauth2/tokens/revoke", #"{"token":"demo-refresh-token"}"#,
            headers: ["Authorization": Self.basic, "Content-Type": "application/json"])
        #expect(revoke.status == 200)
        #expect(await harness.api("GET", "vendor/601").status == 401)
        await harness.stop()
    }

    @Test func adminExpireTokensAndXML401() async throws {
        let harness = try await SandboxHarness.start { $0.xml401 = true }
        #expect(await harness.api("GET", "vendor/601").status == 200)
        _ = await harness.raw("POST", "/admin/expire-tokens")
        let response = await harness.api("GET", "vendor/601")
        #expect(response.status == 401)
        #expect(response.text.contains(#"<Fault type="AuthenticationFault"><Error code="100">"#))
        await harness.stop()
    }
}
