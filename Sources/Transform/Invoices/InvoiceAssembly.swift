import EventLog

/// The rows of one Invoice ID within one invoices file, checked against the contract's invoice rules
/// (stampli-export.md §invoices): header columns agree, Line Numbers unique, Invoice Total equals the sum of
/// Line Amounts to the cent, dates and amounts valid, Invoice Number fits DocNumber, one Department.
struct InvoiceAssembly {
    /// Columns that describe the whole invoice and must agree on every row.
    static let headerColumns = [
        "Invoice Number", "Vendor ID", "Vendor Name", "Invoice Date", "Due Date", "Currency", "Invoice Total", "Terms",
        "PO Number", "Memo", "Approved Date", "Approver",
    ]
    /// ``headerColumns`` as known columns, in the same order.
    static let knownHeaderColumns: [KnownColumn] = [
        .invoiceNumber, .vendorId, .vendorName, .invoiceDate, .dueDate, .currency, .invoiceTotal, .terms, .poNumber,
        .memo, .approvedDate, .approver,
    ]
    /// Columns of one line.
    static let lineColumns = [
        "Line Description", "Line Amount", "GL Account", "Department", "Class", "Customer", "Billable", "Attachment",
    ]
    /// QBO DocNumber limit (qbo-api.md §13).
    static let maximumDocNumberLength = 21

    struct Line {
        var number: Int
        var amount: Money
        var row: SourceRow
    }

    let invoiceId: String
    let fileSha256: String
    let path: String
    /// Rows sorted by row number.
    let rows: [SourceRow]
    let contentHash: String
    private(set) var problems: [QuarantineProblem] = []
    private(set) var lines: [Line] = []
    private(set) var total: Money?

    init(invoiceId: String, rows: [SourceRow]) {
        self.invoiceId = invoiceId
        // Rows usually come in file order already: then the array is kept as it is.
        let isInOrder = zip(rows, rows.dropFirst()).allSatisfy { $0.row <= $1.row }
        let sorted = isInOrder ? rows : rows.sorted { $0.row < $1.row }
        self.rows = sorted
        self.fileSha256 = sorted.first?.fileSha256 ?? ""
        self.path = sorted.first?.path ?? ""
        self.contentHash = Self.contentHash(of: sorted)
        validate()
    }

    /// The hash of the invoice's content: its rows' values in Line Number order, not the file or row numbers,
    /// so a re-export of the same invoice in another file is recognised as a duplicate.
    static func contentHash(of rows: [SourceRow]) -> String {
        // Each row's Line Number is read once, not on every comparison.
        let keyed = rows.map { (number: $0.lineNumber ?? Int.max, row: $0) }
        func precedes(_ lhs: (number: Int, row: SourceRow), _ rhs: (number: Int, row: SourceRow)) -> Bool {
            lhs.number != rhs.number ? lhs.number < rhs.number : lhs.row.row < rhs.row.row
        }
        // Lines usually come in Line Number order already: then the rows are hashed as they are.
        if zip(keyed, keyed.dropFirst()).allSatisfy({ !precedes($1, $0) }) { return Digest.contentHash(rows: rows) }
        return Digest.contentHash(rows: keyed.sorted(by: precedes).map(\.row))
    }

    /// The value of a header column (taken from the first row; they must agree).
    func header(_ column: String) -> String { rows.first?.value(column) ?? "" }

    /// ``header(_:)`` for a known column.
    func header(_ column: KnownColumn) -> String { rows.first?.value(column) ?? "" }

    var vendorId: String? {
        let value = header(.vendorId)
        return value.isEmpty ? nil : value
    }

    private mutating func problem(
        _ category: String, _ message: String, row: Int? = nil, column: String? = nil, value: String? = nil,
        expected: String? = nil, fix: String?
    ) {
        problems.append(
            QuarantineProblem(
                category: category, message: message, file: path, row: row, column: column, value: value,
                expected: expected, fix: fix))
    }


    /// True when every other row that was read lists the first row's columns and holds the same bytes in
    /// each header column, raw and canonical: then the headers agree and ``checkHeaders(_:)`` has nothing to
    /// find. Allocates nothing.
    private func headersAgreeByBytes(_ first: SourceRow) -> Bool {
        for row in rows where !row.isRejected && row !== first {
            guard row.hasSameHeaderBytes(as: first) else { return false }
        }
        return true
    }

