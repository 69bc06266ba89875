import EventLog

extension TransformState {
    /// Applies one of Transform's own decisions as recorded.
    mutating func applyDecision(_ event: RecordedEvent) throws {
        guard let decision = try TransformDecision.decode(event) else { return }
        applyDecision(decision, seq: event.seq, digest: Self.digest(type: event.type, payload: event.payload))
    }

    /// Applies one of Transform's own decisions (seq 0 while it is not committed yet).
    mutating func applyDecision(_ typed: TransformDecision, seq: Int64, digest: String?) {
        let decision = Decision(seq: seq, digest: digest)
        switch typed {
        case .bill(let plan):
            // Edited in place: a copy of the record would copy its `plans` dictionary on every plan.
            Self.edit(&invoices[plan.invoiceId, default: .init()]) { record in
                record.plans[plan.contentHash] = seq
                record.plannedFile = plan.fileSha256
                record.plannedHash = plan.contentHash
                record.set(file: plan.fileSha256, path: plan.path, hash: plan.contentHash, status: .planned)
                record.vendorId = plan.stampliVendorId
                record.last = decision
            }
            // A planned invoice depends on no vendor and is not curable (what ``updateIndexes(invoice:)``
            // concludes for that status), so it only leaves both indexes.
            removeFromIndexes(invoice: plan.invoiceId)
        case .invoiceQuarantined(let quarantined):
            var record = invoices[quarantined.invoiceId, default: .init()]
            record.set(
                file: quarantined.fileSha256, path: quarantined.path, hash: quarantined.contentHash,
                status: .quarantined)
            record.vendorId = quarantined.vendorId
            record.categories = quarantined.problems.map(\.category)
            record.last = decision
            invoices[quarantined.invoiceId] = record
            updateIndexes(invoice: quarantined.invoiceId)
        case .invoiceSkipped(let skipped):
            invoices[skipped.invoiceId, default: .init()].last = decision
        case .invoiceWaiting(let waiting):
            var record = invoices[waiting.invoiceId, default: .init()]
            record.set(file: waiting.fileSha256, path: waiting.path, hash: waiting.contentHash, status: .waiting)
            record.vendorId = waiting.vendorId
            record.waitingReason = waiting.reason
            record.last = decision
            invoices[waiting.invoiceId] = record
            updateIndexes(invoice: waiting.invoiceId)
        case .vendor(let plan):
            var record = vendors[plan.stampliVendorId, default: .init()]
            record.plannedHash = plan.contentHash
            record.isPlanPending = true
            record.isQuarantined = false
            record.fileSha256 = plan.fileSha256
            record.last = decision
            vendors[plan.stampliVendorId] = record
        case .vendorQuarantined(let quarantined):
            var record = vendors[quarantined.stampliVendorId, default: .init()]
            record.quarantinedHash = quarantined.contentHash
            record.isQuarantined = true
            record.fileSha256 = quarantined.fileSha256
            record.last = decision
            vendors[quarantined.stampliVendorId] = record
        case .payment(let plan):
            setPayment(plan.paymentId, plan.invoiceId, plan.contentHash, plan.fileSha256, .planned, nil, decision)
            payments[plan.paymentId]?.plannedHash = plan.contentHash
        case .paymentQuarantined(let quarantined):
            setPayment(
                quarantined.paymentId, quarantined.invoiceId, quarantined.contentHash, quarantined.fileSha256,
                .quarantined, nil, decision)
        case .paymentWaiting(let waiting):
            setPayment(
                waiting.paymentId, waiting.invoiceId, waiting.contentHash, waiting.fileSha256, .waiting, waiting.reason,
                decision)
        }
    }

    /// What identifies a decision recorded with seq 0 until it is committed: its item, and for a plan its
    /// content hash.
    enum CommittedKey {
        case invoice(id: String, plannedHash: String?)
        case vendor(id: String)
        case payment(id: String)

