import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct InvoicePlanningTests {
    @Test func plansBillWithMappedAccountsDepartmentClassAndAuditStamp() throws {
        let harness = try TransformHarness.standard()
        try harness.map([("department", "NYC", "New York"), ("class", "CC-100", "Consulting:Advisory")])
        try harness.invoiceFile(
            "inv1.csv",
            [
                EventBuilders.invoiceRow(
                    "INV-1", line: 1, amount: "60.00", total: "100.00",
                    ["Department": "NYC", "Class": "CC-100", "Memo": "January supplies", "Terms": "Net 30"]),
                EventBuilders.invoiceRow(
                    "INV-1", line: 2, amount: "40.00", total: "100.00", gl: "Rent or Lease",
                    [
                        "Department": "NYC", "Memo": "January supplies", "Terms": "Net 30", "Customer": "Globex",
                        "Billable": "Y",
                    ]),
            ])
        let appended = try harness.run()
        #expect(types(appended) == [BillPlanned.type])
        let plan = try appended[0].decode(BillPlanned.self)
        #expect(plan.entity == "Bill")
        #expect(plan.action == "create")
        #expect(plan.vendorQboId == "56")
        #expect(plan.docNumber == "N-INV-1")
        #expect(plan.total == Money("100.00")!)
        #expect(plan.lines.map(\.amount) == [Money("60.00")!, Money("40.00")!])
        #expect(
            plan.lines[0].account
                == RuleChoice(
                    stampli: "6100", qboId: "7", qboName: "Expenses:Office Supplies", rule: "auto-match-number"))
        #expect(plan.lines[1].account.rule == "auto-match-name")
        #expect(plan.lines[1].account.qboId == "8")
        #expect(
            plan.lines[0].classChoice
                == RuleChoice(
                    stampli: "CC-100", qboId: "100", qboName: "Consulting:Advisory", rule: "mapping-row", mappingRow: 3)
        )
        #expect(plan.department?.qboId == "1")
        #expect(plan.department?.mappingRow == 2)
        #expect(plan.lines[1].customerId == "58")
        #expect(plan.lines[1].billableStatus == "Billable")
        #expect(plan.termId == "3")
        #expect(plan.currency == "USD")
        #expect(plan.requestId.hasPrefix("b-") && plan.requestId.count == 42)
        #expect(
            plan.requestId == Digest.requestId(prefix: "b-", id: "INV-1", contentHash: plan.contentHash, attempt: 0))
        #expect(
            plan.privateNote.hasPrefix(
                "Stampli invoice INV-1; approved by dana@example.com on 2026-01-16; file sha256 "))
        #expect(plan.privateNote.hasSuffix("\nJanuary supplies"))
        #expect(plan.mappingSha256 != nil)
        #expect(try harness.store.cursor(Transformer.consumer) == appended[0].seq)
        #expect(try harness.run().isEmpty)
    }

    @Test func addsTenthsAndCentsExactly() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "money.csv",
            [
                EventBuilders.invoiceRow("M-1", line: 1, amount: "0.10", total: "0.30"),
                EventBuilders.invoiceRow("M-1", line: 2, amount: "0.20", total: "0.30"),
                EventBuilders.invoiceRow("M-2", line: 1, amount: "0.01", total: "0.03"),
                EventBuilders.invoiceRow("M-2", line: 2, amount: "0.01", total: "0.03"),
                EventBuilders.invoiceRow("M-2", line: 3, amount: "0.01", total: "0.03"),
                EventBuilders.invoiceRow("M-3", line: 1, amount: "1234567.88", total: "1234567.89"),
                EventBuilders.invoiceRow("M-3", line: 2, amount: "0.01", total: "1234567.89"),
            ])
        let plans = try harness.run().map { try $0.decode(BillPlanned.self) }
        #expect(plans.map(\.invoiceId) == ["M-1", "M-2", "M-3"])
        #expect(plans.map(\.total.description) == ["0.30", "0.03", "1234567.89"])
        #expect(plans[2].lines.map(\.amount.description) == ["1234567.88", "0.01"])
    }

    @Test func quarantinesOnlyTheInvoiceWhoseTotalIsOffByOneCent() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "mixed.csv",
            [
                EventBuilders.invoiceRow("BAD", line: 1, amount: "10.00", total: "20.01"),
                EventBuilders.invoiceRow("BAD", line: 2, amount: "10.00", total: "20.01"),
                EventBuilders.invoiceRow("GOOD", line: 1, amount: "5.00"),
            ])
        let appended = try harness.run()
        #expect(types(appended) == [InvoiceQuarantined.type, BillPlanned.type])
        let quarantined = try appended[0].decode(InvoiceQuarantined.self)
        #expect(quarantined.problems.map(\.category) == ["total-mismatch"])
        let problem = quarantined.problems[0]
        #expect(problem.file == "invoices/mixed.csv")
        #expect(problem.row == 2)
        #expect(problem.column == "Invoice Total")
        #expect(problem.value == "20.01")
        #expect(problem.expected == "20.00")
        #expect(problem.fix != nil)
        #expect(try appended[1].decode(BillPlanned.self).invoiceId == "GOOD")
    }

    @Test func quarantinesHeaderMismatchDuplicateLinesLongNumbersAndDepartmentConflicts() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "rules.csv",
            [
                EventBuilders.invoiceRow("H", line: 1, amount: "1.00", total: "2.00"),
                EventBuilders.invoiceRow("H", line: 2, amount: "1.00", total: "2.00", vendorName: "Acme Other"),
                EventBuilders.invoiceRow("D", line: 1, amount: "1.00", total: "2.00"),
                EventBuilders.invoiceRow("D", line: 1, amount: "1.00", total: "2.00"),
                EventBuilders.invoiceRow("L", number: "INV-0000000000000000022"),
                EventBuilders.invoiceRow("P", line: 1, amount: "1.00", total: "2.00", ["Department": "NYC"]),
                EventBuilders.invoiceRow("P", line: 2, amount: "1.00", total: "2.00", ["Department": "LA"]),
            ])
        let appended = try harness.run()
        let decisions = try appended.map { try $0.decode(InvoiceQuarantined.self) }
        #expect(decisions.map(\.invoiceId) == ["H", "D", "L", "P"])
        #expect(decisions[0].problems.map(\.category) == ["header-mismatch"])
        #expect(decisions[0].problems[0].column == "Vendor Name")
        #expect(decisions[0].problems[0].row == 3)
        #expect(decisions[1].problems.map(\.category) == ["duplicate-line-number"])
        #expect(decisions[2].problems.map(\.category) == ["doc-number-too-long"])
        #expect(decisions[3].problems.map(\.category).contains("department-conflict"))
    }

    @Test func headerColumnsAreComparedAlsoBetweenRowsWithDifferentColumns() throws {
        let harness = try TransformHarness.standard()
        var agreeing = EventBuilders.invoiceRow("A", line: 2, amount: "1.00", total: "2.00")
        agreeing["Extra Column"] = "only here"
        var differing = EventBuilders.invoiceRow("B", line: 2, amount: "1.00", total: "2.00", ["Memo": "other"])
        differing["Extra Column"] = "only here"
        var missing = EventBuilders.invoiceRow("C", line: 2, amount: "1.00", total: "2.00")
        missing["Terms"] = nil
        try harness.invoiceFile(
            "layouts.csv",
            [
                EventBuilders.invoiceRow("A", line: 1, amount: "1.00", total: "2.00"), agreeing,
                EventBuilders.invoiceRow("B", line: 1, amount: "1.00", total: "2.00"), differing,
                EventBuilders.invoiceRow("C", line: 1, amount: "1.00", total: "2.00", ["Terms": "Net 30"]), missing,
            ])
        let appended = try harness.run()
        #expect(appended.map(\.subject) == ["invoice:A", "invoice:B", "invoice:C"])
        #expect(appended[0].type == BillPlanned.type)
        let differs = try appended[1].decode(InvoiceQuarantined.self)
        #expect(differs.problems.map(\.category) == ["header-mismatch"] && differs.problems[0].column == "Memo")
        let lacks = try appended[2].decode(InvoiceQuarantined.self)
        #expect(lacks.problems.map(\.category) == ["header-mismatch"] && lacks.problems[0].column == "Terms")
    }

    @Test func anInvoiceWhoseRowsAreNotConsecutiveIsStillDecidedOnceWithAllItsRows() throws {
        let harness = try TransformHarness.standard()
        var noId = EventBuilders.invoiceRow("X")
        noId["Invoice ID"] = ""
        try harness.invoiceFile(
            "interleaved.csv",
            [
                EventBuilders.invoiceRow("A", line: 1, amount: "1.00", total: "3.50"),
                EventBuilders.invoiceRow("B", line: 1, amount: "2.00", total: "2.00"), noId,
                EventBuilders.invoiceRow("A", line: 2, amount: "2.50", total: "3.50"),
                EventBuilders.invoiceRow("C"),
            ])
        let appended = try harness.run()
        #expect(appended.map(\.subject) == ["invoice:A", "invoice:B", "invoice:C"])
        #expect(types(appended) == [BillPlanned.type, BillPlanned.type, BillPlanned.type])
        let planA = try appended[0].decode(BillPlanned.self)
        #expect(planA.lines.map(\.lineNumber) == [1, 2])
        #expect(planA.lines.map(\.sourceRow) == [2, 5])
        #expect(planA.total == Money("3.50"))
    }

    @Test func quarantinesTheWholeInvoiceWhenIngestRejectedOneOfItsRows() throws {
        let harness = try TransformHarness.standard()
        let badRow = EventBuilders.invoiceRow("R", line: 2, amount: "abc", total: "20.00")
        try harness.invoiceFile(
            "rejected.csv",
            [EventBuilders.invoiceRow("R", line: 1, amount: "10.00", total: "20.00"), EventBuilders.invoiceRow("OK")],
            rejected: [
                3: .init(fields: badRow, column: "Line Amount", value: "abc", expected: "an amount such as 1234.50")
            ])
        let appended = try harness.run()
        #expect(types(appended) == [InvoiceQuarantined.type, BillPlanned.type])
        let problem = try appended[0].decode(InvoiceQuarantined.self).problems[0]
        #expect(problem.category == "invalid-row")
        #expect(problem.row == 3)
        #expect(problem.column == "Line Amount")
        #expect(problem.value == "abc")
    }

    @Test func plansVendorCreditWithPositiveLinesForNegativeTotal() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "credit.csv",
            [
                EventBuilders.invoiceRow("CR", line: 1, amount: "-12.50", total: "-20.00"),
                EventBuilders.invoiceRow("CR", line: 2, amount: "-7.50", total: "-20.00"),
            ])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        #expect(plan.entity == "VendorCredit")
        #expect(plan.total.description == "20.00")
        #expect(plan.lines.map(\.amount.description) == ["12.50", "7.50"])
    }

    @Test func truncatesLongMemoButKeepsTheAuditStamp() throws {
        let harness = try TransformHarness.standard()
        let memo = String(repeating: "é", count: 5_000)
        try harness.invoiceFile("memo.csv", [EventBuilders.invoiceRow("MEMO", ["Memo": memo])])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        #expect(plan.privateNote.utf16.count <= 4_000)
        #expect(plan.privateNote.hasPrefix("Stampli invoice MEMO;"))
        #expect(plan.privateNote.hasSuffix("[truncated]"))
    }

    @Test func plansAttachmentsFromFetchedBlobsWithContentType() throws {
        let harness = try TransformHarness.standard()
        try harness.append(try EventBuilders.attachment("inv-9.pdf", invoiceFile: "att.csv"))
        try harness.invoiceFile(
            "att.csv",
            [
                EventBuilders.invoiceRow("ATT", ["Attachment": "inv-9.pdf"]),
                EventBuilders.invoiceRow("MISS", ["Attachment": "none.png"]),
            ])
        let appended = try harness.run()
        #expect(types(appended) == [BillPlanned.type, InvoiceQuarantined.type])
        let plan = try appended[0].decode(BillPlanned.self)
        #expect(
            plan.attachments == [
                .init(
                    fileName: "inv-9.pdf", blobSha256: EventBuilders.sha("blob-inv-9.pdf"),
                    contentType: "application/pdf")
            ])
        #expect(try appended[1].decode(InvoiceQuarantined.self).problems.map(\.category) == ["attachment-missing"])
    }
}