    /// Header columns must agree on every row: a problem for each column and row where they do not.
    private mutating func checkHeaders(_ first: SourceRow) {
        let stampliFix = "correct the invoice in Stampli so that it is exported again"
        let others = rows.filter { !$0.isRejected && $0 !== first }
        // Rows that list the same columns as the first are compared by position, without looking columns up.
        let sameLayout = others.map {
            $0.fields.hasSameColumns(as: first.fields) && $0.normalized.hasSameColumns(as: first.normalized)
        }
        let rawIndices = first.fields.headerIndices
        let canonicalIndices = first.normalized.headerIndices
        // Per row, a bit for each header column whose raw and canonical values are the same bytes as on the
        // first row (rows with the first row's columns only): those agree without trimming; only a
        // difference is looked at closely.
        let sameBytes = zip(others, sameLayout).map { row, isSameLayout in
            isSameLayout
                ? row.fields.sameBytesMask(at: rawIndices, as: first.fields)
                    & row.normalized.sameBytesMask(at: canonicalIndices, as: first.normalized) : 0
        }
        for (bit, known) in Self.knownHeaderColumns.enumerated() where !others.isEmpty {
            let column = known.name
            let rawIndex = rawIndices[bit]
            let canonicalIndex = canonicalIndices[bit]
            for (row, rowSameBytes) in zip(others, sameBytes) {
                if rowSameBytes & (1 << UInt64(bit)) != 0 { continue }
                if row.fields[column] == first.fields.value(at: rawIndex)
                    && row.normalized[column] == first.normalized.value(at: canonicalIndex)
                {
                    continue
                }
                let expected = first.value(column)
                guard row.value(column) != expected else { continue }
                problem(
                    "header-mismatch",
                    "\(column) differs between rows \(first.row) and \(row.row) of the same invoice",
                    row: row.row, column: column, value: row.value(column),
                    expected: "\"\(expected)\" as on row \(first.row)", fix: stampliFix)
            }
        }
    }

