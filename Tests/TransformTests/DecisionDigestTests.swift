import EventLog
import TestSupport
import Testing

@testable import Transform

/// Decisions committed by a run keep no digest of their bytes; a later decision on the same item is still
/// compared byte for byte with them (through the committed event), within the run and in the next one.
@Suite struct DecisionDigestTests {
    private func waitingInvoiceThenNewReference(_ harness: TransformHarness) throws {
        try harness.invoiceFile(
            "a.csv", [EventBuilders.invoiceRow("I1", vendorId: "V9", vendorName: "Nobody Incorporated")])
        // New reference data re-evaluates the waiting invoice: the same decision again, which is not appended.
        try harness.append(try EventBuilders.standardReference())
    }

    @Test func aRepeatOfADecisionCommittedInTheSameRunIsNotAppended() throws {
        let harness = try TransformHarness.standard()
        try waitingInvoiceThenNewReference(harness)
        let appended = try harness.run()
        // The wait, then (the backlog consumed) the quarantine of the still unknown vendor; no second wait.
        #expect(types(appended) == [InvoiceWaiting.type, InvoiceQuarantined.type])
        let state = try TransformState.load(store: harness.store, through: try harness.store.lastSeq())
        let last = try #require(state.invoices["I1"]?.last)
        #expect(last.seq == appended.last?.seq && last.digest != nil)
    }

    @Test func theDigestOfACommittedDecisionIsWorkedOutFromItsEvent() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("I1")])
        let appended = try harness.run()
        let plan = try #require(appended.first)
        let engine = DecisionEngine(
            settings: TransformSettings(), store: harness.store,
            state: try TransformState.load(store: harness.store, through: try harness.store.lastSeq()))
        let expected = TransformState.digest(type: plan.type, payload: plan.payload)
        #expect(try engine.digest(of: TransformState.Decision(seq: plan.seq, digest: nil)) == expected)
        #expect(try engine.digest(of: TransformState.Decision(seq: plan.seq, digest: "kept")) == "kept")
        #expect(engine.lastDecision(subject: "invoice:I1")?.digest == expected)
        #expect(try engine.repeatsLast(digest: expected, subject: "invoice:I1"))
        #expect(try !engine.repeatsLast(digest: expected, subject: "invoice:I2"))
        // A decision that is neither committed nor carries its digest cannot be compared: that is an error.
        #expect(throws: TransformError.self) { try engine.digest(of: TransformState.Decision(seq: 0, digest: nil)) }
    }

    @Test func planSeqsKeepEveryEntryWhicheverIsRemoved() {
        var plans = TransformState.PlanSeqs()
        for (index, hash) in ["a", "b", "c", "d"].enumerated() { plans[hash] = Int64(index + 1) }
        #expect(["a", "b", "c", "d"].map { plans[$0] } == [1, 2, 3, 4])
        plans["a"] = nil
        #expect(["a", "b", "c", "d"].map { plans[$0] } == [nil, 2, 3, 4])
        plans["c"] = nil
        plans["b"] = 20
        #expect(["a", "b", "c", "d"].map { plans[$0] } == [nil, 20, nil, 4])
        plans["b"] = nil
        plans["d"] = nil
        #expect(["a", "b", "c", "d"].map { plans[$0] } == [nil, nil, nil, nil])
        plans["e"] = 5
        plans["a"] = 6
        #expect(plans["e"] == 5 && plans["a"] == 6 && plans["b"] == nil)
    }
}
