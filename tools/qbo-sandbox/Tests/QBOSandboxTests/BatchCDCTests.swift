import Foundation
import QBOSandboxCore
import Testing

@Suite struct BatchCDCTests {
    @Test func batchItemsAreIndependent() async throws {
        let harness = try await SandboxHarness.start()
        let body = #"{"BatchItemRequest":[{"bId":"b1","operation":"create","Vendor":{"DisplayName":"Batch Vendor"}},{"bId":"b2","operation":"update","Vendor":{"Id":"601","SyncToken":"9","sparse":true,"AcctNum":"1"}},{"bId":"b3","Query":"select * from Term"}]}"#
        let response = await harness.api("POST", "batch", body)
        #expect(response.status == 200)
        let items = response.json["BatchItemResponse"]?.arrayValue ?? []
        #expect(items.first { $0["bId"]?.stringValue == "b1" }?["Vendor"]?["Id"] != nil)
        #expect(items.first { $0["bId"]?.stringValue == "b2" }?["Fault"]?["Error"]?.arrayValue?.first?["code"]?.stringValue == "5010")
        #expect(items.first { $0["bId"]?.stringValue == "b3" }?["QueryResponse"]?["Term"]?.arrayValue?.count == 4)
        let tooMany = (1...31).map { #"{"bId":"q\#($0)","Query":"select * from Term"}"# }.joined(separator: ",")
        let rejected = await harness.api("POST", "batch", #"{"BatchItemRequest":[\#(tooMany)]}"#)
        #expect(rejected.status == 400)
        await harness.stop()
    }

    @Test func requestIdReplaysWithoutExecuting() async throws {
        let harness = try await SandboxHarness.start()
        let first = await harness.api("POST", "bill?requestid=abc-1", SandboxHarness.billBody())
        let second = await harness.api("POST", "bill?requestid=abc-1", SandboxHarness.billBody())
        #expect(first.status == second.status)
        #expect(first.body == second.body)
        let count = await harness.query("select count(*) from Bill")
        #expect(count.json["QueryResponse"]?["totalCount"] == .number("1"))
        let batch = #"{"BatchItemRequest":[{"bId":"b1","Bill":\#(SandboxHarness.billBody())}]}"#
        let b1 = await harness.api("POST", "batch?requestid=batch-1", batch)
        let b2 = await harness.api("POST", "batch?requestid=batch-1", batch)
        #expect(b1.body == b2.body)
        #expect(await harness.query("select count(*) from Bill").json["QueryResponse"]?["totalCount"] == .number("2"))
        await harness.stop()
    }

    @Test func changeDataCapture() async throws {
        let harness = try await SandboxHarness.start()
        let since = Timestamp.envelopeTime(Date().addingTimeInterval(-5))
        let empty = await harness.api("GET", "cdc?entities=Bill&changedSince=\(since.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)")
        #expect(empty.json["CDCResponse"] == .array([.object(["QueryResponse": .array([.object([])])])]))
        let bill = await harness.api("POST", "bill", SandboxHarness.billBody())
        let id = bill.json["Bill"]?["Id"]?.stringValue ?? ""
        _ = await harness.api("POST", "bill?operation=delete", #"{"Id":"\#(id)","SyncToken":"0"}"#)
        _ = await harness.api("POST", "bill", SandboxHarness.billBody(amounts: ["5"]))
        let encoded = since.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let changes = await harness.api("GET", "cdc?entities=Bill,Vendor&changedSince=\(encoded)")
        let bills = changes.json["CDCResponse"]?.arrayValue?.first?["QueryResponse"]?.arrayValue?.first?["Bill"]?.arrayValue
        #expect(bills?.count == 2)
        #expect(bills?.contains { $0["status"]?.stringValue == "Deleted" && $0["Id"]?.stringValue == id } == true)
        let old = Timestamp.envelopeTime(Date().addingTimeInterval(-31 * 86_400)).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        #expect(await harness.api("GET", "cdc?entities=Bill&changedSince=\(old)").status == 400)
        await harness.stop()
    }
}
