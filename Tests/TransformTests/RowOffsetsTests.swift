import EventLog
import Testing

@testable import Transform

/// A row's two column maps share one offsets array; a map that turns out to need strings part way through
/// leaves no offsets behind for the other one.
@Suite struct RowOffsetsTests {
    private func scan(
        _ fields: [String: String], _ normalized: [String: String], after previous: SourceRow? = nil
    ) throws -> SourceRow {
        let parsed = RowParsed(
            kind: .invoices, fileSha256: "f", path: "p", row: 2, byteOffset: 0, byteLength: 1, fields: fields,
            normalized: normalized, extra: [:])
        let payload = try NewEvent(parsed, subject: "invoice:I").payload
        return try #require(RowPayloadScanner.row(seq: 1, payload: payload, previous: previous))
    }

    @Test func bothMapsOfARowReadTheirOwnValues() throws {
        let fields = ["Invoice ID": "INV-1", "Line Amount": "1.5", "Memo": "plain memo"]
        let normalized = ["Invoice Date": "2026-01-31", "Line Amount": "1.50000"]
        let row = try scan(fields, normalized)
        #expect(row.fields.dictionary == fields && row.normalized.dictionary == normalized)
        #expect(row.value(.lineAmount) == "1.50000" && row.raw(.lineAmount) == "1.5")
        let next = try scan(fields.merging(["Memo": "other memo"]) { $1 }, normalized, after: row)
        #expect(next.fields.hasSameColumns(as: row.fields) && next.normalized.hasSameColumns(as: row.normalized))
        #expect(!next.fields.hasSameColumns(as: row.normalized))
        let amount = row.normalized.index(of: .lineAmount)
        #expect(next.normalized.hasSameBytes(at: amount, as: row.normalized, at: amount))
        let memo = row.fields.index(of: .memo)
        #expect(!next.fields.hasSameBytes(at: memo, as: row.fields, at: memo))
        #expect(next.normalized.sameBytesMask(at: [amount, nil], as: row.normalized) == 0b11)
    }

    @Test func aMapReadAsStringsPartWayLeavesTheOtherMapsSpansIntact() throws {
        // The last field needs an escape: its map's spans are dropped after most of them were read.
        let escapedFields = ["Invoice ID": "INV-2", "Line Amount": "2", "Zeta": "say \"hi\""]
        let normalized = ["Invoice Date": "2026-02-28", "Line Amount": "2.00000"]
        let first = try scan(escapedFields, normalized)
        #expect(first.fields.dictionary == escapedFields && first.normalized.dictionary == normalized)
        #expect(first.fields.columnLayout == nil && first.normalized.columnLayout != nil)
        #expect(first.value(.invoiceDate) == "2026-02-28" && first.raw(.invoiceId) == "INV-2")
        // The other way round: the normalized map needs strings after the fields were read as spans.
        let fields = ["Invoice ID": "INV-3", "Line Amount": "3"]
        let escapedNormalized = ["Invoice Date": "2026-03-31", "Line Amount": "3.00000", "Zeta": "tab\there"]
        let second = try scan(fields, escapedNormalized, after: first)
        #expect(second.fields.dictionary == fields && second.normalized.dictionary == escapedNormalized)
        #expect(second.fields.columnLayout != nil && second.normalized.columnLayout == nil)
        #expect(second.raw(.lineAmount) == "3" && second.value(.lineAmount) == "3.00000")
        // And a row after it, with both maps as spans again.
        let third = try scan(fields, normalized, after: second)
        #expect(third.fields.dictionary == fields && third.normalized.dictionary == normalized)
    }

    @Test func anInvoiceIdIsReadOnceAndReusedWhenItsBytesMatch() throws {
        let shared = String(repeating: "INVOICE-", count: 3) + "42"
        let row = try scan(["Invoice ID": shared], [:])
        let id = row.invoiceId(reusing: shared)
        #expect(id == shared)
        // Asked again, the first answer is kept whatever the candidate.
        #expect(row.invoiceId(reusing: "other") == shared)
        // Surrounding spaces are trimmed, as `raw(.invoiceId)` does; a different id is not taken for the candidate.
        #expect(try scan(["Invoice ID": "  \(shared) "], [:]).invoiceId(reusing: shared) == shared)
        #expect(try scan(["Invoice ID": "INV-9"], [:]).invoiceId(reusing: "INV-8") == "INV-9")
        #expect(try scan(["Memo": "no id"], [:]).invoiceId(reusing: "INV-8") == "")
    }
}
