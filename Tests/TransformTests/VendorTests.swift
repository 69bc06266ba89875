import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct VendorTests {
    @Test func plansCreateOnceAndNothingForAnIdenticalRow() throws {
        let harness = try TransformHarness.standard()
        let row = EventBuilders.vendorRow(
            "V9", name: "Initech",
            [
                "Legal Name": "Initech LLC", "Tax ID": "12-3456789", "Email": "ap@initech.test", "Terms": "Net 30",
                "1099": "Y", "City": "Austin",
            ])
        try harness.append(try EventBuilders.file(.vendors, name: "v1.csv", rows: [row]))
        let appended = try harness.run()
        #expect(types(appended) == [VendorPlanned.type])
        let plan = try appended[0].decode(VendorPlanned.self)
        #expect(plan.action == "create")
        #expect(plan.qboId == nil)
        #expect(plan.fields.companyName == "Initech LLC")
        #expect(plan.fields.taxIdentifier == "12-3456789")
        #expect(plan.fields.termId == "3")
        #expect(plan.fields.vendor1099 == true)
        #expect(plan.fields.acctNum == "V9")
        #expect(plan.requestId.hasPrefix("v-"))
        try harness.append(try EventBuilders.file(.vendors, name: "v2.csv", rows: [row]))
        #expect(try harness.run().isEmpty)
    }

    @Test func updatesTheQBOVendorWithTheSameNameAndReactivatesAnInactiveOne() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.reference(
                "Vendor", [EventBuilders.record("61", "Old Co (deleted)", active: false)], full: false))
        try harness.append(
            try EventBuilders.file(
                .vendors, name: "v.csv",
                rows: [
                    EventBuilders.vendorRow("V1", name: "ACME SUPPLIES"), EventBuilders.vendorRow("V2", name: "Old Co"),
                ]))
        let plans = try harness.run().map { try $0.decode(VendorPlanned.self) }
        #expect(plans.map(\.action) == ["update", "reactivate"])
        #expect(plans.map(\.qboId) == ["56", "61"])
    }

    @Test func quarantinesNamesQBORefusesWithoutRenaming() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(
                .vendors, name: "v.csv",
                rows: [
                    EventBuilders.vendorRow("C1", name: "Parent:Child"),
                    EventBuilders.vendorRow("C2", name: "globex"),
                    EventBuilders.vendorRow("C3", name: String(repeating: "x", count: 501)),
                    EventBuilders.vendorRow("C4", name: "Pat Smith"),
                ]))
        let decisions = try harness.run().map { try $0.decode(VendorQuarantined.self) }
        #expect(decisions.map(\.stampliVendorId) == ["C1", "C2", "C3", "C4"])
        #expect(decisions.allSatisfy { $0.problems.map(\.category) == ["vendor-name-invalid"] })
        #expect(decisions[1].problems[0].message.contains("6240"))
        #expect(decisions[0].vendorName == "Parent:Child")
    }

    @Test func billWaitsForTheVendorsCreateToBeConfirmed() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V7", name: "Hooli")]))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("HW", vendorId: "V7", vendorName: "Hooli")])
        let first = try harness.run()
        #expect(types(first) == [VendorPlanned.type, InvoiceWaiting.type])
        #expect(try first[1].decode(InvoiceWaiting.self).reason == "vendor-pending")
        try harness.append(try EventBuilders.vendorConfirmed(try first[0].decode(VendorPlanned.self), qboId: "77"))
        let second = try harness.run()
        #expect(types(second) == [BillPlanned.type])
        #expect(try second[0].decode(BillPlanned.self).vendorQboId == "77")
    }

    @Test func quarantinesInvoiceForInactiveVendorNotReactivated() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.reference(
                "Vendor", [EventBuilders.record("62", "Gone Inc (deleted)", active: false)], full: false))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("GI", vendorId: "V5", vendorName: "Gone Inc")])
        let decision = try harness.run()[0].decode(InvoiceQuarantined.self)
        #expect(decision.problems.map(\.category) == ["vendor-inactive"])
    }

    @Test func quarantinesInvoiceForUnknownVendorOnceTheBacklogIsConsumed() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("UV", vendorId: "V404", vendorName: "Nobody")])
        let appended = try harness.run()
        #expect(types(appended) == [InvoiceWaiting.type, InvoiceQuarantined.type])
        #expect(try appended[1].decode(InvoiceQuarantined.self).problems.map(\.category) == ["vendor-unknown"])
        // The vendor appears later: the invoice is evaluated again by itself.
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V404", name: "Nobody")]))
        let second = try harness.run()
        #expect(types(second) == [VendorPlanned.type, InvoiceWaiting.type])
        try harness.append(try EventBuilders.vendorConfirmed(try second[0].decode(VendorPlanned.self), qboId: "90"))
        #expect(types(try harness.run()) == [BillPlanned.type])
    }

    @Test func vendorRefusedByQBOIsQuarantinedAndItsInvoicesToo() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V8", name: "Dup Name")]))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("DN", vendorId: "V8", vendorName: "Dup Name")])
        let plan = try harness.run()[0].decode(VendorPlanned.self)
        try harness.append(
            try EventBuilders.writeRejected(
                entity: "Vendor", id: "V8", requestId: plan.requestId, contentHash: plan.contentHash, code: "6240",
                message: "Duplicate Name Exists Error"))
        let appended = try harness.run()
        #expect(types(appended) == [VendorQuarantined.type, InvoiceQuarantined.type])
        #expect(try appended[0].decode(VendorQuarantined.self).problems[0].category == "vendor-name-invalid")
        #expect(try appended[1].decode(InvoiceQuarantined.self).problems[0].category == "vendor-rejected")
    }
}
