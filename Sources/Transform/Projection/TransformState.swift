import EventLog

/// Transform's in-memory projection: what it has decided and what the other stages reported, built once per
/// run from the event types below (paged by type, never a scan of every row) and kept current while the
/// backlog is processed. Applying an event is a keyed overwrite, so applying the same ordered events again
/// gives the same state.
struct TransformState {
    /// The event types the projection is built from.
    static let types: Set<String> = [
        ReferenceSynced.type, MappingRecorded.type, VendorConfirmed.type, BillPosted.type, PaymentPosted.type,
        WriteRejected.type, AttachmentFetched.type, QuarantineDismissed.type, QuarantineRetried.type,
        BillPlanned.type, InvoiceQuarantined.type, InvoiceSkipped.type, InvoiceWaiting.type, VendorPlanned.type,
        VendorQuarantined.type, PaymentPlanned.type, PaymentQuarantined.type, PaymentWaiting.type,
    ]

    /// Quarantine categories that new mapping or reference data may cure without the operator.
    static let mappingCategories: Set<String> = [
        "unmapped-account", "inactive-account", "unmapped-department", "inactive-department", "unmapped-class",
        "inactive-class", "unknown-customer", "unknown-term", "vendor-unknown", "vendor-inactive",
    ]

    enum Status: Equatable {
        case none, planned, skipped, quarantined, waiting, dismissed
    }

    /// The last decision on record for an item: its seq (0 while queued for commit) and the digest of its
    /// exact bytes (see ``digest(type:payload:)``). A decision this run commits carries no digest: it is
    /// worked out from the committed event only if a later decision on the same item needs the comparison,
    /// which is rare, instead of hashing every decision's bytes once more.
    struct Decision {
        var seq: Int64
        var digest: String?
    }

    /// Seqs by content hash, read and written like a dictionary: an invoice has one plan or a few, so a
    /// short array searched in order costs less than hashing a 64-digit key.
    /// The first entry is held inline (most invoices have one plan): no array is allocated for it.
    struct PlanSeqs {
        private var first: (hash: String, seq: Int64)?
        private var more: [(hash: String, seq: Int64)] = []

        subscript(hash: String) -> Int64? {
            get {
                if let first, first.hash == hash { return first.seq }
                return more.first { $0.hash == hash }?.seq
            }
            set {
                if let current = first, current.hash == hash {
                    if let newValue {
                        first = (hash, newValue)
                    } else {
                        // The next entry moves up, keeping the entries in insertion order.
                        first = more.isEmpty ? nil : more.removeFirst()
                    }
                } else if let index = more.firstIndex(where: { $0.hash == hash }) {
                    if let newValue { more[index].seq = newValue } else { more.remove(at: index) }
                } else if let newValue {
                    if first == nil { first = (hash, newValue) } else { more.append((hash, newValue)) }
                }
            }
        }
    }

    /// An immutable box (a new posting replaces the box, so records keep value semantics).
    final class PostedBox {
        let value: BillPosted
        init(_ value: BillPosted) { self.value = value }
    }

    struct InvoiceRecord {
        var fileSha256 = ""
        var path = ""
        var contentHash = ""
        var vendorId: String?
        var status = Status.none
        var categories: [String] = []
        var waitingReason: String?
        /// Live plans by content hash (a refused write removes its plan).
        var plans = PlanSeqs()
        /// The most recent live plan's file and hash (what an amendment is compared with).
        var plannedFile: String?
        var plannedHash: String?
        /// The posting on record, boxed: most records have none, and a small record is cheaper to move.
        var posted: BillPosted? {
            get { postedBox?.value }
            set { postedBox = newValue.map(PostedBox.init) }
        }
        private var postedBox: PostedBox?
        var postedSeq: Int64?
        /// Refused writes by content hash.
        var rejections: [String: Int] = [:]
        var last: Decision?
    }

    struct VendorRecord {
        var qboId: String?
        var active: Bool?
        var plannedHash: String?
        var isPlanPending = false
        var quarantinedHash: String?
        var isQuarantined = false
        var rejections = 0
        var fileSha256: String?
        var last: Decision?
    }

    struct PaymentRecord {
        var invoiceId = ""
        var contentHash = ""
        var fileSha256 = ""
        var status = Status.none
        var waitingReason: String?
        var plannedHash: String?
        var isPosted = false
        var rejections: [String: Int] = [:]
        var last: Decision?
    }

    var reference = ReferenceIndex()
    var mapping: MappingRecorded?
    var invoices: [String: InvoiceRecord] = [:]
    var vendors: [String: VendorRecord] = [:]
    var payments: [String: PaymentRecord] = [:]
    /// The invoice category meaning "its vendor is quarantined" (the invoice is cured with the vendor).
    static let vendorQuarantinedCategory = "vendor-rejected"

