import EventLog

extension DecisionEngine {
    /// How an invoice's vendor stands.
    enum VendorStanding {
        case resolved(qboId: String, name: String)
        case waiting(reason: String, message: String)
        case problem(QuarantineProblem)
    }

    /// Decides one invoice.
    /// - Parameters:
    ///   - assembly: its rows from one file.
    ///   - isFinal: the backlog is consumed: a vendor still unknown is a quarantine, not a wait.
    ///   - isReplay: re-evaluation for ``Replayer``: the plan or posting on record with the same content is
    ///     not treated as a duplicate of itself (the replayer turns a changed plan of posted content into a skip).
    /// - Throws: the store's ``EventLogError`` (reading the rows of an amended invoice's earlier version).
    func decideInvoice(_ assembly: InvoiceAssembly, isFinal: Bool = false, isReplay: Bool = false) throws
        -> TransformDecision
    {
        let id = assembly.invoiceId
        let record = state.invoices[id]
        let hash = assembly.contentHash
        func quarantine(_ problems: [QuarantineProblem], changes: [FieldChange] = []) -> TransformDecision {
            .invoiceQuarantined(
                InvoiceQuarantined(
                    invoiceId: id, contentHash: hash, fileSha256: assembly.fileSha256, path: assembly.path,
                    vendorId: assembly.vendorId, total: assembly.total, problems: problems, changes: changes,
                    mappingSha256: state.mapping?.sha256))
        }
        func skip(_ original: Int64?) -> TransformDecision {
            .invoiceSkipped(
                InvoiceSkipped(
                    invoiceId: id, contentHash: hash, fileSha256: assembly.fileSha256, path: assembly.path,
                    reason: "duplicate", originalSeq: original))
        }
        if !isReplay {
            if let posted = record?.posted, posted.contentHash == hash {
                return skip(record?.plans[hash] ?? record?.postedSeq)
            }
            if let original = record?.plans[hash] { return skip(original) }
        }

        var problems = assembly.problems
        var amendmentOf: String?
        if let onRecord = record?.posted?.contentHash ?? record?.plannedHash, onRecord != hash,
            !(isReplay && record?.plans[hash] != nil)
        {
            amendmentOf = onRecord
        }
        let referenceReady = state.reference.hasSynced("Account")
        var lines: [BillPlanned.Line] = []
        var department: RuleChoice?
        var term: ReferenceSynced.Record?
        if referenceReady {
            (lines, department, term) = mapLines(assembly, problems: &problems)
        }
        let vendor = standing(
            vendorId: assembly.header(.vendorId), name: assembly.header(.vendorName), isFinal: isFinal)
        if case .problem(var problem) = vendor, !assembly.header(.vendorId).isEmpty {
            // Vendor problems are found without the invoice's rows; name where the invoice named the vendor.
            problem.file = problem.file ?? assembly.path
            problem.row = problem.row ?? assembly.rows.first?.row
            problems.append(problem)
        }
        let attachments = attachmentsFor(assembly, problems: &problems)

        if let amendedFrom = amendmentOf, let record {
            let previous = try record.plannedFile.map { try rows(subject: "invoice:\(id)", fileSha256: $0) } ?? []
            let changes = previous.isEmpty ? [] : assembly.changes(from: InvoiceAssembly(invoiceId: id, rows: previous))
            let canUpdate = settings.onAmendment == .update && record.posted != nil
            if !canUpdate {
                let reason =
                    settings.onAmendment == .update
                    ? "the earlier version is planned but not yet posted, so there is no Bill to update yet"
                    : "on_amendment is \"quarantine\""
                problems.append(
                    QuarantineProblem(
                        category: "amendment",
                        message:
                            "Invoice \(id) was exported again with different content (\(changes.count) field(s) changed) than the version on record; \(reason)",
                        file: assembly.path, row: assembly.rows.first?.row, column: nil, value: hash,
                        expected: "content \(amendedFrom)",
                        fix:
                            "review the changes; update the Bill in QBO by hand and dismiss, or set on_amendment = \"update\" and retry"
                    ))
                return quarantine(problems, changes: changes)
            }
        }
        if !problems.isEmpty { return quarantine(problems) }
        if !referenceReady {
            return waiting(assembly, reason: "reference-pending", message: Self.referencePendingMessage)
        }
        switch vendor {
        case .waiting(let reason, let message): return waiting(assembly, reason: reason, message: message)
        case .problem: return quarantine(problems)
        case .resolved(let vendorQboId, let vendorName):
            return .bill(
                plan(
                    assembly, lines: lines, department: department, term: term, vendorQboId: vendorQboId,
                    vendorName: vendorName, attachments: attachments))
        }
    }

    static let referencePendingMessage = "QBO reference data (accounts, vendors) has not been synced yet"

    private func waiting(_ assembly: InvoiceAssembly, reason: String, message: String) -> TransformDecision {
        .invoiceWaiting(
            InvoiceWaiting(
                invoiceId: assembly.invoiceId, contentHash: assembly.contentHash, fileSha256: assembly.fileSha256,
                path: assembly.path, vendorId: assembly.vendorId, reason: reason, message: message))
    }

    /// Where the invoice's vendor stands in QBO (see ``VendorStanding``).
    func standing(vendorId: String, name: String, isFinal: Bool) -> VendorStanding {
        let record = state.vendors[vendorId]
        let fix = "see `ml-connector quarantine list` for the vendor, fix it, then retry"
        if record?.isPlanPending == true {
            return .waiting(
                reason: "vendor-pending", message: "vendor \(vendorId)'s create or update is not confirmed by QBO yet")
        }
        if let qboId = record?.qboId {
            let active = state.confirmedActive[qboId] ?? state.reference.record("Vendor", id: qboId)?.active ?? true
            if active {
                return .resolved(qboId: qboId, name: state.reference.record("Vendor", id: qboId)?.name ?? name)
            }
            return .problem(vendorInactive(vendorId, name, qboId))
        }
        if record?.isQuarantined == true {
            return .problem(
                QuarantineProblem(
                    category: "vendor-rejected", message: "vendor \(vendorId) (\"\(name)\") is quarantined",
                    column: "Vendor ID",
                    value: vendorId, fix: fix))
        }
        let candidates = state.reference.findByDisplayName("Vendor", name)
        if let active = candidates.first(where: \.active) { return .resolved(qboId: active.id, name: active.name) }
        if let inactive = candidates.first { return .problem(vendorInactive(vendorId, name, inactive.id)) }
        if !isFinal, !state.reference.hasSynced("Vendor") {
            return .waiting(reason: "reference-pending", message: Self.referencePendingMessage)
        }
        let message = "vendor \(vendorId) (\"\(name)\") is in no vendors file and no QBO vendor has that name"
        if !isFinal { return .waiting(reason: "vendor-unknown", message: message) }
        return .problem(
            QuarantineProblem(
                category: "vendor-unknown", message: message, column: "Vendor ID", value: vendorId,
                expected: "a vendor exported by Stampli or present in QBO",
                fix: "export the vendor from Stampli or create it in QBO with that exact name, then retry"))
    }

    private func vendorInactive(_ vendorId: String, _ name: String, _ qboId: String) -> QuarantineProblem {
        QuarantineProblem(
            category: "vendor-inactive",
            message:
                "vendor \(vendorId) (\"\(name)\") is inactive in QBO (Id \(qboId)) and the export does not reactivate it",
            column: "Vendor Name", value: name, expected: "an active QBO vendor",
            fix: "mark the vendor Active in Stampli (or reactivate it in QBO), then retry")
    }
}
