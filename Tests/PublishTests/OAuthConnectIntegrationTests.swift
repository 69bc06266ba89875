import EventLog
import Foundation
import TestSupport
import Testing

@testable import Publish

@Suite("OAuth connect against qbo-sandbox", .serialized, .enabled(if: SandboxLauncher.shouldRun))
struct OAuthConnectIntegrationTests {
    @Test func theLoopbackFlowStoresTokensThatPublishCanUse() throws {
        let harness = try SandboxHarness(connect: false)
        let connect = OAuthConnect(settings: harness.settings, secrets: harness.secrets)
        let result = try connect.connect(port: 0, store: harness.store) { url in
            // The "browser": the emulator approves at once and redirects to our loopback listener.
            guard let consent = try? CurlEasy().perform(HTTPRequest(method: "GET", url: url)),
                let location = consent.header("location")
            else { return }
            Thread.detachNewThread { _ = try? CurlEasy().perform(HTTPRequest(method: "GET", url: location)) }
        }
        #expect(result.realmId == SandboxHarness.realmId)
        #expect(result.status.isConnected)
        #expect(result.status.daysUntilHardExpiry ?? 0 > 1000)
        let sent = try harness.events(RequestSent.self)
        #expect(sent.count == 1)
        #expect(sent[0].body == "<redacted>")
        #expect(try harness.events(ResponseReceived.self).first?.body == "<redacted>")
        try harness.plan([(Fixtures.billPlan(invoiceId: "OA-1", docNumber: "OA-1"), "invoice:OA-1")])
        #expect(try harness.runOnce().counts["billsPosted"] == 1)
    }

    @Test func noBrowserModeAcceptsThePastedRedirectAndRefusesAReusedCode() throws {
        let harness = try SandboxHarness(connect: false)
        let connect = OAuthConnect(settings: harness.settings, secrets: harness.secrets)
        let redirectURI = "http://127.0.0.1:8765/callback"
        let state = OAuthConnect.randomState()
        let consent = try CurlEasy().perform(
            HTTPRequest(method: "GET", url: connect.authorizeURL(redirectURI: redirectURI, state: state)))
        let pasted = try #require(consent.header("location"))
        let callback = try OAuthConnect.parseRedirect(pasted, expectedState: state)
        let result = try connect.exchange(code: callback.code, realmId: callback.realmId, redirectURI: redirectURI)
        #expect(result.realmId == SandboxHarness.realmId)
        #expect(try TokenVault(secrets: harness.secrets).load().refreshToken != nil)
        do {
            _ = try connect.exchange(code: callback.code, realmId: callback.realmId, redirectURI: redirectURI)
            Issue.record("a code must be single-use")
        } catch let error as QBOError {
            #expect(error.kind == .authorization)
            #expect(error.httpStatus == 400)
        }
    }
}
