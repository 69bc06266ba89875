package import EventLog

/// The AP team's mapping file (stampli-export.md §The mapping file): `Type,Stampli,QuickBooks` rows that map
/// a Stampli GL code, department, class or bank account to a QBO record.
///
/// The CLI reads the file's bytes, calls ``parse(bytes:path:autoMatch:)`` and, when
/// ``needsRecording(_:store:)`` says so, appends the result as a ``MappingRecorded`` event; Transform then
/// uses the newest recorded mapping for every decision and names it by its SHA-256.
package enum MappingFile {
    /// The rule types the file may hold.
    package static let ruleTypes: Set<String> = ["account", "department", "class", "bank"]
    /// The header the file must start with (matched case-insensitively, spaces trimmed).
    package static let header = ["Type", "Stampli", "QuickBooks"]

    /// Parses mapping-file bytes.
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8, with or without a BOM; LF or CRLF).
    ///   - path: where it was read from, recorded for the audit trail.
    ///   - autoMatch: the `auto_match` setting in force with this file.
    /// - Returns: the event to record, with each rule's 1-based row (header = row 1).
    /// - Throws: ``MappingFileError`` listing every bad row (row, column, value, what was expected).
    package static func parse(bytes: [UInt8], path: String, autoMatch: Bool = true) throws -> MappingRecorded {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records = SimpleCSV.records(text)
        var problems: [MappingFileError.Problem] = []
        guard let first = records.first(where: { !$0.fields.allSatisfy { $0.trimmed.isEmpty } }) else {
            throw MappingFileError(
                path: path,
                problems: [.init(row: 1, column: nil, value: nil, expected: "a header Type,Stampli,QuickBooks")])
        }
        let names = first.fields.map { $0.trimmed.lowercased() }
        var columns: [String: Int] = [:]
        for (index, name) in names.enumerated() where columns[name] == nil { columns[name] = index }
        let missing = header.filter { columns[$0.lowercased()] == nil }
        if !missing.isEmpty {
            throw MappingFileError(
                path: path,
                problems: missing.map {
                    .init(row: first.row, column: $0, value: nil, expected: "a \"\($0)\" column in the header")
                })
        }
        var rules: [MappingRecorded.Rule] = []
        var seen: [String: Int] = [:]
        for record in records where record.row > first.row {
            if record.fields.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            func value(_ column: String) -> String {
                let index = columns[column.lowercased()]!
                return index < record.fields.count ? record.fields[index].trimmed : ""
            }
            let type = value("Type").lowercased()
            let stampli = value("Stampli")
            let quickBooks = value("QuickBooks")
            var bad = false
            if !ruleTypes.contains(type) {
                problems.append(
                    .init(
                        row: record.row, column: "Type", value: value("Type"),
                        expected: "account, department, class or bank"))
                bad = true
            }
            if stampli.isEmpty {
                problems.append(
                    .init(row: record.row, column: "Stampli", value: "", expected: "the Stampli value to map"))
                bad = true
            }
            if quickBooks.isEmpty {
                problems.append(
                    .init(row: record.row, column: "QuickBooks", value: "", expected: "a QBO name, number or Id"))
                bad = true
            }
            if bad { continue }
            let key = type + "\u{0}" + stampli.lowercased()
            if let earlier = seen[key] {
                problems.append(
                    .init(
                        row: record.row, column: "Stampli", value: stampli,
                        expected: "one row per \(type) value (row \(earlier) already maps it)"))
                continue
            }
            seen[key] = record.row
            rules.append(.init(type: type, stampli: stampli, quickBooks: quickBooks, row: record.row))
        }
        guard problems.isEmpty else { throw MappingFileError(path: path, problems: problems) }
        return MappingRecorded(sha256: SHA256Digest.hex(of: bytes), path: path, rules: rules, autoMatch: autoMatch)
    }

    /// Whether `mapping` must be appended: true when no mapping is recorded yet, or the newest one differs
    /// in content (SHA-256) or in its `auto_match` flag.
    /// - Throws: the store's ``EventLogError``.
    package static func needsRecording(_ mapping: MappingRecorded, store: any EventStore) throws -> Bool {
        guard let current = try latest(store: store) else { return true }
        return current.sha256 != mapping.sha256 || current.autoMatch != mapping.autoMatch
    }

    /// Parses the mapping file and appends it as a ``MappingRecorded`` event when it differs from the newest
    /// one on record: the one call the CLI needs before running Transform.
    /// - Returns: the appended mapping, or nil when the recorded one is current.
    /// - Throws: ``MappingFileError`` for bad rows (nothing is appended), or the store's ``EventLogError``.
    @discardableResult
    package static func recordIfChanged(bytes: [UInt8], path: String, autoMatch: Bool = true, store: any EventStore)
        throws -> MappingRecorded?
    {
        let mapping = try parse(bytes: bytes, path: path, autoMatch: autoMatch)
        guard try needsRecording(mapping, store: store) else { return nil }
        try store.append([try event(mapping)])
        return mapping
    }

    /// The newest recorded mapping, if any.
    /// - Throws: the store's ``EventLogError``, or ``TransformError`` when it does not decode.
    package static func latest(store: any EventStore) throws -> MappingRecorded? {
        var after: Int64 = 0
        var newest: RecordedEvent?
        while true {
            let page = try store.events(types: [MappingRecorded.type], after: after, limit: 500)
            guard let last = page.last else { break }
            newest = last
            after = last.seq
        }
        return try newest.map { try $0.decode(MappingRecorded.self) }
    }

    /// The event to append for `mapping` (subject `mapping:<sha256>`).
    /// - Throws: `EncodingError`.
    package static func event(_ mapping: MappingRecorded) throws -> NewEvent {
        try NewEvent(mapping, subject: "mapping:\(mapping.sha256)")
    }
}

/// Why a mapping file cannot be used; every bad row is listed.
package struct MappingFileError: Error, CustomStringConvertible, Sendable, Equatable {
    package struct Problem: Sendable, Equatable {
        package var row: Int
        package var column: String?
        package var value: String?
        package var expected: String
    }

    package var path: String
    package var problems: [Problem]

    package var description: String {
        let details = problems.map { problem in
            var text = "row \(problem.row)"
            if let column = problem.column { text += " column \(column)" }
            if let value = problem.value { text += " value \"\(value)\"" }
            return text + ": expected \(problem.expected)"
        }
        return "transform mapping failed: \(path) has \(problems.count) bad row(s): " + details.joined(separator: "; ")
    }

    package var hint: String { "fix the named rows of \(path) and run again" }
}

extension String {
    var trimmed: String {
        // Most values have nothing to trim: decide that from the first and last bytes without copying.
        guard let head = utf8.first, let tail = utf8.last else { return self }
        func isPlain(_ byte: UInt8) -> Bool { byte > 0x20 && byte < 0x80 }
        if isPlain(head) && isPlain(tail) { return self }
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
