import EventLog
import Testing

@testable import Transform

@Suite struct CanonicalWriterTests {
    private func fullPlan(_ text: String) -> BillPlanned {
        let choice = RuleChoice(stampli: text, qboId: "7", qboName: "A:B \(text)", rule: "mapping-row", mappingRow: 12)
        let line = BillPlanned.Line(
            lineNumber: 10, description: text, amount: Money("1234567.89")!, account: choice, classChoice: choice,
            customerId: "58", customerName: text, billableStatus: "Billable", sourceRow: 2)
        return BillPlanned(
            invoiceId: text, contentHash: "h", requestId: "b-1", entity: "Bill", action: "update", qboId: "151",
            stampliVendorId: "V/1", vendorQboId: "56", vendorName: text, docNumber: "N", txnDate: "2026-01-01",
            dueDate: "2026-02-01", currency: "USD", termId: "3", termName: "Net 30", department: choice,
            lines: [line, line], total: Money("-0.30")!, privateNote: text, poNumber: "PO",
            attachments: [
                .init(fileName: text, blobSha256: "s", contentType: "application/pdf")
            ], approver: text, approvedDate: "2026-01-02", fileSha256: "f", path: "invoices/\(text)",
            mappingSha256: "m")
    }

    @Test func writesTheSameBytesAsCanonicalJSON() throws {
        for text in ["plain", "q\"\\/\u{7F}\u{2028}\u{1}\u{1F}\n\t\r\u{8}\u{C}é😀", "", "a\u{0}b"] {
            let plan = fullPlan(text)
            #expect(plan.canonicalBytes == (try CanonicalJSON.encode(plan)))
            var sparse = plan
            sparse.qboId = nil
            sparse.department = nil
            sparse.lines[0].classChoice = nil
            sparse.lines[0].description = nil
            sparse.attachments = []
            sparse.mappingSha256 = nil
            #expect(sparse.canonicalBytes == (try CanonicalJSON.encode(sparse)))
        }
    }

    @Test func escapesASpecialCharacterAtAnyPositionOfALongString() throws {
        // Strings are checked eight bytes at a time before being copied whole.
        for position in 0..<24 {
            for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "é", "\u{7F}"] {
                let text = String(repeating: "x", count: position) + special + "tail after the special character"
                let plan = fullPlan(text)
                #expect(plan.canonicalBytes == (try CanonicalJSON.encode(plan)))
            }
        }
    }

    @Test func writesAmountsAndIntegersAsCanonicalJSONDoes() throws {
        let amounts = [
            "0", "0.00001", "-0.00001", "1", "-1", "10.5", "10.50", "123.45678", "-9999999999.99999", "100000",
            "0.1", "7.12300", "-0.30",
        ]
        for (index, text) in amounts.enumerated() {
            var plan = fullPlan("x")
            plan.total = Money(text)!
            plan.lines[0].amount = -Money(text)!
            plan.lines[0].lineNumber = [0, 7, -3, 1_000_000, Int.max, Int.min + 1][index % 6]
            plan.lines[1].sourceRow = index * 1_001
            #expect(plan.canonicalBytes == (try CanonicalJSON.encode(plan)), "amount \(text)")
        }
    }

    /// Fails when BillPlanned (or a nested type) gains a property: the writer must learn it too.
    @Test func theFixtureSetsEveryPropertySoNoneCanBeMissed() {
        func nils(_ value: Any) -> [String] {
            Mirror(reflecting: value).children.compactMap { child -> [String]? in
                let mirror = Mirror(reflecting: child.value)
                if mirror.displayStyle == .optional {
                    return mirror.children.isEmpty ? [child.label ?? "?"] : nils(mirror.children.first!.value)
                }
                if mirror.displayStyle == .struct && !(child.value is Money) { return nils(child.value) }
                if mirror.displayStyle == .collection { return mirror.children.flatMap { nils($0.value) } }
                return []
            }.flatMap { $0 }
        }
        #expect(nils(fullPlan("x")).isEmpty)
    }
}