    /// Invoices that depend on a vendor, by Stampli Vendor ID: waiting for it (confirmation or first sighting),
    /// or quarantined because it is quarantined.
    var waitingByVendor: [String: Set<String>] = [:]
    var waitingVendorOf: [String: String] = [:]
    /// Invoices that new mapping or reference data may cure (quarantined for mapping, or waiting for data).
    var curable: Set<String> = []
    /// Payments by the Invoice ID they pay.
    var paymentsByInvoice: [String: Set<String>] = [:]
    /// Attachment blobs by file name: (invoices file that named it, blob SHA-256), in arrival order.
    var attachments: [String: [(invoiceFile: String, sha256: String)]] = [:]
    /// Active flag of QBO vendors as last reported by VendorConfirmed (a later Vendor sync overrides it).
    var confirmedActive: [String: Bool] = [:]
    /// Changes whenever mapping or reference data change (resolution caches key on it).
    private(set) var dataGeneration = 0

    /// Applies one event of ``types``; other types are ignored.
    /// - Throws: ``EventLogError`` when the payload does not decode.
    mutating func apply(_ event: RecordedEvent) throws {
        switch event.type {
        case ReferenceSynced.type:
            let sync = try event.decode(ReferenceSynced.self)
            reference.apply(sync)
            if sync.entity == "Vendor" { for record in sync.records { confirmedActive[record.id] = nil } }
            dataGeneration += 1
        case MappingRecorded.type:
            mapping = try event.decode(MappingRecorded.self)
            dataGeneration += 1
        case VendorConfirmed.type:
            let confirmed = try event.decode(VendorConfirmed.self)
            vendors[confirmed.stampliVendorId, default: .init()].qboId = confirmed.qboId
            vendors[confirmed.stampliVendorId, default: .init()].active = confirmed.active
            if vendors[confirmed.stampliVendorId]?.plannedHash == confirmed.contentHash {
                vendors[confirmed.stampliVendorId]?.isPlanPending = false
            }
            confirmedActive[confirmed.qboId] = confirmed.active
        case BillPosted.type:
            let posted = try event.decode(BillPosted.self)
            invoices[posted.invoiceId, default: .init()].posted = posted
            invoices[posted.invoiceId, default: .init()].postedSeq = event.seq
        case PaymentPosted.type:
            let posted = try event.decode(PaymentPosted.self)
            payments[posted.paymentId, default: .init()].isPosted = true
        case WriteRejected.type:
            applyRejection(try event.decode(WriteRejected.self))
        case AttachmentFetched.type:
            let fetched = try event.decode(AttachmentFetched.self)
            attachments[fetched.fileName, default: []].append((fetched.invoiceFileSha256, fetched.sha256))
        case QuarantineDismissed.type:
            let dismissed = try event.decode(QuarantineDismissed.self)
            setDismissed(dismissed.itemKind, dismissed.stampliId)
        case QuarantineRetried.type:
            break
        default:
            try applyDecision(event)
        }
    }

    private mutating func applyRejection(_ rejected: WriteRejected) {
        switch rejected.entity {
        case "Bill", "VendorCredit":
            var record = invoices[rejected.stampliId, default: .init()]
            record.rejections[rejected.contentHash, default: 0] += 1
            if record.plans[rejected.contentHash] != nil {
                record.plans[rejected.contentHash] = nil
                if record.plannedHash == rejected.contentHash { record.plannedHash = nil }
            }
            invoices[rejected.stampliId] = record
        case "Vendor":
            vendors[rejected.stampliId, default: .init()].rejections += 1
            vendors[rejected.stampliId, default: .init()].isPlanPending = false
            vendors[rejected.stampliId, default: .init()].plannedHash = nil
        case "BillPayment":
            payments[rejected.stampliId, default: .init()].rejections[rejected.contentHash, default: 0] += 1
            if payments[rejected.stampliId]?.plannedHash == rejected.contentHash {
                payments[rejected.stampliId]?.plannedHash = nil
            }
        default:
            break
        }
    }

    private mutating func setDismissed(_ kind: String, _ id: String) {
        switch kind {
        case "invoice":
            invoices[id, default: .init()].status = .dismissed
            updateIndexes(invoice: id)
        case "vendor": vendors[id, default: .init()].isQuarantined = false
        case "payment": payments[id, default: .init()].status = .dismissed
        default: break
        }
    }

    /// The digest that identifies a decision's exact bytes.
    static func digest(type: String, payload: [UInt8]) -> String {
        var hasher = StreamingSHA256()
        var prefix = Array(type.utf8)
        prefix.append(0)
        hasher.update(prefix)
        hasher.update(payload)
        return hasher.finalizeHex()
    }
}
