package import EventLog

/// `ml-connector mappings check` and `mappings suggest`: every Stampli value seen in ingested data (GL
/// codes, departments, classes, bank accounts) and in Stampli's GL export, checked against the mapping in
/// force and QBO's reference data, exactly as Transform would resolve it; and, for unmapped GL codes, the
/// QBO account whose number or name is most alike, as mapping rows for the AP team to confirm.
package struct MappingCheck: Sendable, Codable {
    /// One Stampli value and how it resolves.
    package struct Finding: Codable, Sendable, Equatable {
        /// `account`, `department`, `class` or `bank`.
        package var type: String
        package var stampli: String
        /// `mapped`, `unmapped`, `inactive` or `ambiguous`.
        package var status: String
        package var qboId: String?
        package var qboName: String?
        /// `mapping-row`, `auto-match-number`, `auto-match-name`.
        package var rule: String?
        package var mappingRow: Int?
        /// Rows using the value in ingested files (invoice lines, payments).
        package var uses: Int
        package var message: String?
        package var fix: String?
    }

    /// A proposed mapping row for an unmapped GL code.
    package struct Suggestion: Codable, Sendable, Equatable {
        package var stampli: String
        package var stampliName: String?
        package var qboId: String
        package var qboName: String
        package var acctNum: String?
        /// 0–1: how alike the code and name are to the account's number and name.
        package var score: Double
        /// The mapping-file row: `account,<code>,<QBO name>`.
        package var row: String
    }

    package var findings: [Finding]
    package var suggestions: [Suggestion]
    /// False when no reference data has been synced yet (every value then looks unmapped).
    package var hasReferenceData: Bool
    package var mappingSha256: String?

    /// Scans the log.
    /// - Throws: the store's ``EventLogError``.
    package static func run(store: any EventStore, settings: TransformSettings = TransformSettings()) throws
        -> MappingCheck
    {
        var reference = ReferenceIndex()
        var uses: [MappingKind: [String: Int]] = [:]
        var glNames: [String: String] = [:]
        var after: Int64 = 0
        let types: Set<String> = [RowParsed.type, ReferenceSynced.type]
        while true {
            let page = try store.events(types: types, after: after, limit: 5_000)
            guard let last = page.last else { break }
            after = last.seq
            for event in page {
                if event.type == ReferenceSynced.type {
                    reference.apply(try event.decode(ReferenceSynced.self))
                    continue
                }
                let row = try event.decode(RowParsed.self)
                func use(_ kind: MappingKind, _ column: String, counts: Bool = true) {
                    guard let value = row.fields[column]?.trimmingSpaces, !value.isEmpty else { return }
                    uses[kind, default: [:]][value, default: 0] += counts ? 1 : 0
                }
                switch row.kind {
                case .invoices:
                    use(.account, "GL Account")
                    use(.department, "Department")
                    use(.class, "Class")
                case .payments: use(.bank, "Bank Account")
                case .glAccounts:
                    use(.account, "GL Code", counts: false)
                    if let code = row.fields["GL Code"]?.trimmingSpaces, let name = row.fields["GL Name"] {
                        glNames[code] = name
                    }
                default: break
                }
            }
        }
        let mapping = try MappingFile.latest(store: store)
        for rule in mapping?.rules ?? [] {
            guard let kind = MappingKind(rawValue: rule.type) else { continue }
            uses[kind, default: [:]][rule.stampli, default: 0] += 0
        }
        let resolver = MappingResolver(mapping: mapping, defaultAutoMatch: settings.autoMatch)
        var findings: [Finding] = []
        for kind in MappingKind.allCases {
            for (value, count) in (uses[kind] ?? [:]).sorted(by: { $0.key < $1.key }) {
                let accountTypes: Set<String>? = kind == .bank ? ["Bank", "Credit Card"] : nil
                switch resolver.resolve(kind, value, reference: reference, accountTypes: accountTypes) {
                case .chosen(let choice):
                    findings.append(Finding(
                        type: kind.rawValue, stampli: value, status: "mapped", qboId: choice.qboId,
                        qboName: choice.qboName, rule: choice.rule, mappingRow: choice.mappingRow, uses: count))
                case .problem(let category, let message, let fix):
                    let status = category.hasPrefix("inactive") ? "inactive"
                        : message.contains("matches") && message.contains("records") ? "ambiguous" : "unmapped"
                    findings.append(Finding(
                        type: kind.rawValue, stampli: value, status: status, uses: count, message: message, fix: fix))
                }
            }
        }
        let accounts = reference.records("Account").filter { $0.active && $0.classification != "Liability" }
        var suggestions: [Suggestion] = []
        for finding in findings where finding.type == "account" && finding.status != "mapped" {
            if let best = Self.bestAccount(code: finding.stampli, name: glNames[finding.stampli], accounts: accounts) {
                let name = best.record.fullyQualifiedName ?? best.record.name
                suggestions.append(Suggestion(
                    stampli: finding.stampli, stampliName: glNames[finding.stampli], qboId: best.record.id,
                    qboName: name, acctNum: best.record.acctNum, score: best.score,
                    row: "account,\(Self.csvField(finding.stampli)),\(Self.csvField(name))"))
            }
        }
        return MappingCheck(
            findings: findings, suggestions: suggestions, hasReferenceData: reference.hasSynced("Account"),
            mappingSha256: mapping?.sha256)
    }

    /// The most alike account: shared leading digits of the code and AcctNum, and shared words of the names.
    static func bestAccount(code: String, name: String?, accounts: [ReferenceSynced.Record])
        -> (record: ReferenceSynced.Record, score: Double)?
    {
        let codeDigits = code.filter(\.isNumber)
        let words = Self.words(name ?? "")
        var best: (ReferenceSynced.Record, Double)?
        for account in accounts {
            var score = 0.0
            if let number = account.acctNum, !number.isEmpty, !codeDigits.isEmpty {
                let shared = zip(codeDigits, number).prefix { $0 == $1 }.count
                score += 0.6 * Double(shared) / Double(max(codeDigits.count, number.count))
            }
            let accountWords = Self.words((account.fullyQualifiedName ?? account.name).replacingOccurrences(of: ":", with: " "))
            if !words.isEmpty && !accountWords.isEmpty {
                score += 0.4 * Double(words.intersection(accountWords).count) / Double(words.union(accountWords).count)
            }
            if score > (best?.1 ?? 0.25) { best = (account, score) }
        }
        return best.map { ($0.0, ($0.1 * 100).rounded() / 100) }
    }

    static func words(_ text: String) -> Set<String> {
        Set(text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init).filter { $0.count > 1 && $0 != "and" })
    }

    static func csvField(_ text: String) -> String {
        text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
            ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text.removeFirst() }
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
