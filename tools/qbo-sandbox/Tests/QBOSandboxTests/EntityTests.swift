import Foundation
import QBOSandboxCore
import Testing

@Suite struct EntityTests {
    @Test func billCreateFillsServerFieldsAndKeepsMoneyExact() async throws {
        let harness = try await SandboxHarness.start()
        let response = await harness.api("POST", "bill", SandboxHarness.billBody(amounts: ["0.1", "0.2", "1234567.59"]))
        #expect(response.status == 200)
        #expect(response.text.contains(#""TotalAmt":1234567.89"#))
        #expect(response.text.contains(#""Balance":1234567.89"#))
        let bill = response.json["Bill"]
        #expect(bill?["SyncToken"]?.stringValue == "0")
        #expect(bill?["VendorRef"]?["name"]?.stringValue == "Bob's Burger Joint")
        #expect(bill?["APAccountRef"]?["name"]?.stringValue == "Accounts Payable (A/P)")
        let detail = bill?["Line"]?.arrayValue?.first?["AccountBasedExpenseLineDetail"]
        #expect(detail?["BillableStatus"]?.stringValue == "NotBillable")
        #expect(detail?["TaxCodeRef"]?["value"]?.stringValue == "NON")
        #expect(response.json["time"]?.stringValue?.hasSuffix("-08:00") == true)
        #expect(bill?["MetaData"]?["CreateTime"]?.stringValue?.hasSuffix("-08:00") == true)
        await harness.stop()
    }

    @Test func dueDateFollowsTerm() async throws {
        let harness = try await SandboxHarness.start()
        let body = #"{"VendorRef":{"value":"601"},"TxnDate":"2026-01-10","SalesTermRef":{"value":"303"},"Line":[{"DetailType":"AccountBasedExpenseLineDetail","Amount":5,"AccountBasedExpenseLineDetail":{"AccountRef":{"value":"5"}}}]}"#
        let response = await harness.api("POST", "bill", body)
        #expect(response.json["Bill"]?["DueDate"]?.stringValue == "2026-02-09")
        await harness.stop()
    }

    @Test func updatesSyncTokensSparseFullAndDelete() async throws {
        let harness = try await SandboxHarness.start()
        let created = await harness.api("POST", "bill", SandboxHarness.billBody(docNumber: "A-1"))
        let id = created.json["Bill"]?["Id"]?.stringValue ?? ""
        let sparse = await harness.api("POST", "bill",
            #"{"Id":"\#(id)","SyncToken":"0","sparse":true,"PrivateNote":"memo"}"#)
        #expect(sparse.json["Bill"]?["SyncToken"]?.stringValue == "1")
        #expect(sparse.json["Bill"]?["DocNumber"]?.stringValue == "A-1")
        let stale = await harness.api("POST", "bill", #"{"Id":"\#(id)","SyncToken":"0","sparse":true,"PrivateNote":"x"}"#)
        #expect(stale.status == 400)
        #expect(SandboxHarness.faultCode(stale) == "5010")
        let full = await harness.api("POST", "bill",
            #"{"Id":"\#(id)","SyncToken":"1","VendorRef":{"value":"601"},"Line":[{"DetailType":"AccountBasedExpenseLineDetail","Amount":7.5,"AccountBasedExpenseLineDetail":{"AccountRef":{"value":"5"}}}]}"#)
        #expect(full.json["Bill"]?["SyncToken"]?.stringValue == "2")
        #expect(full.json["Bill"]?["DocNumber"] == nil)
        #expect(full.json["Bill"]?["PrivateNote"] == nil)
        #expect(full.text.contains(#""TotalAmt":7.5"#))
        let deleted = await harness.api("POST", "bill?operation=delete", #"{"Id":"\#(id)","SyncToken":"2"}"#)
        #expect(deleted.json["Bill"]?["status"]?.stringValue == "Deleted")
        let read = await harness.api("GET", "bill/\(id)")
        #expect(SandboxHarness.faultCode(read) == "610")
        await harness.stop()
    }

    @Test func billPaymentReducesBalance() async throws {
        let harness = try await SandboxHarness.start()
        let bill = await harness.api("POST", "bill", SandboxHarness.billBody(amounts: ["100.10"]))
        let id = bill.json["Bill"]?["Id"]?.stringValue ?? ""
        let payment = await harness.api("POST", "billpayment",
            #"{"VendorRef":{"value":"601"},"PayType":"Check","TotalAmt":40.05,"CheckPayment":{"BankAccountRef":{"value":"1"}},"Line":[{"Amount":40.05,"LinkedTxn":[{"TxnId":"\#(id)","TxnType":"Bill"}]}]}"#)
        #expect(payment.status == 200)
        let read = await harness.api("GET", "bill/\(id)")
        #expect(read.text.contains(#""Balance":60.05"#))
        let blocked = await harness.api("POST", "bill?operation=delete", #"{"Id":"\#(id)","SyncToken":"0"}"#)
        #expect(SandboxHarness.faultCode(blocked) == "6000")
        await harness.stop()
    }

    @Test func vendorTaxIdentifierMaskedAndDeactivationRenames() async throws {
        let harness = try await SandboxHarness.start()
        let read = await harness.api("GET", "vendor/603")
        #expect(read.json["Vendor"]?["TaxIdentifier"]?.stringValue == "XXXXXX8293")
        let off = await harness.api("POST", "vendor", #"{"Id":"605","SyncToken":"0","sparse":true,"Active":false}"#)
        #expect(off.json["Vendor"]?["DisplayName"]?.stringValue == "Hicks Hardware (deleted)")
        let on = await harness.api("POST", "vendor", #"{"Id":"605","SyncToken":"1","sparse":true,"Active":true}"#)
        #expect(on.json["Vendor"]?["DisplayName"]?.stringValue == "Hicks Hardware")
        let customer = await harness.api("POST", "customer", #"{"DisplayName":"Brand New Customer"}"#)
        #expect(customer.status == 200)
        #expect(await harness.api("GET", "term/303").json["Term"]?["Name"]?.stringValue == "Net 30")
        await harness.stop()
    }

    @Test func attachableUploadAndMissingTarget() async throws {
        let harness = try await SandboxHarness.start()
        let bill = await harness.api("POST", "bill", SandboxHarness.billBody())
        let id = bill.json["Bill"]?["Id"]?.stringValue ?? ""
        func multipart(_ target: String) -> String {
            "--XYZ\r\nContent-Disposition: form-data; name=\"file_metadata_01\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + #"{"AttachableRef":[{"EntityRef":{"type":"Bill","value":"\#(target)"}}],"FileName":"inv.pdf","ContentType":"application/pdf"}"#
                + "\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file_content_01\"; filename=\"inv.pdf\"\r\n"
                + "Content-Type: application/pdf\r\n\r\n%PDF-1.4 test\r\n--XYZ--\r\n"
        }
        let headers = ["Content-Type": "multipart/form-data; boundary=XYZ"]
        let ok = await harness.api("POST", "upload", multipart(id), headers: headers)
        #expect(ok.status == 200)
        let attachable = ok.json["AttachableResponse"]?.arrayValue?.first?["Attachable"]
        #expect(attachable?["Size"] == .number("13"))
        #expect(attachable?["AttachableRef"]?.arrayValue?.first?["EntityRef"]?["value"]?.stringValue == id)
        let missing = await harness.api("POST", "upload", multipart("999999"), headers: headers)
        #expect(missing.status == 200)
        #expect(missing.json["AttachableResponse"]?.arrayValue?.first?["Fault"]?["Error"]?.arrayValue?.first?["code"]?
            .stringValue == "6000")
        await harness.stop()
    }
}
