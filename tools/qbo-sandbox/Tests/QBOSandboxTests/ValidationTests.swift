import Foundation
import QBOSandboxCore
import Testing

@Suite struct ValidationTests {
    @Test func faultsForPropertiesReferencesAndNames() async throws {
        let harness = try await SandboxHarness.start()
        let unknown = await harness.api("POST", "bill", #"{"VendorRef":{"value":"601"},"Lines":[]}"#)
        #expect(unknown.status == 400)
        #expect(SandboxHarness.faultCode(unknown) == "2010")
        #expect(unknown.json["Fault"]?["Error"]?.arrayValue?.first?["Detail"]?.stringValue?.contains("VendorRef") == true)
        let missing = await harness.api("POST", "bill", #"{"VendorRef":{"value":"601"}}"#)
        #expect(SandboxHarness.faultCode(missing) == "2020")
        let badRef = await harness.api("POST", "bill", SandboxHarness.billBody(vendor: "99999"))
        #expect(SandboxHarness.faultCode(badRef) == "2500")
        #expect(badRef.json["Fault"]?["Error"]?.arrayValue?.first?["element"]?.stringValue == "VendorRef")
        let inactive = await harness.api("POST", "bill", SandboxHarness.billBody(vendor: "607"))
        #expect(SandboxHarness.faultCode(inactive) == "610")
        let longDoc = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: String(repeating: "9", count: 22)))
        #expect(SandboxHarness.faultCode(longDoc) == "2050")
        let colon = await harness.api("POST", "vendor", #"{"DisplayName":"Bad:Name"}"#)
        #expect(colon.status == 400)
        let tab = await harness.api("POST", "vendor", #"{"DisplayName":"Bad\tName"}"#)
        #expect(tab.status == 400)
        await harness.stop()
    }

    @Test func duplicateNamesAcrossVendorCustomerEmployee() async throws {
        let harness = try await SandboxHarness.start()
        let likeCustomer = await harness.api("POST", "vendor", #"{"DisplayName":"Cool Cars"}"#)
        #expect(likeCustomer.status == 400)
        #expect(likeCustomer.text.hasPrefix(
            #"{"Fault":{"Error":[{"Message":"Duplicate Name Exists Error","Detail":"The name supplied already exists. : null","code":"6240"}],"type":"ValidationFault"},"time":"#))
        #expect(SandboxHarness.faultCode(await harness.api("POST", "vendor", #"{"DisplayName":"emily platt"}"#)) == "6240")
        #expect(SandboxHarness.faultCode(await harness.api("POST", "vendor", #"{"DisplayName":"United States Treasury"}"#)) == "6240")
        await harness.stop()
    }

    @Test func duplicateDocNumberPerVendor() async throws {
        let harness = try await SandboxHarness.start()
        let first = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "INV-9"))
        let id = first.json["Bill"]?["Id"]?.stringValue ?? ""
        let second = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "INV-9"))
        #expect(SandboxHarness.faultCode(second) == "6140")
        #expect(second.json["Fault"]?["Error"]?.arrayValue?.first?["Detail"]?.stringValue?
            .hasSuffix("DocNumber=INV-9 is assigned to TxnType=Bill with TxnId=\(id)") == true)
        #expect(await harness.api("POST", "bill?include=allowduplicatedocnum",
            SandboxHarness.billBody(docNumber: "INV-9")).status == 200)
        #expect(await harness.api("POST", "bill", SandboxHarness.billBody(vendor: "602", docNumber: "INV-9")).status == 200)
        await harness.stop()
    }

    @Test func xmlFaultWhenJSONNotAccepted() async throws {
        let harness = try await SandboxHarness.start()
        let response = await harness.api("POST", "bill", SandboxHarness.billBody(vendor: "99999"),
            headers: ["Accept": "application/xml"])
        #expect(response.status == 400)
        #expect(response.text.contains(#"<Fault type="ValidationFault"><Error code="2500" element="VendorRef">"#))
        await harness.stop()
    }
}
