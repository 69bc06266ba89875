import EventLog
import TestSupport
import Testing

@testable import Transform

@Suite struct DeterminismAndReplayTests {
    /// A mixed backlog: reference, mapping, vendors, invoices (valid, bad, unmapped, credit), payments.
    private func fill(_ harness: TransformHarness) throws {
        try harness.map([("bank", "Operating", "Checking"), ("department", "NYC", "New York")])
        try harness.append(
            try EventBuilders.file(
                .vendors, name: "v.csv",
                rows: [EventBuilders.vendorRow("V2", name: "Hooli"), EventBuilders.vendorRow("V3", name: "X:Y")]))
        var rows: [[String: String]] = []
        for index in 0..<30 {
            let id = "INV-\(index)"
            let gl = index % 7 == 0 ? "9999" : (index % 2 == 0 ? "6100" : "6200")
            let vendor = index % 5 == 0 ? ("V2", "Hooli") : ("V1", "Acme Supplies")
            rows.append(
                EventBuilders.invoiceRow(
                    id, line: 1, amount: "0.10", total: "0.30", gl: gl, vendorId: vendor.0, vendorName: vendor.1,
                    ["Department": "NYC"]))
            rows.append(
                EventBuilders.invoiceRow(
                    id, line: 2, amount: index % 11 == 0 ? "0.21" : "0.20", total: "0.30", gl: "6100",
                    vendorId: vendor.0, vendorName: vendor.1, ["Department": "NYC"]))
        }
        rows.append(EventBuilders.invoiceRow("CREDIT", amount: "-5.00"))
        try harness.invoiceFile("big.csv", rows)
        try harness.invoiceFile("again.csv", [rows[2], rows[3]])
        try harness.append(
            try EventBuilders.file(
                .payments, name: "p.csv",
                rows: [
                    EventBuilders.paymentRow("PAY", invoice: "INV-1", amount: "0.30"),
                    EventBuilders.paymentRow("PX", invoice: "INV-0"),
                ]))
    }

    private func decisions(_ store: any EventStore, after: Int64 = 0) throws -> [String] {
        try store.events(after: after, limit: 100_000).filter { $0.stage == "transform" }.map {
            $0.type + " " + $0.payloadText
        }
    }

    @Test func sameEventsGiveByteIdenticalDecisionsWhateverThePagingOrRestart() throws {
        let one = try TransformHarness.standard()
        try fill(one)
        let inputEnd = try one.store.lastSeq()
        let copy = try one.temp.copy()
        _ = try one.run()
        let reference = try decisions(one.store)
        #expect(reference.count > 30)

        // The same inputs in a second database, one event per page.
        let two = try TransformHarness.standard(settings: TransformSettings(pageSize: 1))
        try fill(two)
        #expect(try two.store.lastSeq() == inputEnd)
        _ = try two.run()
        #expect(try decisions(two.store) == reference)

        // A restart from a copy of the database taken before the run.
        _ = try Transformer().runOnce(store: copy, logger: TransformTestStore.logger)
        #expect(try decisions(copy) == reference)
        #expect(try one.run().isEmpty)
    }

    /// Pins the exact bytes of a mixed run (plans with every optional member, quarantines, waits, skips,
    /// vendor and payment decisions): a faster encoder or row reader must not change a single byte.
    @Test func theDecisionsOfAMixedBacklogKeepTheirExactBytes() throws {
        let harness = try TransformHarness.standard()
        try fill(harness)
        try harness.append(try EventBuilders.attachment("scan 1.pdf", invoiceFile: "rich.csv"))
        let rich: [[String: String]] = (0..<12).map { line in
            EventBuilders.invoiceRow(
                "RICH-\(line / 4)", line: line % 4 + 1, amount: "\(line + 1).0\(line % 10)5",
                total: ["10.08", "26.24", "42.2"][line / 4], gl: line % 3 == 0 ? "Office Supplies" : "6200",
                [
                    "Class": line % 2 == 0 ? "Consulting:Advisory" : "", "Customer": line % 4 == 1 ? "Globex" : "",
                    "Billable": line % 4 == 1 ? "Y" : "N", "Line Description": "Paper \"A4\" / é \(line)\n2nd",
                    "Memo": String(repeating: "memo ü ", count: 700), "Terms": "Net 30", "PO Number": "PO/\(line / 4)",
                    "Attachment": line == 0 ? "scan 1.pdf" : "", "Department": "NYC",
                ])
        }
        try harness.invoiceFile("rich.csv", rich)
        _ = try harness.run()
        let all = try decisions(harness.store)
        #expect(all.filter { $0.hasPrefix(BillPlanned.type) }.count >= 15)
        let plans = try harness.store.events(subject: "invoice:RICH-0", types: [BillPlanned.type])
        let plan = try #require(plans.last).decode(BillPlanned.self)
        #expect(plan.attachments.count == 1 && plan.termId == "3" && plan.department != nil)
        #expect(plan.lines.contains { $0.classChoice != nil } && plan.lines.contains { $0.customerId == "58" })
        #expect(try harness.store.events(subject: "invoice:RICH-2", types: [BillPlanned.type]).count == 1)
        let digest = SHA256Digest.hex(of: Array(all.joined(separator: "\n").utf8))
        #expect(digest == "0e074fdb2cde460ed195739dbbe303e803773a0fa910c1109c87a13bb690580d", "\(all.count) decisions")
    }