    private mutating func validate() {
        let stampliFix = "correct the invoice in Stampli so that it is exported again"
        for row in rows {
            if row.isRejected, let rejection = row.rejection {
                problem(
                    "invalid-row", "row \(row.row) of this invoice could not be read: expected \(rejection.expected)",
                    row: row.row, column: rejection.column, value: rejection.value, expected: rejection.expected,
                    fix: stampliFix)
            }
        }
        guard let first = rows.first(where: { !$0.isRejected }) else { return }
        if !headersAgreeByBytes(first) { checkHeaders(first) }
        let required = [KnownColumn.invoiceNumber, .vendorId, .vendorName]
        for known in required where first.raw(known).isEmpty {
            problem(
                "invalid-row", "\(known.name) is empty", row: first.row, column: known.name, value: "",
                expected: "a value (required column)", fix: stampliFix)
        }
        let number = first.raw(.invoiceNumber)
        if number.count > Self.maximumDocNumberLength {
            problem(
                "doc-number-too-long",
                "Invoice Number has \(number.count) characters; QBO's DocNumber holds at most \(Self.maximumDocNumberLength)",
                row: first.row, column: "Invoice Number", value: number,
                expected: "at most \(Self.maximumDocNumberLength) characters",
                fix:
                    "shorten the invoice number in Stampli (QBO cannot store it), or enter this Bill by hand and dismiss it"
            )
        }
        for known in [KnownColumn.invoiceDate, .dueDate, .approvedDate] {
            let value = first.value(known)
            let isRequired = known == .invoiceDate
            if value.isEmpty ? isRequired : !Digest.isValidDate(value) {
                problem(
                    "invalid-row", "\(known.name) is not a valid date", row: first.row, column: known.name,
                    value: first.raw(known), expected: "a date such as 2026-01-31", fix: stampliFix)
            }
        }
        if let amount = first.normalizedMoney(.invoiceTotal) {
            total = amount
        } else {
            problem(
                "invalid-row", "Invoice Total is not an amount", row: first.row, column: "Invoice Total",
                value: first.raw(.invoiceTotal), expected: "an amount such as 1234.50", fix: stampliFix)
        }
        // Line Numbers seen, with their rows: an invoice has a few lines, so a scan costs less than hashing.
        var seenNumbers: [(number: Int, row: Int)] = []
        seenNumbers.reserveCapacity(rows.count)
        for row in rows where !row.isRejected {
            guard let lineNumber = row.lineNumber, lineNumber > 0 else {
                problem(
                    "invalid-row", "Line Number is not a positive whole number", row: row.row, column: "Line Number",
                    value: row.raw(.lineNumber), expected: "1, 2, 3...", fix: stampliFix)
                continue
            }
            if let earlier = seenNumbers.first(where: { $0.number == lineNumber })?.row {
                problem(
                    "duplicate-line-number", "Line Number \(lineNumber) appears on rows \(earlier) and \(row.row)",
                    row: row.row, column: "Line Number", value: String(lineNumber),
                    expected: "Line Numbers unique within the invoice", fix: stampliFix)
                continue
            }
            seenNumbers.append((lineNumber, row.row))
            guard let amount = row.normalizedMoney(.lineAmount) else {
                problem(
                    "invalid-row", "Line Amount is not an amount", row: row.row, column: "Line Amount",
                    value: row.raw(.lineAmount), expected: "an amount such as 1234.50", fix: stampliFix)
                continue
            }
            if row.raw(.glAccount).isEmpty {
                problem(
                    "invalid-row", "GL Account is empty", row: row.row, column: "GL Account", value: "",
                    expected: "a Stampli GL code", fix: stampliFix)
            }
            if row.value(.billable) == "Y" && row.raw(.customer).isEmpty {
                problem(
                    "invalid-row", "the line is Billable but names no Customer", row: row.row, column: "Customer",
                    value: "", expected: "a customer when Billable is Y", fix: stampliFix)
            }
            lines.append(Line(number: lineNumber, amount: amount, row: row))
        }
        lines.sort { $0.number < $1.number }
        var sum = Money.zero
        for line in lines { sum += line.amount }
        if let total, lines.count == rows.count, sum != total {
            problem(
                "total-mismatch", "Invoice Total \(total) does not equal the sum of its Line Amounts, \(sum)",
                row: first.row, column: "Invoice Total", value: total.description, expected: sum.description,
                fix: stampliFix)
        }
        // Most invoices name one Department or none: the rows are grouped only when a second one appears.
        var firstDepartment: String?
        var hasSecondDepartment = false
        for row in rows {
            let department = row.raw(.department)
            if department.isEmpty { continue }
            if let firstDepartment, firstDepartment != department {
                hasSecondDepartment = true
                break
            }
            firstDepartment = department
        }
        if hasSecondDepartment {
            let departments = Dictionary(grouping: rows.filter { !$0.raw(.department).isEmpty }) {
                $0.raw(.department)
            }
            let listed = departments.keys.sorted().map { "\"\($0)\" (row \(departments[$0]!.map(\.row).min()!))" }
            problem(
                "department-conflict",
                "the lines name \(departments.count) Departments, but a QBO Bill holds one: "
                    + listed.joined(separator: ", "),
                row: rows.first!.row, column: "Department", value: departments.keys.sorted().joined(separator: " | "),
                expected: "one Department per invoice",
                fix: "give every line of the invoice the same Department in Stampli, or split it into several invoices")
        }
    }

    /// The single Department of the invoice, if any.
    var department: String? { rows.lazy.map { $0.raw(.department) }.first { !$0.isEmpty } }

    /// Attachment file names, in row order, without repeats.
    var attachmentNames: [String] {
        var seen = Set<String>()
        return rows.map { $0.raw(.attachment) }.filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    /// A flat field map for amendment diffs: header columns, then `Line <n> <column>`.
    var flattened: [String: String] {
        var result: [String: String] = [:]
        for column in Self.headerColumns { result[column] = header(column) }
        for row in rows {
            let number = row.raw(.lineNumber)
            for column in Self.lineColumns { result["Line \(number) \(column)"] = row.value(column) }
        }
        return result.filter { !$0.value.isEmpty }
    }

    /// Field-by-field changes from `old` to this version.
    func changes(from old: InvoiceAssembly) -> [FieldChange] {
        let before = old.flattened
        let after = flattened
        return Set(before.keys).union(after.keys).sorted().compactMap { key in
            before[key] == after[key] ? nil : FieldChange(field: key, before: before[key], after: after[key])
        }
    }
}
