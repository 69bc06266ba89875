import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct PaymentTests {
    private func postedInvoice(_ harness: TransformHarness, _ id: String) throws -> BillPlanned {
        try harness.invoiceFile("inv-\(id).csv", [EventBuilders.invoiceRow(id)])
        let plan = try harness.run()[0].decode(BillPlanned.self)
        try harness.append(try EventBuilders.billPosted(plan, qboId: "B\(id)"))
        return plan
    }

    @Test func plansACheckOnTheMappedBankOnceTheBillIsPosted() throws {
        let harness = try TransformHarness.standard()
        try harness.map([("bank", "Operating", "Checking")])
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("P1")])
        try harness.append(
            try EventBuilders.file(
                .payments, name: "p.csv", rows: [EventBuilders.paymentRow("PAY1", invoice: "P1", amount: "100.00")]))
        let first = try harness.run()
        #expect(types(first) == [BillPlanned.type, PaymentWaiting.type])
        #expect(try first[1].decode(PaymentWaiting.self).reason == "bill-pending")
        try harness.append(try EventBuilders.billPosted(try first[0].decode(BillPlanned.self), qboId: "151"))
        let second = try harness.run()
        #expect(types(second) == [PaymentPlanned.type])
        let payment = try second[0].decode(PaymentPlanned.self)
        #expect(payment.payType == "Check")
        #expect(payment.billQboId == "151")
        #expect(payment.vendorQboId == "56")
        #expect(
            payment.account
                == RuleChoice(
                    stampli: "Operating", qboId: "35", qboName: "Checking", rule: "mapping-row", mappingRow: 2))
        #expect(payment.amount.description == "100.00")
        #expect(payment.requestId.hasPrefix("p-"))
        #expect(payment.reference == "CHK-PAY1")
    }

    @Test func paysByCardFromACreditCardAccount() throws {
        let harness = try TransformHarness.standard()
        _ = try postedInvoice(harness, "P2")
        try harness.append(
            try EventBuilders.file(
                .payments, name: "p.csv",
                rows: [EventBuilders.paymentRow("PAY2", invoice: "P2", method: "Visa", bank: "Company Visa")]))
        let payment = try harness.run()[0].decode(PaymentPlanned.self)
        #expect(payment.payType == "CreditCard")
        #expect(payment.account.qboId == "41")
        #expect(payment.account.rule == "auto-match-name")
    }

    @Test func quarantinesAPaymentOnAnUnmappedOrWrongTypeBank() throws {
        let harness = try TransformHarness.standard()
        _ = try postedInvoice(harness, "P3")
        try harness.append(
            try EventBuilders.file(
                .payments, name: "p.csv",
                rows: [
                    EventBuilders.paymentRow("PAY3", invoice: "P3", bank: "Savings"),
                    EventBuilders.paymentRow("PAY4", invoice: "P3", method: "Check", bank: "Company Visa"),
                ]))
        let decisions = try harness.run().map { try $0.decode(PaymentQuarantined.self) }
        #expect(decisions.map { $0.problems.map(\.category) } == [["unmapped-bank"], ["unmapped-bank"]])
        #expect(decisions[1].problems[0].message.contains("not Bank"))
    }

    @Test func quarantinesPaymentsForQuarantinedOrUnknownInvoices() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("Q1", gl: "9999")])
        try harness.append(
            try EventBuilders.file(
                .payments, name: "p.csv",
                rows: [EventBuilders.paymentRow("PQ", invoice: "Q1"), EventBuilders.paymentRow("PU", invoice: "NOPE")]))
        let appended = try harness.run()
        #expect(
            types(appended) == [
                InvoiceQuarantined.type, PaymentQuarantined.type, PaymentWaiting.type, PaymentQuarantined.type,
            ])
        #expect(try appended[1].decode(PaymentQuarantined.self).problems[0].category == "bill-unknown")
        let unknown = try appended[3].decode(PaymentQuarantined.self)
        #expect(unknown.paymentId == "PU")
        #expect(unknown.problems[0].message.contains("no ingested invoices file"))
    }

    @Test func identicalPaymentRowPlansNothingTheSecondTime() throws {
        let harness = try TransformHarness.standard()
        _ = try postedInvoice(harness, "P5")
        let row = EventBuilders.paymentRow("PAY5", invoice: "P5", bank: "Checking")
        try harness.append(try EventBuilders.file(.payments, name: "p1.csv", rows: [row]))
        #expect(types(try harness.run()) == [PaymentPlanned.type])
        try harness.append(try EventBuilders.file(.payments, name: "p2.csv", rows: [row]))
        #expect(try harness.run().isEmpty)
    }
}

@Suite struct BacklogCommitTests {
    @Test func eventsThatDecideNothingOnlyMoveTheCursor() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("i.csv", (0..<5).map { EventBuilders.invoiceRow("C\($0)") })
        let plans = try harness.run().map { try $0.decode(BillPlanned.self) }
        for (index, plan) in plans.enumerated() { try harness.append(try EventBuilders.billPosted(plan, qboId: "\(index)")) }
        let report = try Transformer(settings: harness.settings).runOnce(store: harness.store, logger: TransformTestStore.logger)
        #expect(report.appended == 0)
        #expect(report.consumed == 5)
        #expect(report.cursor == (try harness.store.lastSeq()))
    }
}
