import EventLog

extension TransformRun {
    /// Handles one backlog event that is not part of an invoices file.
    func react(to event: RecordedEvent) throws {
        switch event.type {
        case RowParsed.type, RowRejected.type:
            guard let row = try SourceRow.decode(event) else { return }
            switch row.kind {
            case .vendors:
                let id = row.raw("Vendor ID")
                guard !id.isEmpty else { return report.count("rowsWithoutVendorId") }
                try decide(subject: "vendor:\(id)") { self.engine.decideVendor(row) }
                try afterVendorDecision(id)
            case .payments:
                let id = row.raw("Payment ID")
                guard !id.isEmpty else { return report.count("rowsWithoutPaymentId") }
                try decide(subject: "payment:\(id)") { self.engine.decidePayment(row) }
            default:
                break
            }
        case _ where TransformState.types.contains(event.type):
            // A state change may invalidate queued decisions' assumptions: commit them first (an event with
            // nothing queued, such as a run of BillPosted, costs no transaction).
            if hasPending { try flush() }
            try engine.state.apply(event)
            try trigger(event)
        default:
            break
        }
    }

    /// Re-evaluations an event of another stage (or the operator) sets off.
    private func trigger(_ event: RecordedEvent) throws {
        switch event.type {
        case ReferenceSynced.type, MappingRecorded.type:
            // Vendors Transform itself quarantined (an unknown term, a name a Customer or Employee holds) may
            // be cured by new reference data; vendors QBO refused wait for an operator's retry instead, so a
            // sync never sends the same refused write again.
            for (id, vendor) in engine.state.vendors.sorted(by: { $0.key < $1.key })
            where vendor.isQuarantined && vendor.rejections == 0 {
                try reevaluateVendor(id)
            }
            for id in engine.state.curable.sorted() { try reevaluateInvoice(id) }
            for id in engine.state.payments.filter({ $0.value.status == .quarantined }).keys.sorted() {
                try reevaluatePayment(id)
            }
        case VendorConfirmed.type:
            try afterVendorDecision(try event.decode(VendorConfirmed.self).stampliVendorId)
        case BillPosted.type:
            try reevaluatePayments(ofInvoice: try event.decode(BillPosted.self).invoiceId)
        case WriteRejected.type:
            try quarantineRejected(try event.decode(WriteRejected.self))
        case QuarantineRetried.type:
            let retried = try event.decode(QuarantineRetried.self)
            report.count("retried")
            // Only what is not planned is decided again: a retry of a planned item would only repeat it.
            let id = retried.stampliId
            switch retried.itemKind {
            case "invoice" where engine.state.invoices[id]?.status != .planned: try reevaluateInvoice(id)
            case "vendor" where engine.state.vendors[id]?.isPlanPending != true: try reevaluateVendor(id)
            case "payment" where engine.state.payments[id]?.status != .planned: try reevaluatePayment(id)
            default: break
            }
        default:
            break
        }
    }

    /// After an invoice decision: its waiting payments follow it (quarantine ⇒ quarantine).
    func afterInvoiceDecision(_ id: String) throws {
        guard let payments = engine.state.paymentsByInvoice[id], !payments.isEmpty else { return }
        guard engine.state.invoices[id]?.status == .quarantined else { return }
        for payment in payments.sorted() where engine.state.payments[payment]?.status == .waiting {
            try reevaluatePayment(payment)
        }
    }

    /// After a vendor plan, quarantine or confirmation: the invoices that wait on the vendor, or that are
    /// quarantined for it, are evaluated again.
    func afterVendorDecision(_ vendorId: String) throws {
        var ids = engine.state.waitingByVendor[vendorId] ?? []
        for id in engine.state.curable where engine.state.invoices[id]?.vendorId == vendorId { ids.insert(id) }
        for id in ids.sorted() { try reevaluateInvoice(id) }
    }

    func reevaluatePayments(ofInvoice id: String) throws {
        for payment in (engine.state.paymentsByInvoice[id] ?? []).sorted() {
            let status = engine.state.payments[payment]?.status
            if status == .waiting || status == .quarantined { try reevaluatePayment(payment) }
        }
    }