        init(_ decision: TransformDecision) {
            switch decision {
            case .bill(let plan): self = .invoice(id: plan.invoiceId, plannedHash: plan.contentHash)
            case .invoiceQuarantined(let decision): self = .invoice(id: decision.invoiceId, plannedHash: nil)
            case .invoiceSkipped(let decision): self = .invoice(id: decision.invoiceId, plannedHash: nil)
            case .invoiceWaiting(let decision): self = .invoice(id: decision.invoiceId, plannedHash: nil)
            case .vendor(let plan): self = .vendor(id: plan.stampliVendorId)
            case .vendorQuarantined(let decision): self = .vendor(id: decision.stampliVendorId)
            case .payment(let plan): self = .payment(id: plan.paymentId)
            case .paymentQuarantined(let decision): self = .payment(id: decision.paymentId)
            case .paymentWaiting(let decision): self = .payment(id: decision.paymentId)
            }
        }
    }

    /// Gives a decision recorded with seq 0 (by ``applyDecision(_:seq:digest:)``) the seq it was committed
    /// at: the same state as applying it again with that seq, since nothing else touches its item between
    /// the two (a second decision on the item, or any other event, commits the queue first).
    mutating func setSeq(_ seq: Int64, of key: CommittedKey) {
        switch key {
        case .invoice(let id, let plannedHash):
            Self.edit(&invoices[id, default: .init()]) { record in
                if let plannedHash { record.plans[plannedHash] = seq }
                record.last?.seq = seq
            }
        case .vendor(let id):
            vendors[id]?.last?.seq = seq
        case .payment(let id):
            payments[id]?.last?.seq = seq
        }
    }

    private static func edit<Value>(_ value: inout Value, _ body: (inout Value) -> Void) { body(&value) }

    private mutating func setPayment(
        _ id: String, _ invoiceId: String, _ hash: String, _ file: String, _ status: Status, _ reason: String?,
        _ decision: Decision
    ) {
        var record = payments[id, default: .init()]
        if !record.invoiceId.isEmpty && record.invoiceId != invoiceId {
            paymentsByInvoice[record.invoiceId]?.remove(id)
        }
        record.invoiceId = invoiceId
        record.contentHash = hash
        record.fileSha256 = file
        record.status = status
        record.waitingReason = reason
        record.last = decision
        payments[id] = record
        paymentsByInvoice[invoiceId, default: []].insert(id)
    }

    /// Takes an invoice out of ``waitingByVendor`` and ``curable``.
    private mutating func removeFromIndexes(invoice id: String) {
        if !waitingVendorOf.isEmpty, let vendor = waitingVendorOf.removeValue(forKey: id) {
            waitingByVendor[vendor]?.remove(id)
        }
        if !curable.isEmpty { curable.remove(id) }
    }

    /// Keeps ``waitingByVendor`` and ``curable`` in step with an invoice's status.
    mutating func updateIndexes(invoice id: String) {
        guard let record = invoices[id] else { return }
        // (Empty indexes, the usual case while a backlog plans, are not searched.)
        if !waitingVendorOf.isEmpty, let vendor = waitingVendorOf.removeValue(forKey: id) {
            waitingByVendor[vendor]?.remove(id)
        }
        // An invoice quarantined only because its vendor is quarantined depends on the vendor just as a waiting
        // one does: once the vendor is cured (new reference data, an operator's retry), it is decided again.
        let dependsOnVendor =
            (record.status == .waiting
                && (record.waitingReason == "vendor-pending" || record.waitingReason == "vendor-unknown"))
            || (record.status == .quarantined && record.categories.contains(Self.vendorQuarantinedCategory))
        if dependsOnVendor, let vendor = record.vendorId {
            waitingByVendor[vendor, default: []].insert(id)
            waitingVendorOf[id] = vendor
        }
        // Any mapping or reference problem makes an invoice worth re-deciding when that data changes: either
        // it then plans, or its reasons are brought up to date (a decision is appended only when it differs).
        let isCurable =
            (record.status == .quarantined && record.categories.contains { Self.mappingCategories.contains($0) })
            || (record.status == .waiting && record.waitingReason != "vendor-pending")
        if isCurable { curable.insert(id) } else if !curable.isEmpty { curable.remove(id) }
    }
}

extension TransformState.InvoiceRecord {
    mutating func set(file: String, path: String, hash: String, status: TransformState.Status) {
        if !file.isEmpty {
            fileSha256 = file
            self.path = path
        }
        if !hash.isEmpty { contentHash = hash }
        self.status = status
        if status != .quarantined { categories = [] }
        if status != .waiting { waitingReason = nil }
    }
}
