import EventLog

extension DecisionEngine {
    /// QBO's PrivateNote limit (qbo-api.md §13).
    static let maximumPrivateNoteLength = 4_000

    /// Maps every line's account, class and customer, the invoice's department and terms; problems are added.
    func mapLines(_ assembly: InvoiceAssembly, problems: inout [QuarantineProblem])
        -> ([BillPlanned.Line], RuleChoice?, ReferenceSynced.Record?)
    {
        let isCredit = (assembly.total ?? .zero).isNegative
        func choose(_ kind: MappingKind, _ value: String, row: Int) -> RuleChoice? {
            switch resolve(kind, value) {
            case .chosen(let choice): return choice
            case .problem(let category, let message, let fix):
                problems.append(
                    QuarantineProblem(
                        category: category, message: message, file: assembly.path, row: row, column: kind.column,
                        value: value, expected: "a value mapped to an active QBO \(kind.entity.lowercased())", fix: fix)
                )
                return nil
            }
        }
        func lookUp(_ entity: String, _ column: String, _ category: String, _ value: String, row: Int)
            -> ReferenceSynced.Record?
        {
            let found = state.reference.find(entity, target: value, allowNumber: false)
            if let found, found.records.count == 1, found.records[0].active { return found.records[0] }
            let why =
                found == nil
                ? "matches no QBO \(entity.lowercased()) by name or Id"
                : found!.records.count > 1
                    ? "matches \(found!.records.count) QBO \(entity.lowercased())s" : "is inactive in QBO"
            problems.append(
                QuarantineProblem(
                    category: category, message: "\(column) \"\(value)\" \(why)", file: assembly.path, row: row,
                    column: column, value: value, expected: "an active QBO \(entity.lowercased())",
                    fix: "create or reactivate \"\(value)\" in QBO (or correct it in Stampli), then retry"))
            return nil
        }
        var lines: [BillPlanned.Line] = []
        lines.reserveCapacity(assembly.lines.count)
        for line in assembly.lines {
            let row = line.row
            let account = choose(.account, row.raw(.glAccount), row: row.row)
            let classValue = row.raw(.classColumn)
            let classChoice = classValue.isEmpty ? nil : choose(.class, classValue, row: row.row)
            let customerValue = row.raw(.customer)
            let customer =
                customerValue.isEmpty
                ? nil : lookUp("Customer", "Customer", "unknown-customer", customerValue, row: row.row)
            guard let account, classValue.isEmpty || classChoice != nil, customerValue.isEmpty || customer != nil else {
                continue
            }
            let description = row.raw(.lineDescription)
            lines.append(
                BillPlanned.Line(
                    lineNumber: line.number, description: description.isEmpty ? nil : description,
                    amount: isCredit ? -line.amount : line.amount, account: account, classChoice: classChoice,
                    customerId: customer?.id, customerName: customer.map { $0.fullyQualifiedName ?? $0.name },
                    billableStatus: customer == nil ? nil : (row.value(.billable) == "Y" ? "Billable" : "NotBillable"),
                    sourceRow: row.row))
        }
        let firstRow = assembly.rows.first?.row ?? 0
        let department = assembly.department.flatMap { choose(.department, $0, row: firstRow) }
        let terms = assembly.header(.terms)
        let term = terms.isEmpty ? nil : lookUp("Term", "Terms", "unknown-term", terms, row: firstRow)
        return (lines, department, term)
    }

    /// The Attachable uploads for the Attachment column; a name with no fetched file is a problem.
    func attachmentsFor(_ assembly: InvoiceAssembly, problems: inout [QuarantineProblem]) -> [BillPlanned.Attachment] {
        assembly.attachmentNames.compactMap { name in
            let candidates = state.attachments[name] ?? []
            guard let blob = candidates.last(where: { $0.invoiceFile == assembly.fileSha256 }) ?? candidates.last else {
                problems.append(
                    QuarantineProblem(
                        category: "attachment-missing",
                        message: "the Attachment \"\(name)\" was not found beside the invoices file",
                        file: assembly.path, row: assembly.rows.first { $0.raw(.attachment) == name }?.row,
                        column: "Attachment", value: name, expected: "a file of that name beside the CSV",
                        fix: "have Stampli export the invoice image again, then retry"))
                return nil
            }
            return BillPlanned.Attachment(
                fileName: name, blobSha256: blob.sha256, contentType: Self.contentType(of: name))
        }
    }

