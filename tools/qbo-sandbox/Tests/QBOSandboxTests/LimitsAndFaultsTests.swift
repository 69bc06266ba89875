import Foundation
import QBOSandboxCore
import Testing

@Suite struct LimitsAndFaultsTests {
    @Test func requestsBeyondTheWindowLimitGet429() async throws {
        let harness = try await SandboxHarness.start {
            $0.limits.enabled = true
            $0.limits.requestsPerWindow = 20
            $0.limits.windowSeconds = 1
        }
        for _ in 0..<20 { #expect(await harness.api("GET", "term/303").status == 200) }
        let throttled = await harness.api("GET", "term/303")
        #expect(throttled.status == 429)
        #expect(throttled.text.contains("<Error code=\"3001\">"))
        #expect(throttled.text.contains("message=ThrottleExceeded; errorCode=003001; statusCode=429"))
        try await Task.sleep(for: .milliseconds(1050))
        #expect(await harness.api("GET", "term/303").status == 200)
        let counters = await harness.raw("GET", "/admin/counters")
        #expect(counters.json["throttled429"] == .number("1"))
        await harness.stop()
    }

    @Test func batchCallsPerWindowAndInFlight() async throws {
        let harness = try await SandboxHarness.start {
            $0.limits.enabled = true
            $0.limits.batchesPerWindow = 2
            $0.limits.maxInFlight = 1
            $0.faults.latencyMs = 300
        }
        let batch = #"{"BatchItemRequest":[{"bId":"q","Query":"select * from Term"}]}"#
        #expect(await harness.api("POST", "batch", batch).status == 200)
        #expect(await harness.api("POST", "batch", batch).status == 200)
        #expect(await harness.api("POST", "batch", batch).status == 429)
        async let slow = harness.api("GET", "term/303")
        try await Task.sleep(for: .milliseconds(100))
        let concurrent = await harness.api("GET", "term/302")
        #expect(concurrent.status == 429)
        #expect(await slow.status == 200)
        await harness.stop()
    }

    @Test func commitThenDropPersistsTheBill() async throws {
        let harness = try await SandboxHarness.start { $0.faults.commitThenDropRate = 1 }
        let response = await harness.api("POST", "bill?requestid=drop-1", SandboxHarness.billBody(docNumber: "D-1"))
        #expect(response.status == 0)
        _ = await harness.raw("POST", "/admin/faults", "{}")
        let found = await harness.query("select * from Bill where DocNumber = 'D-1'")
        #expect(found.json["QueryResponse"]?["Bill"]?.arrayValue?.count == 1)
        let retry = await harness.api("POST", "bill?requestid=drop-1", SandboxHarness.billBody(docNumber: "D-1"))
        #expect(retry.status == 200)
        #expect(await harness.query("select count(*) from Bill").json["QueryResponse"]?["totalCount"] == .number("1"))
        await harness.stop()
    }

    @Test func withheldResponseOutlastsClientTimeout() async throws {
        let harness = try await SandboxHarness.start {
            $0.faults.commitThenDropRate = 1
            $0.faults.dropMode = "withhold"
            $0.faults.withholdSeconds = 1
        }
        let response = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "W-1"), timeout: 0.3)
        #expect(response.status == 0)
        _ = await harness.raw("POST", "/admin/faults", "{}")
        let found = await harness.query("select count(*) from Bill where DocNumber = 'W-1'")
        #expect(found.json["QueryResponse"]?["totalCount"] == .number("1"))
        try await Task.sleep(for: .milliseconds(800))
        await harness.stop()
    }

    @Test func injectedServerErrorsAreDeterministic() async throws {
        let harness = try await SandboxHarness.start { $0.faults.error500Rate = 1 }
        let xml = await harness.api("GET", "term/303")
        #expect(xml.status == 500)
        #expect(xml.text.contains(#"<Fault type="SystemFault"><Error code="10000">"#))
        _ = await harness.raw("POST", "/admin/faults", #"{"error500Rate":1,"error500Format":"json"}"#)
        let json = await harness.api("GET", "term/303")
        #expect(SandboxHarness.faultCode(json) == "10000")
        _ = await harness.raw("POST", "/admin/faults", #"{"error503Rate":1}"#)
        #expect(await harness.api("GET", "term/303").status == 503)
        var first = SeededGenerator(seed: 42)
        var second = SeededGenerator(seed: 42)
        #expect((0..<5).map { _ in first.unit() } == (0..<5).map { _ in second.unit() })
        let log = await harness.raw("GET", "/admin/requests")
        #expect(!log.text.contains("demo-access-token"))
        await harness.stop()
    }
}
