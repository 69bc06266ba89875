import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct DedupAndAmendmentTests {
    @Test func skipsAnIdenticalReExportAsADuplicate() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("D1")])
        let plan = try harness.run()[0]
        try harness.invoiceFile("b.csv", [EventBuilders.invoiceRow("D1")])
        let appended = try harness.run()
        #expect(types(appended) == [InvoiceSkipped.type])
        let skipped = try appended[0].decode(InvoiceSkipped.self)
        #expect(skipped.reason == "duplicate")
        #expect(skipped.originalSeq == plan.seq)
        #expect(skipped.path == "invoices/b.csv")
    }

    @Test func skipsADuplicateWithinTheSamePage() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("D2")])
        try harness.invoiceFile("b.csv", [EventBuilders.invoiceRow("D2")])
        let appended = try harness.run()
        #expect(types(appended) == [BillPlanned.type, InvoiceSkipped.type])
        #expect(try appended[1].decode(InvoiceSkipped.self).originalSeq == appended[0].seq)
    }

    @Test func quarantinesAnAmendmentWithAFieldByFieldDiff() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("AM", amount: "100.00")])
        #expect(types(try harness.run()) == [BillPlanned.type])
        try harness.invoiceFile("b.csv", [EventBuilders.invoiceRow("AM", amount: "120.00", ["Memo": "corrected"])])
        let appended = try harness.run()
        #expect(types(appended) == [InvoiceQuarantined.type])
        let decision = try appended[0].decode(InvoiceQuarantined.self)
        #expect(decision.problems.map(\.category) == ["amendment"])
        #expect(
            decision.changes == [
                FieldChange(field: "Invoice Total", before: "100.00", after: "120.00"),
                FieldChange(field: "Line 1 Line Amount", before: "100.00", after: "120.00"),
                FieldChange(field: "Memo", before: nil, after: "corrected"),
            ])
    }

    @Test func plansABillUpdateForAnAmendmentWhenConfigured() throws {
        let harness = try TransformHarness.standard(settings: TransformSettings(onAmendment: .update))
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("UP", amount: "100.00")])
        let original = try harness.run()[0].decode(BillPlanned.self)
        // Not posted yet: there is no Bill to update.
        try harness.invoiceFile("b.csv", [EventBuilders.invoiceRow("UP", amount: "120.00")])
        #expect(try harness.run()[0].decode(InvoiceQuarantined.self).problems[0].category == "amendment")
        try harness.append(try EventBuilders.billPosted(original, qboId: "151"))
        try harness.append(try EventBuilders.retried("invoice", "UP"))
        let appended = try harness.run()
        #expect(types(appended) == [BillPlanned.type])
        let update = try appended[0].decode(BillPlanned.self)
        #expect(update.action == "update")
        #expect(update.qboId == "151")
        #expect(update.total.description == "120.00")
        #expect(update.requestId != original.requestId)
    }

    @Test func skipsContentAlreadyPostedEvenFromAnotherFile() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("PO")])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        try harness.append(try EventBuilders.billPosted(plan, qboId: "200"))
        try harness.invoiceFile("c.csv", [EventBuilders.invoiceRow("PO")])
        #expect(types(try harness.run()) == [InvoiceSkipped.type])
    }
}
