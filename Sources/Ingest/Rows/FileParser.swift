package import EventLog

/// Turns one export file's decompressed bytes into row events, streaming: feed chunks, then ``finish()``.
///
/// The first non-blank record is the header; each later record becomes a ``RowParsed`` or a
/// ``RowRejected``. A file-level problem (a required column missing, a header that does not decode, a
/// record cut off by the end of the file) sets ``problem``; then nothing of the file may be used and the
/// row events gathered so far are dropped.
package struct FileParser {
    /// Why a whole file is refused.
    /// What the parser produces for data rows.
    package enum Mode: Sendable, Equatable {
        /// A ``RowParsed`` or ``RowRejected`` per row.
        case events
        /// Only checks the file's structure and header and counts the rows (a first pass before the rows
        /// are streamed into the log, so ``FileFetched/rowCount`` is known before them).
        case countOnly
    }

    package struct Problem: Sendable, Equatable {
        package var reason: String
        package var column: String?
        package var row: Int?
        package var expected: String?
    }

    package let template: ColumnTemplate
    package let encoding: TextEncoding
    package let dateFormat: DateFormat
    package let fileSha256: String
    package let path: String
    package let mode: Mode

    private var reader: CSVReader
    private var columnForIndex: [Int?] = []
    private var extraNames: [Int: String] = [:]
    private var attachmentIndex: Int?

    /// Header names as they appear in the file (empty until the header is read).
    private(set) package var header: [String] = []
    /// The row events in file order, with their subjects.
    private(set) package var events: [NewEvent] = []
    private(set) package var parsedRows = 0
    private(set) package var rejectedRows = 0
    /// Rows counted in ``Mode/countOnly``.
    private(set) package var countedRows = 0
    /// Attachment file names named by rows (invoices only), in first-seen order.
    private(set) package var attachments: [String] = []
    private var attachmentSet: Set<String> = []
    private(set) package var problem: Problem?

    package init(
        template: ColumnTemplate, delimiter: UInt8, encoding: TextEncoding, dateFormat: DateFormat,
        limits: CSVLimits, fileSha256: String, path: String, mode: Mode = .events
    ) {
        self.mode = mode
        self.template = template
        self.encoding = encoding
        self.dateFormat = dateFormat
        self.fileSha256 = fileSha256
        self.path = path
        self.reader = CSVReader(delimiter: delimiter, limits: limits)
    }

    /// Data rows read (parsed and rejected).
    package var rowCount: Int { parsedRows + rejectedRows + countedRows }

    /// Hands over the row events gathered since the last call (streaming: the caller appends them at once,
    /// so memory holds only the rows of one fed chunk).
    package mutating func takeEvents() -> [NewEvent] {
        var taken: [NewEvent] = []
        swap(&taken, &events)
        return taken
    }

    /// Reads a chunk of decompressed bytes.
    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard problem == nil else { return }
        var reader = takeReader()
        reader.feed(bytes) { record in self.accept(record) }
        self.reader = reader
    }

    /// Ends the input.
    package mutating func finish() {
        guard problem == nil else { return }
        var reader = takeReader()
        reader.finish { record in self.accept(record) }
        self.reader = reader
        if problem == nil && columnForIndex.isEmpty && header.isEmpty {
            reject(Problem(reason: "the file is empty: it has no header row", expected: "a header row"))
        }
    }

    /// Moves the reader out (leaving an empty one) so feeding it while `accept` mutates `self` copies no buffers.
    private mutating func takeReader() -> CSVReader {
        var reader = CSVReader(delimiter: self.reader.delimiter, limits: self.reader.limits)
        swap(&reader, &self.reader)
        return reader
    }

    /// Marks the whole file refused for a reason found outside the CSV (gzip, size limits).
    package mutating func reject(_ problem: Problem) {
        self.problem = problem
        events = []
        attachments = []
    }

    private mutating func accept(_ record: CSVRecord) {
        guard problem == nil else { return }
        if case .unterminatedQuote(let field) = record.problem {
            // A quote left open swallows the rest of the file: no row after it can be trusted.
            reject(
                Problem(
                    reason: "row \(record.row) has a quoted field that is never closed",
                    column: columnName(field), row: record.row, expected: record.problem?.expected))
            return
        }
        if header.isEmpty && columnForIndex.isEmpty {
            if record.isBlank && record.problem == nil { return }
            readHeader(record)
            return
        }
        if record.isBlank && record.problem == nil { return }
        readRow(record)
    }

    private mutating func readHeader(_ record: CSVRecord) {
        if let recordProblem = record.problem {
            reject(
                Problem(
                    reason: "the header row is malformed", column: nil, row: record.row,
                    expected: recordProblem.expected))
            return
        }
        var names: [String] = []
        for index in 0..<record.count {
            guard let name = encoding.decode(record.field(index)) else {
                reject(
                    Problem(
                        reason: "header column \(index + 1) is not valid \(encoding.rawValue) text",
                        row: record.row, expected: "\(encoding.rawValue) text"))
                return
            }
            names.append(name)
        }
        var byHeader: [String: Int] = [:]
        for (index, column) in template.columns.enumerated() {
            byHeader[column.header.trimmingSpaces.lowercased()] = index
        }
        var seen: [Int: Int] = [:]
        columnForIndex = []
        for (index, name) in names.enumerated() {
            let key = name.trimmingSpaces.lowercased()
            if let column = byHeader[key] {
                if seen[column] != nil {
                    reject(
                        Problem(
                            reason: "the column \"\(name)\" appears twice in the header",
                            column: template.columns[column].name, row: record.row,
                            expected: "each column once"))
                    return
                }
                seen[column] = index
                columnForIndex.append(column)
                if template.columns[column].name == "Attachment" && template.kind == .invoices {
                    attachmentIndex = index
                }
            } else {
                columnForIndex.append(nil)
                extraNames[index] = name.trimmingSpaces
            }
        }
        header = names
        for (index, column) in template.columns.enumerated() where column.isRequired && seen[index] == nil {
            let renamed = column.header == column.name ? "" : " (configured header \"\(column.header)\")"
            reject(
                Problem(
                    reason: "required column \"\(column.name)\"\(renamed) is missing from the header",
                    column: column.name, row: record.row, expected: "a header naming \"\(column.header)\""))
            return
        }
    }

    private func columnName(_ index: Int?) -> String? {
        guard let index else { return nil }
        if index < columnForIndex.count {
            if let column = columnForIndex[index] { return template.columns[column].name }
            return extraNames[index]
        }
        return "column \(index + 1)"
    }

    private mutating func readRow(_ record: CSVRecord) {
        if mode == .countOnly {
            countedRows += 1
            return
        }
        var fields: [String: String] = [:]
        var extra: [String: String] = [:]
        var normalized: [String: String] = [:]
        var firstProblem: (column: String?, value: String?, expected: String)?

        if let recordProblem = record.problem {
            firstProblem = (columnName(recordProblem.field), nil, recordProblem.expected)
        }
        // One pass over the record's storage makes a String per field (the path tools/bench/ingest.sh measures);
        // fields past the header's columns are only checked for content below.
        let columns = columnForIndex.count
        record.decodeFields(encoding) { index, text in
            guard index < columns else { return }
            guard let value = text else {
                if firstProblem == nil {
                    firstProblem = (
                        columnName(index), String(decoding: record.field(index), as: UTF8.self),
                        "\(encoding.rawValue) text"
                    )
                }
                return
            }
            if let column = columnForIndex[index] {
                fields[template.columns[column].name] = value
            } else if let name = extraNames[index] {
                extra[name] = value
            }
        }
        if record.count > columnForIndex.count && firstProblem == nil {
            let surplus = (columnForIndex.count..<record.count).contains { !record.field($0).isEmpty }
            if surplus {
                firstProblem = (
                    "column \(columnForIndex.count + 1)", nil,
                    "at most \(columnForIndex.count) fields, as in the header (found \(record.count))"
                )
            }
        }
        if firstProblem == nil {
            for column in template.columns {
                let value = fields[column.name]?.trimmingSpaces ?? ""
                if value.isEmpty {
                    if column.isRequired {
                        firstProblem = (column.name, fields[column.name], "a value (\"\(column.name)\" is required)")
                        break
                    }
                    continue
                }
                switch normalize(value, as: column.type) {
                case .some(.some(let canonical)): normalized[column.name] = canonical
                case .some(.none): break
                case .none:
                    firstProblem = (column.name, fields[column.name], expectation(for: column.type))
                }
                if firstProblem != nil { break }
            }
        }
        let key = fields[template.keyColumn]?.trimmingSpaces ?? ""
        let subject = key.isEmpty ? "file:\(fileSha256)" : "\(template.subjectPrefix):\(key)"
        do {
            if let problem = firstProblem {
                rejectedRows += 1
                let payload = RowRejected(
                    kind: template.kind, fileSha256: fileSha256, path: path, row: record.row,
                    byteOffset: record.byteOffset, byteLength: record.byteLength, column: problem.column,
                    value: problem.value, expected: problem.expected, fields: fields)
                events.append(try NewEvent(payload, subject: subject))
            } else {
                parsedRows += 1
                let payload = RowParsed(
                    kind: template.kind, fileSha256: fileSha256, path: path, row: record.row,
                    byteOffset: record.byteOffset, byteLength: record.byteLength, fields: fields,
                    normalized: normalized, extra: extra)
                events.append(try NewEvent(payload, subject: subject))
                if let attachmentIndex, let name = fields["Attachment"]?.trimmingSpaces, !name.isEmpty,
                    attachmentIndex < record.count, attachmentSet.insert(name).inserted
                {
                    attachments.append(name)
                }
            }
        } catch {
            reject(Problem(reason: "row \(record.row) could not be encoded as an event: \(error)", row: record.row))
        }
    }

    /// nil: invalid; .some(nil): valid text with nothing to normalize; .some(x): canonical form.
    private func normalize(_ value: String, as type: ColumnTemplate.ValueType) -> String?? {
        switch type {
        case .text: return .some(nil)
        case .date: return dateFormat.canonical(value).map { .some($0) }
        case .amount: return AmountParser.parse(value).map { .some($0.description) }
        case .flag:
            switch value.lowercased() {
            case "y", "yes", "true", "1": return .some("Y")
            case "n", "no", "false", "0": return .some("N")
            default: return nil
            }
        case .positiveInteger:
            guard value.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let number = Int(value), number >= 1 else {
                return nil
            }
            return .some(String(number))
        }
    }

    private func expectation(for type: ColumnTemplate.ValueType) -> String {
        switch type {
        case .text: return "text"
        case .date: return dateFormat.example
        case .amount: return AmountParser.expected
        case .flag: return "Y or N"
        case .positiveInteger: return "a whole number of 1 or more"
        }
    }
}
