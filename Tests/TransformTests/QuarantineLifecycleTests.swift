import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct QuarantineLifecycleTests {
    @Test func qboRejectionQuarantinesAndARetryPlansWithAFreshRequestId() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("QR")])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        try harness.append(
            try EventBuilders.writeRejected(
                entity: "Bill", id: "QR", requestId: plan.requestId, contentHash: plan.contentHash, code: "6140",
                message: "Duplicate Document Number Error"))
        let rejected = try harness.run()
        #expect(types(rejected) == [InvoiceQuarantined.type])
        let problem = try rejected[0].decode(InvoiceQuarantined.self).problems[0]
        #expect(problem.category == "qbo-rejected")
        #expect(problem.message.contains("6140") && problem.message.contains("Duplicate Document Number Error"))

        let view = try QuarantineView.load(store: harness.store)
        #expect(view.open.map(\.stampliId) == ["QR"])
        #expect(view.countsByCategory == ["qbo-rejected": 1])

        try harness.append(try EventBuilders.retried("invoice", "QR"))
        let retried = try harness.run()
        #expect(types(retried) == [BillPlanned.type])
        let again = try retried[0].decode(BillPlanned.self)
        #expect(again.contentHash == plan.contentHash)
        #expect(again.requestId != plan.requestId)
        #expect(try QuarantineView.load(store: harness.store).items.isEmpty)
    }

    @Test func viewShowsReasonsRetriesAndDismissals() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "a.csv", [EventBuilders.invoiceRow("V1", gl: "0000"), EventBuilders.invoiceRow("V2", gl: "0001")])
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("BAD", name: "A:B")]))
        _ = try harness.run()
        try harness.append(try EventBuilders.retried("invoice", "V1"))
        try harness.append(try EventBuilders.dismissed("invoice", "V2"))
        #expect(try harness.run().isEmpty)
        let view = try QuarantineView.load(store: harness.store)
        #expect(view.items.map { "\($0.itemKind):\($0.stampliId)" } == ["invoice:V1", "invoice:V2", "vendor:BAD"])
        #expect(view.items.map(\.retries) == [1, 0, 0])
        #expect(view.items.map(\.isDismissed) == [false, true, false])
        #expect(view.open.map(\.stampliId) == ["V1", "BAD"])
        #expect(view.items[0].categories == ["unmapped-account"])
        #expect(view.items[0].problems[0].value == "0000")
        #expect(view.items[1].note == "entered by hand")
    }

    @Test func newReferenceDataCuresAnInvoiceQuarantinedForAnInactiveAccount() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("IA", gl: "6300")])
        #expect(types(try harness.run()) == [InvoiceQuarantined.type])
        try harness.append(
            try EventBuilders.reference(
                "Account", [EventBuilders.record("9", "Old Travel", number: "6300", type: "Expense")], full: false))
        let appended = try harness.run()
        #expect(types(appended) == [BillPlanned.type])
        #expect(try appended[0].decode(BillPlanned.self).lines[0].account.qboId == "9")
    }

    @Test func dataProblemsAreNotReEvaluatedOnEveryReferenceSync() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("TM", amount: "1.00", total: "2.00")])
        #expect(types(try harness.run()) == [InvoiceQuarantined.type])
        try harness.append(try EventBuilders.standardReference())
        #expect(try harness.run().isEmpty)
    }
}

@Suite struct RetryScopeTests {
    @Test func retryingAPlannedInvoiceAddsNothing() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("OKAY")])
        #expect(types(try harness.run()) == [BillPlanned.type])
        try harness.append(try EventBuilders.retried("invoice", "OKAY"))
        #expect(try harness.run().isEmpty)
    }

    @Test func retryingAVendorAfterTheCustomerWasRenamedPlansIt() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("VG", name: "Globex")]))
        #expect(types(try harness.run()) == [VendorQuarantined.type])
        try harness.append(try EventBuilders.reference("Customer", [EventBuilders.record("58", "Globex Corp")]))
        try harness.append(try EventBuilders.retried("vendor", "VG"))
        let appended = try harness.run()
        #expect(types(appended) == [VendorPlanned.type])
        #expect(try appended[0].decode(VendorPlanned.self).action == "create")
    }
}
