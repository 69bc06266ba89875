import Foundation
import QBOSandboxCore
import Testing

/// Compares the key structure of our bodies with QBO's real samples in `<repo root>/../shared`.
/// Skipped when that folder is absent (e.g. a clone without the shared reference material).
@Suite(.enabled(if: SandboxHarness.hasSamples, "needs <repo root>/../shared/reference/qbo-samples"))
struct SampleShapeTests {
    /// The set of key paths in a document (array elements merged), ignoring values.
    static func shape(_ value: JSONValue, prefix: String = "") -> Set<String> {
        switch value {
        case .object(let members):
            return members.reduce(into: Set<String>()) { result, member in
                let path = prefix + "/" + member.key
                result.insert(path)
                result.formUnion(shape(member.value, prefix: path))
            }
        case .array(let items): return items.reduce(into: Set<String>()) { $0.formUnion(shape($1, prefix: prefix + "[]")) }
        default: return []
        }
    }

    static func sample(_ name: String) throws -> JSONValue {
        try JSONParser.parse(Data(contentsOf: SandboxHarness.samplesFolder.appendingPathComponent(name)))
    }

    @Test func faultBodiesMatchSamples() async throws {
        let harness = try await SandboxHarness.start()
        let duplicate = await harness.api("POST", "vendor", #"{"DisplayName":"Cool Cars"}"#)
        #expect(Self.shape(duplicate.json) == Self.shape(try Self.sample("fault-6240-duplicate-name.json")))
        let invalid = await harness.query("select * from Custmoer")
        #expect(Self.shape(invalid.json) == Self.shape(try Self.sample("fault-4001-invalid-query.json")))
        _ = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "S-1"))
        let docNumber = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "S-1"))
        #expect(Self.shape(docNumber.json) == Self.shape(try Self.sample("fault-6140-duplicate-docnumber.json")))
        let empty = await harness.query("select * from Vendor where DisplayName = 'none'")
        #expect(Self.shape(empty.json) == Self.shape(try Self.sample("query-empty-response.json")))
        _ = await harness.raw("POST", "/admin/expire-tokens")
        let expired = await harness.api("GET", "vendor/601")
        #expect(Self.shape(expired.json) == Self.shape(
            try Self.sample("fault-401-authentication-failed.lowercase-envelope.json")))
        await harness.stop()
    }

    @Test func batchItemFaultsAndBillsMatchSamples() async throws {
        let harness = try await SandboxHarness.start()
        let batch = #"{"BatchItemRequest":[{"bId":"bid3","operation":"update","Vendor":{"Id":"601","SyncToken":"7","sparse":true}}]}"#
        let item = await harness.api("POST", "batch", batch).json["BatchItemResponse"]?.arrayValue?.first ?? .null
        #expect(Self.shape(item) == Self.shape(try Self.sample("fault-5010-stale-object.batch-item.json")))
        let bill = await harness.api("POST", "bill", SandboxHarness.billBody())
        let expected = Self.shape(try Self.sample("bill-create-response.json"))
        #expect(expected.isSubset(of: Self.shape(bill.json)))
        let throttle = String(decoding: try Data(contentsOf: SandboxHarness.samplesFolder
            .appendingPathComponent("fault-429-throttle-exceeded.xml")), as: UTF8.self)
        let ours = String(decoding: APIResponse.throttled(now: Date()).body, as: UTF8.self)
        func strip(_ text: String) -> String { text.replacingOccurrences(of: #"time="[^"]*""#, with: "", options: .regularExpression) }
        #expect(strip(ours) == strip(throttle))
        await harness.stop()
    }
}

@Suite struct JSONValueTests {
    @Test func numbersStayExact() throws {
        let value = try JSONParser.parse(#"{"a":0.1,"b":1234567.89,"c":[true,null,"x\"y"]}"#)
        #expect(value.jsonText == #"{"a":0.1,"b":1234567.89,"c":[true,null,"x\"y"]}"#)
        let sum = (value["a"]?.decimalValue ?? 0) + Decimal(string: "0.2")!
        #expect(JSONValue.decimal(sum).jsonText == "0.3")
    }
}
