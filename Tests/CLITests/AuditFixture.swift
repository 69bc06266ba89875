import EventLog
import Foundation
import TestSupport

/// A small but complete event history written straight into a database: one invoice posted (with its
/// source file and rows), one quarantined, one skipped as a duplicate.
enum AuditFixture {
    static let csv = """
        Invoice ID,Invoice Number,Vendor ID,Vendor Name,Invoice Date,Invoice Total,Line Number,Line Amount,GL Account
        INV-1,B-100,V-1,=HYPERLINK("x"),2026-11-02,300.30,1,100.10,6100
        INV-1,B-100,V-1,=HYPERLINK("x"),2026-11-02,300.30,2,200.20,6200

        """

    static func write(to path: String) throws {
        let store = try SQLiteEventStore(path: path)
        let bytes = Array(csv.utf8)
        let sha = SHA256Digest.hex(of: bytes)
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let headerLength = lines[0].utf8.count + 1
        let firstLength = lines[1].utf8.count + 1
        let listing = FileSeen.Listing(size: Int64(bytes.count), mtime: 1_767_225_600, listedAt: "2026-11-02T10:00:00.000Z")
        var events = [
            try NewEvent(FileSeen(source: "file:///export", kind: .invoices, path: "invoices/a.csv", readiness: "settled",
                                  firstListing: listing, secondListing: listing), subject: "file:invoices/a.csv"),
            try NewEvent(FileFetched(source: "file:///export", kind: .invoices, path: "invoices/a.csv", size: Int64(bytes.count),
                                     sha256: sha, isGzip: false, rowCount: 2, encoding: "utf-8", header: []), subject: "file:\(sha)"),
        ]
        for (index, offset, length) in [(0, headerLength, firstLength), (1, headerLength + firstLength, lines[2].utf8.count + 1)] {
            events.append(try NewEvent(RowParsed(
                kind: .invoices, fileSha256: sha, path: "invoices/a.csv", row: index + 2, byteOffset: Int64(offset),
                byteLength: length, fields: ["Invoice ID": "INV-1", "Vendor ID": "V-1", "Line Number": String(index + 1)],
                normalized: [:], extra: [:]), subject: "invoice:INV-1"))
        }
        let account = RuleChoice(stampli: "6100", qboId: "8", qboName: "Office Expenses", rule: "mapping-row", mappingRow: 2)
        let account2 = RuleChoice(stampli: "6200", qboId: "10", qboName: "Legal & Professional Fees", rule: "auto-match-number")
        let plan = BillPlanned(
            invoiceId: "INV-1", contentHash: "c1", requestId: "b-1", entity: "Bill", action: "create", qboId: nil,
            stampliVendorId: "V-1", vendorQboId: "601", vendorName: "=HYPERLINK(\"x\")", docNumber: "B-100",
            txnDate: "2026-11-02", dueDate: nil, currency: "USD", termId: nil, termName: nil, department: nil,
            lines: [
                .init(lineNumber: 1, description: nil, amount: Money("100.10")!, account: account, classChoice: nil,
                      customerId: nil, customerName: nil, billableStatus: nil, sourceRow: 2),
                .init(lineNumber: 2, description: nil, amount: Money("200.20")!, account: account2, classChoice: nil,
                      customerId: nil, customerName: nil, billableStatus: nil, sourceRow: 3),
            ],
            total: Money("300.30")!, privateNote: "Stampli INV-1", poNumber: nil, attachments: [], approver: nil,
            approvedDate: nil, fileSha256: sha, path: "invoices/a.csv", mappingSha256: "abc")
        events.append(try NewEvent(plan, subject: "invoice:INV-1"))
        events.append(try NewEvent(BillPosted(
            invoiceId: "INV-1", contentHash: "c1", requestId: "b-1", entity: "Bill", qboId: "151", syncToken: "0",
            docNumber: "B-100", totalAmt: Money("300.30")!, vendorQboId: "601", settledBy: "response"), subject: "invoice:INV-1"))
        events.append(try NewEvent(InvoiceQuarantined(
            invoiceId: "INV-2", contentHash: "c2", fileSha256: sha, path: "invoices/a.csv", vendorId: "V-1", total: Money("5.00"),
            problems: [QuarantineProblem(category: "unmapped-account", message: "GL Account 7777 is not mapped",
                                         file: "invoices/a.csv", row: 9, column: "GL Account", value: "7777",
                                         fix: "add an account row for 7777 to the mapping file")],
            mappingSha256: "abc"), subject: "invoice:INV-2"))
        events.append(try NewEvent(InvoiceSkipped(
            invoiceId: "INV-1", contentHash: "c1", fileSha256: "other", path: "invoices/b.csv", reason: "duplicate",
            originalSeq: 5), subject: "invoice:INV-1"))
        try store.commit(EventBatch(events: events, blobs: [Blob(sha256: sha, bytes: bytes)]))
    }

    static var today: String { String(SystemEventClock().timestamp().prefix(10)) }
}