    /// The MIME type for an attachment's extension.
    static func contentType(of fileName: String) -> String {
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "pdf": return "application/pdf"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "tif", "tiff": return "image/tiff"
        case "txt": return "text/plain"
        case "csv": return "text/csv"
        case "xml": return "application/xml"
        case "doc": return "application/msword"
        case "docx": return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case "xls": return "application/vnd.ms-excel"
        case "xlsx": return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        default: return "application/octet-stream"
        }
    }

    /// The audit stamp and memo for PrivateNote, at most 4000 characters (the stamp always survives).
    static func privateNote(invoiceId: String, approver: String, approvedDate: String, fileSha256: String, memo: String)
        -> String
    {
        // Built in storage reserved once (the pieces' lengths are known), not grown piece by piece.
        var stamp = ""
        stamp.reserveCapacity(
            64 + invoiceId.utf8.count + approver.utf8.count + approvedDate.utf8.count + fileSha256.utf8.count)
        stamp += "Stampli invoice "
        stamp += invoiceId
        if !approver.isEmpty || !approvedDate.isEmpty {
            stamp += "; approved by "
            stamp += approver.isEmpty ? "(unknown)" : approver
            if !approvedDate.isEmpty {
                stamp += " on "
                stamp += approvedDate
            }
        }
        stamp += "; file sha256 "
        stamp += fileSha256
        stamp = Digest.truncate(stamp, to: maximumPrivateNoteLength)
        guard !memo.isEmpty else { return stamp }
        let room = maximumPrivateNoteLength - stamp.utf16.count - 1
        guard room > 16 else { return stamp }
        return stamp + "\n" + Digest.truncate(memo, to: room)
    }

    func plan(
        _ assembly: InvoiceAssembly, lines: [BillPlanned.Line], department: RuleChoice?, term: ReferenceSynced.Record?,
        vendorQboId: String, vendorName: String, attachments: [BillPlanned.Attachment]
    ) -> BillPlanned {
        let id = assembly.invoiceId
        let record = state.invoices[id]
        let total = assembly.total ?? .zero
        let isUpdate = record?.posted != nil && record?.posted?.contentHash != assembly.contentHash
        let attempt = record?.rejections[assembly.contentHash] ?? 0
        let currency = assembly.header(.currency).uppercased()
        let approver = assembly.header(.approver)
        let approvedDate = assembly.header(.approvedDate)
        let dueDate = assembly.header(.dueDate)
        let poNumber = assembly.header(.poNumber)
        return BillPlanned(
            invoiceId: id, contentHash: assembly.contentHash,
            requestId: Digest.requestId(prefix: "b-", id: id, contentHash: assembly.contentHash, attempt: attempt),
            entity: total.isNegative ? "VendorCredit" : "Bill", action: isUpdate ? "update" : "create",
            qboId: isUpdate ? record?.posted?.qboId : nil, stampliVendorId: assembly.header(.vendorId),
            vendorQboId: vendorQboId, vendorName: vendorName, docNumber: assembly.header(.invoiceNumber),
            txnDate: assembly.header(.invoiceDate), dueDate: dueDate.isEmpty ? nil : dueDate,
            currency: currency.isEmpty ? settings.homeCurrency : currency, termId: term?.id, termName: term?.name,
            department: department, lines: lines, total: total.magnitude,
            privateNote: Self.privateNote(
                invoiceId: id, approver: approver, approvedDate: approvedDate, fileSha256: assembly.fileSha256,
                memo: assembly.header(.memo)),
            poNumber: poNumber.isEmpty ? nil : poNumber, attachments: attachments,
            approver: approver.isEmpty ? nil : approver, approvedDate: approvedDate.isEmpty ? nil : approvedDate,
            fileSha256: assembly.fileSha256, path: assembly.path, mappingSha256: state.mapping?.sha256)
    }
}
