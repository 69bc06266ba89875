import Foundation
import QBOSandboxCore
import Testing

@Suite struct QueryTests {
    @Test func escapingCaseAndInactiveRecords() async throws {
        let harness = try await SandboxHarness.start()
        let obrien = await harness.query(#"select * from Vendor where DisplayName = 'O\'Brien Office Supply'"#)
        #expect(obrien.json["QueryResponse"]?["Vendor"]?.arrayValue?.count == 1)
        let lower = await harness.query(#"SELECT * FROM Vendor WHERE displayname = 'o\'brien office supply'"#)
        #expect(lower.json["QueryResponse"]?["maxResults"] == .number("1"))
        let active = await harness.query("select count(*) from Vendor")
        let all = await harness.query("select count(*) from Vendor where Active IN (true, false)")
        #expect(active.json["QueryResponse"]?["totalCount"] == .number("6"))
        #expect(all.json["QueryResponse"]?["totalCount"] == .number("8"))
        let none = await harness.query("select * from Vendor where DisplayName = 'Nobody'")
        #expect(none.json["QueryResponse"] == .object([]))
        let backslash = await harness.query(#"select * from Vendor where DisplayName = 'a\\b'"#)
        #expect(backslash.status == 200)
        await harness.stop()
    }

    @Test func operatorsOrderingPagingAndErrors() async throws {
        let harness = try await SandboxHarness.start()
        for amount in ["10", "20", "30"] { _ = await harness.api("POST", "bill", SandboxHarness.billBody(amounts: [amount])) }
        let big = await harness.query("select * from Bill where TotalAmt >= '20' ORDERBY TotalAmt DESC")
        let totals = big.json["QueryResponse"]?["Bill"]?.arrayValue?.compactMap { $0["TotalAmt"]?.decimalValue }
        #expect(totals == [30, 20])
        let page = await harness.query("select * from Account ORDERBY Id STARTPOSITION 2 MAXRESULTS 3")
        #expect(page.json["QueryResponse"]?["startPosition"] == .number("2"))
        #expect(page.json["QueryResponse"]?["Account"]?.arrayValue?.count == 3)
        let like = await harness.query("select * from Account where FullyQualifiedName LIKE 'advertising:%'")
        #expect(like.json["QueryResponse"]?["Account"]?.arrayValue?.count == 2)
        let nested = await harness.query("select * from Bill where MetaData.LastUpdatedTime > '2020-01-01T00:00:00-08:00' AND VendorRef = '601'")
        #expect(nested.json["QueryResponse"]?["Bill"]?.arrayValue?.count == 3)
        let ids = await harness.query("select * from Term where Id IN ('302', '304')")
        #expect(ids.json["QueryResponse"]?["Term"]?.arrayValue?.count == 2)
        let post = await harness.api("POST", "query", "select * from Class where Name < 'N'",
            headers: ["Content-Type": "application/text"])
        #expect(post.json["QueryResponse"]?["Class"]?.arrayValue?.count == 3)
        #expect(SandboxHarness.faultCode(await harness.query("select * from Custmoer")) == "4001")
        let parse = await harness.query("select * from Vendor where DisplayName = 'unterminated")
        #expect(parse.status == 400)
        #expect(SandboxHarness.faultCode(parse) == "4000")
        await harness.stop()
    }
}