    /// Evaluates an invoice again from the rows of the file it was last decided from.
    func reevaluateInvoice(_ id: String, isFinal: Bool = false) throws {
        guard let record = engine.state.invoices[id], !record.fileSha256.isEmpty else { return }
        let rows = try engine.rows(subject: "invoice:\(id)", fileSha256: record.fileSha256)
        guard !rows.isEmpty else { return }
        let assembly = InvoiceAssembly(invoiceId: id, rows: rows)
        try decide(subject: "invoice:\(id)") { try self.engine.decideInvoice(assembly, isFinal: isFinal) }
        try afterInvoiceDecision(id)
    }

    func reevaluateVendor(_ id: String) throws {
        guard let file = engine.state.vendors[id]?.fileSha256,
            let row = try engine.rows(subject: "vendor:\(id)", fileSha256: file).last
        else { return }
        // A retry asks for a fresh decision even when the row is unchanged.
        try decide(subject: "vendor:\(id)") { self.engine.decideVendor(row, isRepeatAllowed: true) }
        try afterVendorDecision(id)
    }

    func reevaluatePayment(_ id: String, isFinal: Bool = false) throws {
        guard let file = engine.state.payments[id]?.fileSha256, !file.isEmpty,
            let row = try engine.rows(subject: "payment:\(id)", fileSha256: file).last
        else { return }
        try decide(subject: "payment:\(id)") { self.engine.decidePayment(row, isFinal: isFinal) }
    }

    /// QBO refused a planned write: quarantine the item with QBO's own message (category `qbo-rejected`).
    private func quarantineRejected(_ rejected: WriteRejected) throws {
        var message = "QBO refused the \(rejected.entity)"
        if let code = rejected.code { message += " with code \(code)" }
        message += ": \(rejected.message)"
        if let detail = rejected.detail, !detail.isEmpty { message += " (\(detail))" }
        let problem = QuarantineProblem(
            category: "qbo-rejected", message: message, column: rejected.element, value: rejected.code,
            fix: "fix the cause in QBO, the mapping or Stampli, then run `ml-connector quarantine retry`")
        let id = rejected.stampliId
        switch rejected.entity {
        case "Bill", "VendorCredit":
            let record = engine.state.invoices[id]
            try decide(subject: "invoice:\(id)") {
                .invoiceQuarantined(
                    InvoiceQuarantined(
                        invoiceId: id, contentHash: rejected.contentHash, fileSha256: record?.fileSha256 ?? "",
                        path: record?.path ?? "", vendorId: record?.vendorId, total: nil, problems: [problem],
                        mappingSha256: self.engine.state.mapping?.sha256))
            }
            try afterInvoiceDecision(id)
        case "Vendor":
            var vendorProblem = problem
            vendorProblem.category = rejected.code == "6240" ? "vendor-name-invalid" : "vendor-rejected"
            let file = engine.state.vendors[id]?.fileSha256
            let row = try file.flatMap { try engine.rows(subject: "vendor:\(id)", fileSha256: $0).last }
            try decide(subject: "vendor:\(id)") {
                .vendorQuarantined(
                    VendorQuarantined(
                        stampliVendorId: id, vendorName: row?.raw("Vendor Name") ?? "",
                        contentHash: rejected.contentHash,
                        problems: [vendorProblem], fileSha256: file, path: row?.path))
            }
            try afterVendorDecision(id)
        case "BillPayment":
            let record = engine.state.payments[id]
            let row = try record.flatMap { try engine.rows(subject: "payment:\(id)", fileSha256: $0.fileSha256).last }
            try decide(subject: "payment:\(id)") {
                .paymentQuarantined(
                    PaymentQuarantined(
                        paymentId: id, invoiceId: record?.invoiceId ?? "", contentHash: rejected.contentHash,
                        problems: [problem], fileSha256: record?.fileSha256 ?? "", path: row?.path ?? "",
                        row: row?.row ?? 0))
            }
        default:
            break
        }
    }

    /// Once the backlog is consumed: invoices whose vendor is still unknown, and payments whose invoice is
    /// still unknown, are quarantined rather than left waiting forever.
    func finalPass() throws {
        let waitingInvoices = engine.state.invoices.filter {
            $0.value.status == .waiting && $0.value.waitingReason == "vendor-unknown"
        }
        for id in waitingInvoices.keys.sorted() { try reevaluateInvoice(id, isFinal: true) }
        let waitingPayments = engine.state.payments.filter {
            $0.value.status == .waiting && $0.value.waitingReason == "invoice-unknown"
        }
        for id in waitingPayments.keys.sorted() { try reevaluatePayment(id, isFinal: true) }
    }
}
