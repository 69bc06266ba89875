import Foundation
import TestSupport
import Testing

@testable import Publish

@Suite("libcurl easy handle", .serialized)
struct CurlEasyTests {
    @Test func aRefusedConnectionIsNotSentAndCarriesCurlsMessage() throws {
        // Port 1 on loopback: nothing listens there, so nothing can have been sent.
        let easy = try CurlEasy(limits: HTTPLimits(connectTimeout: 2, totalTimeout: 5))
        do {
            _ = try easy.perform(HTTPRequest(method: "GET", url: "http://127.0.0.1:1/v3/company/1/query?query=x"))
            Issue.record("the request should fail")
        } catch let error as CurlError {
            #expect(error.kind == .notSent)
            #expect(error.code == 7)
            #expect(!error.message.isEmpty)
            #expect(error.url == "http://127.0.0.1:1/v3/company/1/query")
            #expect(error.description.hasPrefix("curl perform failed: "))
        }
    }

    @Test(.enabled(if: SandboxLauncher.shouldRun)) func oneHandleServesManyRequestsAndCapsTheResponseSize() throws {
        let sandbox = try SandboxLauncher()
        defer { sandbox.stop() }
        let easy = try CurlEasy()
        for _ in 0..<3 {
            let response = try easy.perform(HTTPRequest(method: "GET", url: sandbox.baseURL + "/admin/counters"))
            #expect(response.status == 200)
            #expect(response.header("Content-Type")?.contains("json") == true)
        }
        let small = try CurlEasy(limits: HTTPLimits(maximumResponseBytes: 64))
        do {
            _ = try small.perform(HTTPRequest(method: "GET", url: sandbox.baseURL + "/admin/state"))
            Issue.record("the response is larger than the cap")
        } catch let error as CurlError {
            #expect(error.kind == .responseTooLarge)
            #expect(error.message.contains("64 bytes"))
        }
    }
}
