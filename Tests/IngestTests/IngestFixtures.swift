import EventLog
import Foundation
import Logging

@testable import Ingest

/// A temporary folder removed when the value is released.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "ingest-tests-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` (or bytes) at a path relative to the folder, creating parents.
    @discardableResult
    func write(_ relative: String, _ text: String) -> String { write(relative, bytes: Array(text.utf8)) }

    @discardableResult
    func write(_ relative: String, bytes: [UInt8], mtime: Int? = nil) -> String {
        let full = path + "/" + relative
        try? FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(bytes))
        if let mtime {
            try? FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: TimeInterval(mtime))], ofItemAtPath: full)
        }
        return full
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + relative) }
}

/// Sample exports in the default template.
enum Samples {
    static let invoicesHeader =
        "Invoice ID,Invoice Number,Vendor ID,Vendor Name,Invoice Date,Due Date,Currency,Invoice Total,Terms,PO Number,"
        + "Memo,Approved Date,Approver,Line Number,Line Description,Line Amount,GL Account,Department,Class,Customer,"
        + "Billable,Attachment"

    static let invoices =
        invoicesHeader + "\r\n"
        + "INV-1,A-100,V1,Acme Supplies,2026-03-01,2026-03-31,USD,\"1,234.50\",Net 30,,\"Memo, with comma\",2026-03-02,"
        + "Ann,1,Paper,1000.00,6100,NYC,CC-100,,N,inv1.pdf\r\n"
        + "INV-1,A-100,V1,Acme Supplies,2026-03-01,2026-03-31,USD,\"1,234.50\",Net 30,,\"Memo, with comma\",2026-03-02,"
        + "Ann,2,\"Toner \"\"XL\"\"\",234.50,6100,NYC,CC-100,,Y,inv1.pdf\r\n"

    static let vendors =
        "Vendor ID,Vendor Name,Legal Name,Address 1,Address 2,City,State,Postal Code,Country,Tax ID,Email,Phone,Terms,"
        + "Currency,1099,Active\nV1,Acme Supplies,Acme LLC,1 Main St,,Springfield,IL,62701,US,12-345,a@acme.test,555,"
        + "Net 30,USD,N,Y\n"

    static let glAccounts = "GL Code,GL Name,GL Type,Active\n6100,Office Supplies,Expense,Y\n6200-NY,Rent,Expense,Y\n"

    static let purchaseOrders =
        "PO Number,Vendor ID,PO Date,Line Number,Description,Amount,GL Account,Status\nPO-9,V1,2026-02-01,1,Chairs,(12.50),6100,Open\n"

    static let payments =
        "Payment ID,Invoice ID,Payment Date,Amount,Method,Bank Account,Reference\nP-1,INV-1,2026-04-01,$1234.50,ACH,Operating,R1\n"
}

/// A fresh event store in a temporary folder.
func makeStore(in folder: TemporaryFolder) throws -> SQLiteEventStore {
    try SQLiteEventStore(path: folder.path + "/events.sqlite", clock: FixedEventClock(step: 0.001))
}

let testLogger: Logger = {
    var logger = Logger(label: "ingest-tests")
    logger.logLevel = .warning
    return logger
}()

/// Types of all events in the store, in order.
func eventTypes(_ store: any EventStore) throws -> [String] {
    try store.events(after: 0, limit: 100_000).map(\.type)
}

/// Decoded payloads of one type.
func payloads<P: EventPayload>(_ type: P.Type, in store: any EventStore) throws -> [P] {
    try store.events(types: [P.type], after: 0, limit: 100_000).map { try $0.decode(P.self) }
}