    @Test func replayAfterAMappingFixReportsThenAppendsOnlyTheChangedDecisions() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile(
            "a.csv", [EventBuilders.invoiceRow("R1", gl: "5555"), EventBuilders.invoiceRow("R2", gl: "6100")])
        let rowRange = (try harness.store.lastSeq() - 1)...(try harness.store.lastSeq())
        let first = try harness.run()
        #expect(types(first) == [InvoiceQuarantined.type, BillPlanned.type])
        let replayer = Replayer()

        let unchanged = try replayer.replay(
            range: rowRange, dryRun: true, store: harness.store, logger: TransformTestStore.logger)
        #expect(unchanged.evaluated == 2)
        #expect(unchanged.differences.isEmpty)

        // Fix the mapping without running the stage: the dry run shows the would-be plan and writes nothing.
        let mapping = try MappingFile.parse(
            bytes: EventBuilders.mappingBytes([("account", "5555", "Rent or Lease")]), path: "m.csv")
        try harness.append(try MappingFile.event(mapping))
        let lastBefore = try harness.store.lastSeq()
        let dry = try replayer.replay(
            range: rowRange, dryRun: true, store: harness.store, logger: TransformTestStore.logger)
        #expect(try harness.store.lastSeq() == lastBefore)
        #expect(dry.differences.map(\.stampliId) == ["R1"])
        let difference = dry.differences[0]
        #expect(difference.recordedType == InvoiceQuarantined.type)
        #expect(difference.proposedType == BillPlanned.type)
        #expect(difference.changes.contains { $0.field == "type" && $0.after == BillPlanned.type })
        #expect(
            difference.changes.contains { $0.field == "lines[0].account.qboId" && $0.before == nil && $0.after == "8" })

        // Not a dry run: the stage catches up first (its mapping reaction plans R1), so replay adds nothing.
        let caughtUp = try replayer.replay(
            range: rowRange, dryRun: false, store: harness.store, logger: TransformTestStore.logger)
        #expect(caughtUp.differences.isEmpty)
        #expect(try harness.store.events(subject: "invoice:R1", types: [BillPlanned.type]).count == 1)
        #expect(try harness.store.events(in: first[0].seq...first[0].seq)[0] == first[0])

        // A mapping row for a code R2 matched automatically: only a replay re-decides a planned invoice.
        let remap = try MappingFile.parse(
            bytes: EventBuilders.mappingBytes([
                ("account", "5555", "Rent or Lease"), ("account", "6100", "Rent or Lease"),
            ]), path: "m.csv")
        try harness.append(try MappingFile.event(remap))
        #expect(try harness.run().isEmpty)
        let applied = try replayer.replay(
            range: rowRange, dryRun: false, store: harness.store, logger: TransformTestStore.logger)
        #expect(applied.differences.map(\.stampliId) == ["R2"])
        #expect(
            applied.differences[0].changes.contains {
                $0.field == "lines[0].account.rule" && $0.before == "auto-match-number" && $0.after == "mapping-row"
            })
        let appendedSeq = try #require(applied.differences[0].appendedSeq)
        let appended = try harness.store.events(in: appendedSeq...appendedSeq)[0]
        #expect(try appended.decode(BillPlanned.self).lines[0].account.qboId == "8")
        #expect(try harness.run().isEmpty)
        #expect(
            try replayer.replay(range: rowRange, dryRun: true, store: harness.store, logger: TransformTestStore.logger)
                .differences.isEmpty)
    }

    @Test func replayNeverPlansASecondBillForPostedContent() throws {
        let harness = try TransformHarness.standard()
        try harness.invoiceFile("a.csv", [EventBuilders.invoiceRow("RP", gl: "6100")])
        let rowRange = (try harness.store.lastSeq())...(try harness.store.lastSeq())
        let plan = try harness.run()[0].decode(BillPlanned.self)
        try harness.append(try EventBuilders.billPosted(plan, qboId: "300"))
        try harness.map([("account", "6100", "Rent or Lease")])
        let report = try Replayer().replay(
            range: rowRange, dryRun: false, store: harness.store, logger: TransformTestStore.logger)
        #expect(report.differences.map(\.proposedType) == [InvoiceSkipped.type])
        #expect(try harness.store.events(subject: "invoice:RP", types: [BillPlanned.type]).count == 1)
    }
}
