import EventLog
import TestSupport
import Testing

@testable import Transform

/// The stage commits a large invoices file as it goes, holding only the invoices still open, instead of
/// reading the whole file's rows into memory and committing its decisions at the end. (Found by the load
/// suite: a 100,000-invoice backlog in three files took 860 MB in one Transform run.)
@Suite struct LargeFileMemoryTests {
    /// Pages of 10 keep at most 100 rows between the file's two passes, so this file of 120 rows is read
    /// twice; pages of 20 keep up to 200 rows, so its rows are kept from the first pass.
    @Test(arguments: [10, 20]) func aLargeFileWrittenInvoiceByInvoiceIsCommittedAPageAtATime(pageSize: Int) throws {
        let harness = try TransformHarness.standard(settings: TransformSettings(pageSize: pageSize))
        var rows: [[String: String]] = []
        for index in 0..<60 {
            rows.append(EventBuilders.invoiceRow("LF-\(index)", line: 1, amount: "10.00", total: "30.00", vendorId: "V1"))
            rows.append(EventBuilders.invoiceRow("LF-\(index)", line: 2, amount: "20.00", total: "30.00", vendorId: "V1"))
        }
        try harness.invoiceFile("big.csv", rows)
        let fileRows = try harness.store.events(types: [RowParsed.type], after: 0, limit: 1_000).map(\.seq)
        let inside = (fileRows.first ?? 0)..<(fileRows.last ?? 0)
        let counting = ForwardingEventStore(harness.store)
        _ = try Transformer(settings: harness.settings).runOnce(store: counting, logger: TransformTestStore.logger)
        let plans = try harness.store.events(types: [BillPlanned.type], after: 0, limit: 1_000)
            .map { try $0.decode(BillPlanned.self) }
        #expect(plans.map(\.invoiceId) == (0..<60).map { "LF-\($0)" })
        #expect(plans.allSatisfy { $0.lines.count == 2 })
        // Decisions were committed while the file was still being read: the cursor stopped inside it, between
        // two invoices, every page's worth of decisions (60 decisions, pages of 10 or 20).
        let stops = counting.cursorMoves.filter { inside.contains($0) }
        #expect(stops.count >= 60 / pageSize - 1, "cursor moves \(counting.cursorMoves), file rows \(inside)")
        #expect(stops.allSatisfy { stop in fileRows.firstIndex(of: stop).map { $0 % 2 == 1 } ?? false })
    }

    @Test func invoicesWhoseRowsInterleaveAreDecidedWholeInOrderOfFirstAppearance() throws {
        let harness = try TransformHarness.standard(settings: TransformSettings(pageSize: 2))
        let row = { (id: String, line: Int) in
            EventBuilders.invoiceRow(id, line: line, amount: "5.00", total: "10.00", vendorId: "V1")
        }
        try harness.invoiceFile("mixed.csv", [row("X", 1), row("Y", 1), row("Z", 1), row("X", 2), row("Z", 2), row("Y", 2)])
        let plans = try harness.run().filter { $0.type == BillPlanned.type }.map { try $0.decode(BillPlanned.self) }
        #expect(plans.map(\.invoiceId) == ["X", "Y", "Z"])
        #expect(plans.map(\.lines.count) == [2, 2, 2])
        #expect(try harness.store.cursor(Transformer.consumer) == (try harness.store.lastSeq()))
    }
}
