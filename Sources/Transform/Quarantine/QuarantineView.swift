package import EventLog

/// The quarantine list the CLI prints (`ml-connector quarantine list`): every invoice, vendor and payment
/// whose latest decision is a quarantine, with its reasons, and whether an operator retried or dismissed it.
/// A pure projection of the events; building it writes nothing.
package struct QuarantineView: Sendable, Equatable {
    /// One quarantined item.
    package struct Item: Codable, Sendable, Equatable {
        /// `invoice`, `vendor` or `payment`.
        package var itemKind: String
        package var stampliId: String
        /// Seq of the quarantine decision shown.
        package var seq: Int64
        package var contentHash: String
        package var fileSha256: String?
        package var path: String?
        package var problems: [QuarantineProblem]
        /// For amendments: what changed.
        package var changes: [FieldChange]
        /// Retries asked for since this quarantine (a retry that quarantines again starts a new item).
        package var retries: Int
        package var isDismissed: Bool
        /// The dismissal note, if dismissed.
        package var note: String?

        /// Distinct problem categories, in order.
        package var categories: [String] {
            var seen = Set<String>()
            return problems.map(\.category).filter { seen.insert($0).inserted }
        }
    }

    /// Quarantined items (open and dismissed), ordered by kind and Stampli id.
    package var items: [Item]

    /// Items not dismissed: what still needs a person.
    package var open: [Item] { items.filter { !$0.isDismissed } }

    /// Open items per category.
    package var countsByCategory: [String: Int] {
        var counts: [String: Int] = [:]
        for item in open { for category in item.categories { counts[category, default: 0] += 1 } }
        return counts
    }

    /// The event types the view is built from.
    package static let types: Set<String> = [
        InvoiceQuarantined.type, VendorQuarantined.type, PaymentQuarantined.type, BillPlanned.type,
        InvoiceSkipped.type, InvoiceWaiting.type, VendorPlanned.type, PaymentPlanned.type, PaymentWaiting.type,
        QuarantineRetried.type, QuarantineDismissed.type,
    ]

    /// Reads the view from the store, paging by type.
    /// - Throws: the store's ``EventLogError`` (also when a payload does not decode).
    package static func load(store: any EventStore) throws -> QuarantineView {
        var builder = Builder()
        var after: Int64 = 0
        while true {
            let page = try store.events(types: types, after: after, limit: 5_000)
            for event in page { try builder.apply(event) }
            guard let last = page.last else { break }
            after = last.seq
        }
        return builder.view
    }

    /// Builds the view from events (any types; the others are ignored), oldest first.
    /// - Throws: ``EventLogError`` when a payload does not decode.
    package static func build(events: [RecordedEvent]) throws -> QuarantineView {
        var builder = Builder()
        for event in events { try builder.apply(event) }
        return builder.view
    }

    private struct Builder {
        var items: [String: Item] = [:]

        var view: QuarantineView {
            QuarantineView(
                items: items.values.sorted { ($0.itemKind, $0.stampliId) < ($1.itemKind, $1.stampliId) })
        }

        mutating func apply(_ event: RecordedEvent) throws {
            switch event.type {
            case InvoiceQuarantined.type:
                let q = try event.decode(InvoiceQuarantined.self)
                items["invoice:\(q.invoiceId)"] = Item(
                    itemKind: "invoice", stampliId: q.invoiceId, seq: event.seq, contentHash: q.contentHash,
                    fileSha256: q.fileSha256, path: q.path, problems: q.problems, changes: q.changes, retries: 0,
                    isDismissed: false)
            case VendorQuarantined.type:
                let q = try event.decode(VendorQuarantined.self)
                items["vendor:\(q.stampliVendorId)"] = Item(
                    itemKind: "vendor", stampliId: q.stampliVendorId, seq: event.seq, contentHash: q.contentHash,
                    fileSha256: q.fileSha256, path: q.path, problems: q.problems, changes: [], retries: 0,
                    isDismissed: false)
            case PaymentQuarantined.type:
                let q = try event.decode(PaymentQuarantined.self)
                items["payment:\(q.paymentId)"] = Item(
                    itemKind: "payment", stampliId: q.paymentId, seq: event.seq, contentHash: q.contentHash,
                    fileSha256: q.fileSha256, path: q.path, problems: q.problems, changes: [], retries: 0,
                    isDismissed: false)
            case BillPlanned.type, InvoiceWaiting.type, VendorPlanned.type, PaymentPlanned.type, PaymentWaiting.type:
                // A later plan (or a wait for the vendor or Bill) means the item left quarantine.
                items[event.subject] = nil
            case QuarantineRetried.type:
                let retried = try event.decode(QuarantineRetried.self)
                items["\(retried.itemKind):\(retried.stampliId)"]?.retries += 1
            case QuarantineDismissed.type:
                let dismissed = try event.decode(QuarantineDismissed.self)
                let key = "\(dismissed.itemKind):\(dismissed.stampliId)"
                items[key]?.isDismissed = true
                items[key]?.note = dismissed.note
            default:
                break
            }
        }
    }
}
