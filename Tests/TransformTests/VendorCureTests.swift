import EventLog
import TestSupport
import Testing

@testable import Transform

/// An invoice quarantined only because its vendor is quarantined follows the vendor once it is cured.
/// (Found by the load suite: `ml-connector transform` run before any reference sync quarantined every vendor for
/// an unknown term and every invoice with it; the vendors were cured by the sync, the invoices stayed.)
@Suite struct VendorCureTests {
    @Test func anInvoiceQuarantinedForItsVendorIsPlannedOnceReferenceDataCuresTheVendor() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(
                .vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V9", name: "Initech", ["Terms": "Net 60"])]))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("IN-1", vendorId: "V9", vendorName: "Initech")])
        let first = try harness.run()
        #expect(types(first) == [VendorQuarantined.type, InvoiceQuarantined.type])
        #expect(try first[0].decode(VendorQuarantined.self).problems.map(\.category) == ["unknown-term"])
        #expect(try first[1].decode(InvoiceQuarantined.self).problems.map(\.category) == ["vendor-rejected"])

        // The term appears in QBO: the vendor is planned, and the invoice waits for its confirmation...
        try harness.append(
            try EventBuilders.reference("Term", [EventBuilders.record("4", "Net 60")], full: false))
        let second = try harness.run()
        #expect(types(second) == [VendorPlanned.type, InvoiceWaiting.type])
        #expect(try second[1].decode(InvoiceWaiting.self).reason == "vendor-pending")
        // ...and is planned once QBO confirms the vendor.
        try harness.append(try EventBuilders.vendorConfirmed(try second[0].decode(VendorPlanned.self), qboId: "91"))
        let third = try harness.run()
        #expect(types(third) == [BillPlanned.type])
        #expect(try third[0].decode(BillPlanned.self).vendorQboId == "91")
    }

    @Test func anInvoiceQuarantinedForAVendorQBORefusedIsPlannedAfterTheVendorsRetry() throws {
        let harness = try TransformHarness.standard()
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V8", name: "Busy Name")]))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("BN", vendorId: "V8", vendorName: "Busy Name")])
        let plan = try harness.run()[0].decode(VendorPlanned.self)
        try harness.append(
            try EventBuilders.writeRejected(
                entity: "Vendor", id: "V8", requestId: plan.requestId, contentHash: plan.contentHash, code: "6000",
                message: "A business validation error has occurred"))
        #expect(types(try harness.run()) == [VendorQuarantined.type, InvoiceQuarantined.type])
        // The operator fixed the cause in QBO and retries the vendor only: the invoice follows.
        try harness.append(try EventBuilders.retried("vendor", "V8"))
        let retried = try harness.run()
        #expect(types(retried) == [VendorPlanned.type, InvoiceWaiting.type])
        try harness.append(try EventBuilders.vendorConfirmed(try retried[0].decode(VendorPlanned.self), qboId: "92"))
        #expect(types(try harness.run()) == [BillPlanned.type])
    }
}

/// A dry-run replay of a log where QBO refused a vendor that Transform would now refuse itself.
@Suite struct ReplayOfRefusedVendorTests {
    @Test func aDryRunReplayCallsAVendorQBORefusedUnchangedWhenItWouldNowBeQuarantinedForTheSameReason() throws {
        // No reference data yet (Transform run before any sync): the vendor is planned as a create.
        let harness = try TransformHarness()
        try harness.append(
            try EventBuilders.file(.vendors, name: "v.csv", rows: [EventBuilders.vendorRow("V3", name: "Globex")]))
        try harness.invoiceFile("i.csv", [EventBuilders.invoiceRow("GX", vendorId: "V3", vendorName: "Globex")])
        let plan = try #require(try harness.run().first { $0.type == VendorPlanned.type }).decode(VendorPlanned.self)
        // QBO refuses it: a customer already holds the name.
        try harness.append(
            try EventBuilders.writeRejected(
                entity: "Vendor", id: "V3", requestId: plan.requestId, contentHash: plan.contentHash, code: "6240",
                message: "Duplicate Name Exists Error"))
        #expect(types(try harness.run()).contains(VendorQuarantined.type))
        // The sync then brings the customer; the stage leaves the refused vendor for an operator's retry.
        try harness.append(try EventBuilders.standardReference())
        _ = try harness.run()

        let last = try harness.store.lastSeq()
        let report = try Replayer().replay(
            range: 1...last, dryRun: true, store: harness.store, logger: TransformTestStore.logger)
        #expect(report.differences.isEmpty, "\(report.differences.map { "\($0.itemKind) \($0.stampliId) \($0.changes)" })")
        #expect(report.evaluated == 2 && report.unchanged == 2)
        #expect(try harness.store.lastSeq() == last)
    }
}
