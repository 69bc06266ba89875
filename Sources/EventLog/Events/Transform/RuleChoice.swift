/// Which QBO record a Stampli value was mapped to, and the rule that chose it.
package struct RuleChoice: Codable, Sendable, Equatable {
    /// The Stampli value (GL code, department, class...).
    package var stampli: String
    /// The QBO record's Id.
    package var qboId: String
    /// The QBO record's name (fully qualified for accounts and classes).
    package var qboName: String
    /// `mapping-row` (with ``mappingRow``), `auto-match-number`, `auto-match-name` or `qbo-id`.
    package var rule: String
    package var mappingRow: Int?

    package init(stampli: String, qboId: String, qboName: String, rule: String, mappingRow: Int? = nil) {
        self.stampli = stampli
        self.qboId = qboId
        self.qboName = qboName
        self.rule = rule
        self.mappingRow = mappingRow
    }
}
