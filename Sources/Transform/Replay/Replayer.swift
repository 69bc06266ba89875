package import EventLog
package import Logging

/// Re-evaluates the invoices, vendors and payments whose source rows lie in a seq range against the current
/// mapping and reference data (`ml-connector replay --from SEQ --to SEQ [--dry-run]`), and compares each
/// would-be decision with the one on record, field by field.
///
/// Without `dryRun`, the stage's backlog is processed first (``Transformer/runOnce(store:logger:)``); then a
/// decision that differs (other than in ``provenanceFields``) is appended beside the old one (nothing is ever changed), and a
/// changed plan for content already posted becomes a duplicate skip, never a second Bill. The cursor is not
/// moved: replay is an operator action beside the stage's normal run.
package struct Replayer {
    /// One re-evaluated item whose decision would change.
    package struct Difference: Codable, Sendable, Equatable {
        /// `invoice`, `vendor` or `payment`.
        package var itemKind: String
        package var stampliId: String
        package var fileSha256: String
        /// The decision on record for that item and file (type and seq), if any.
        package var recordedType: String?
        package var recordedSeq: Int64?
        /// The would-be decision's type and canonical payload.
        package var proposedType: String
        package var proposedPayload: String
        /// Field paths (`lines[0].account.qboId`) that differ.
        package var changes: [FieldChange]
        /// Seq of the appended decision (nil for a dry run).
        package var appendedSeq: Int64?
    }

    /// What a replay found.
    package struct Report: Codable, Sendable, Equatable {
        package var from: Int64
        package var to: Int64
        package var isDryRun: Bool
        package var evaluated: Int
        package var unchanged: Int
        package var differences: [Difference]
    }

    package let settings: TransformSettings

    /// Creates a replayer with the same settings the stage runs with.
    package init(settings: TransformSettings = TransformSettings()) {
        self.settings = settings
    }

    /// Replays the rows in `range`.
    /// - Parameters:
    ///   - range: seqs of the row events whose items are re-evaluated.
    ///   - dryRun: when true nothing is written.
    ///   - proposedMapping: for a dry run, a mapping not yet recorded to evaluate against (the file as it is now).
    /// - Returns: the items whose decision would change (or changed), with field-by-field differences.
    /// - Throws: the store's ``EventLogError``.
    package func replay(
        range: ClosedRange<Int64>, dryRun: Bool, store: any EventStore, logger: Logger,
        proposedMapping: MappingRecorded? = nil
    ) throws -> Report {
        if !dryRun {
            // Bring the stage up to date first, so that its own reactions (to a new mapping, say) are on record
            // and a replayed decision cannot be decided a second time by the stage later.
            _ = try Transformer(settings: settings).runOnce(store: store, logger: logger)
        }
        var state = try TransformState.load(store: store, through: try store.lastSeq())
        if let proposedMapping, dryRun {
            // A dry run shows what the mapping file as it is now would change, before it is recorded.
            try state.apply(RecordedEvent(
                seq: Int64.max, recordedAt: "", stage: "transform", type: MappingRecorded.type,
                version: MappingRecorded.version, subject: "mapping:\(proposedMapping.sha256)",
                payload: try CanonicalJSON.encode(proposedMapping), prevHash: [], hash: []))
        }
        let engine = DecisionEngine(settings: settings, store: store, state: state)
        var report = Report(
            from: range.lowerBound, to: range.upperBound, isDryRun: dryRun, evaluated: 0, unchanged: 0, differences: [])
        var pending: [(NewEvent, Difference)] = []
        for item in try items(in: range, store: store) {
            report.evaluated += 1
            guard let proposed = try decide(item, engine: engine) else { continue }
            var event = try proposed.event()
            let recorded = try recordedDecision(subject: proposed.subject, fileSha256: item.fileSha256, store: store)
            if let recorded, recorded.type == event.type, Self.isSameDecision(recorded.payload, event.payload) {
                report.unchanged += 1
                continue
            }
            if case .vendor(let plan) = proposed, let vendor = engine.state.vendors[plan.stampliVendorId],
                vendor.qboId != nil, !vendor.isPlanPending, vendor.plannedHash == plan.contentHash
            {
                // QBO already holds this content (the earlier plan was confirmed): re-deciding it now reads
                // "update the vendor that exists", which is the same outcome, not a change.
                report.unchanged += 1
                continue
            }
            if case .vendorQuarantined(let quarantine) = proposed, let recorded,
                Self.isSameRefusal(recorded, quarantine, vendor: engine.state.vendors[quarantine.stampliVendorId])
            {
                // QBO refused the vendor and the stage quarantined it with QBO's words; deciding it again now
                // quarantines it for the same reason in Transform's words. The outcome stands: the vendor waits
                // for an operator's retry, as the stage itself leaves it on new reference data.
                report.unchanged += 1
                continue
            }
            if case .bill(let plan) = proposed, let posted = engine.state.invoices[plan.invoiceId]?.posted,
                posted.contentHash == plan.contentHash
            {
                // Content already posted: a changed plan is a duplicate skip, never a second Bill.
                let skip = TransformDecision.invoiceSkipped(
                    InvoiceSkipped(
                        invoiceId: plan.invoiceId, contentHash: plan.contentHash, fileSha256: plan.fileSha256,
                        path: plan.path, reason: "duplicate",
                        originalSeq: engine.state.invoices[plan.invoiceId]?.postedSeq))
                event = try skip.event()
                if try engine.repeatsLast(event, subject: skip.subject) {
                    report.unchanged += 1
                    continue
                }
            }
            let difference = Difference(
                itemKind: item.kind, stampliId: item.id, fileSha256: item.fileSha256, recordedType: recorded?.type,
                recordedSeq: recorded?.seq, proposedType: event.type,
                proposedPayload: String(decoding: event.payload, as: UTF8.self),
                changes: Self.diff(recorded, event), appendedSeq: nil)
            pending.append((event, difference))
        }
        if !dryRun, !pending.isEmpty {
            let recorded = try store.append(pending.map(\.0))
            for (index, event) in recorded.enumerated() { pending[index].1.appendedSeq = event.seq }
        }
        report.differences = pending.map(\.1)
        logger.info(
            "replay finished",
            metadata: [
                "stage": "transform", "evaluated": "\(report.evaluated)", "differences": "\(report.differences.count)",
                "dryRun": "\(dryRun)",
            ])
        return report
    }

    private struct Item: Hashable {
        var kind: String
        var id: String
        var fileSha256: String
    }

    /// The items whose rows lie in `range`, in order of their first row.
    private func items(in range: ClosedRange<Int64>, store: any EventStore) throws -> [Item] {
        var items: [Item] = []
        var seen = Set<Item>()
        var after = range.lowerBound - 1
        while after < range.upperBound {
            let page = try store.events(types: [RowParsed.type, RowRejected.type], after: after, limit: 5_000)
            for event in page where event.seq <= range.upperBound {
                guard let row = try SourceRow.decode(event) else { continue }
                let item: Item
                switch row.kind {
                case .invoices: item = Item(kind: "invoice", id: row.raw("Invoice ID"), fileSha256: row.fileSha256)
                case .vendors: item = Item(kind: "vendor", id: row.raw("Vendor ID"), fileSha256: row.fileSha256)
                case .payments: item = Item(kind: "payment", id: row.raw("Payment ID"), fileSha256: row.fileSha256)
                default: continue
                }
                if !item.id.isEmpty, seen.insert(item).inserted { items.append(item) }
            }
            guard let last = page.last, page.count == 5_000 else { break }
            after = last.seq
        }
        return items
    }

    private func decide(_ item: Item, engine: DecisionEngine) throws -> TransformDecision? {
        let rows = try engine.rows(subject: "\(item.kind):\(item.id)", fileSha256: item.fileSha256)
        guard let last = rows.last else { return nil }
        switch item.kind {
        case "invoice":
            return try engine.decideInvoice(
                InvoiceAssembly(invoiceId: item.id, rows: rows), isFinal: true, isReplay: true)
        case "vendor": return engine.decideVendor(last, isRepeatAllowed: true)
        default: return engine.decidePayment(last, isFinal: true, isRepeatAllowed: true)
        }
    }

    /// The newest decision on record for `subject` made from the file `fileSha256`.
    private func recordedDecision(subject: String, fileSha256: String, store: any EventStore) throws -> RecordedEvent? {
        let decisions = try store.events(subject: subject, types: Self.decisionTypes)
        return decisions.last { event in
            (try? CanonicalJSON.decode(JSONValue.self, from: event.payload))?.fileSha256 == fileSha256
        }
    }

    /// True when `recorded` is the quarantine of a vendor QBO refused and `proposed` quarantines the same
    /// content for the same problem categories.
    static func isSameRefusal(
        _ recorded: RecordedEvent, _ proposed: VendorQuarantined, vendor: TransformState.VendorRecord?
    ) -> Bool {
        guard let vendor, vendor.rejections > 0, recorded.type == VendorQuarantined.type,
            let before = try? recorded.decode(VendorQuarantined.self)
        else { return false }
        return before.contentHash == proposed.contentHash
            && Set(before.problems.map(\.category)) == Set(proposed.problems.map(\.category))
    }

    static let decisionTypes: Set<String> = [
        BillPlanned.type, InvoiceQuarantined.type, InvoiceSkipped.type, InvoiceWaiting.type, VendorPlanned.type,
        VendorQuarantined.type, PaymentPlanned.type, PaymentQuarantined.type, PaymentWaiting.type,
    ]

    /// Fields that name a decision's provenance rather than its content: a plan that differs only in the
    /// mapping version it was made under is the same decision.
    static let provenanceFields: Set<String> = ["mappingSha256"]

    static func isSameDecision(_ recorded: [UInt8], _ proposed: [UInt8]) -> Bool {
        if recorded == proposed { return true }
        let before = flatten(recorded).filter { !provenanceFields.contains($0.key) }
        let after = flatten(proposed).filter { !provenanceFields.contains($0.key) }
        return before == after
    }

    /// Field-by-field differences between two decisions' payloads (paths like `lines[0].amount`).
    static func diff(_ recorded: RecordedEvent?, _ proposed: NewEvent) -> [FieldChange] {
        var before = recorded.map { flatten($0.payload) } ?? [:]
        var after = flatten(proposed.payload)
        before["type"] = recorded?.type
        after["type"] = proposed.type
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : FieldChange(field: key, before: before[key], after: after[key])
        }
    }

    static func flatten(_ payload: [UInt8]) -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ value: JSONValue, _ path: String) {
            switch value {
            case .object(let object): for (key, child) in object { walk(child, path.isEmpty ? key : "\(path).\(key)") }
            case .array(let array): for (index, child) in array.enumerated() { walk(child, "\(path)[\(index)]") }
            case .null: break
            case .scalar(let text): result[path] = text
            }
        }
        if let value = try? CanonicalJSON.decode(JSONValue.self, from: payload) { walk(value, "") }
        return result
    }
}

/// A decoded JSON value, for diffs of payloads of any type.
enum JSONValue: Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case scalar(String)
    case null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .scalar(value ? "true" : "false")
        } else if let value = try? container.decode(Int64.self) {
            self = .scalar(String(value))
        } else if let value = try? container.decode(String.self) {
            self = .scalar(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: JSONValue].self) {
            self = .object(value)
        } else {
            self = .scalar(String(try container.decode(Double.self)))
        }
    }

    var fileSha256: String? {
        if case .object(let object) = self, case .scalar(let text)? = object["fileSha256"] { return text }
        return nil
    }
}
