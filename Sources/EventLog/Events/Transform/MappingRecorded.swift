/// The content of the mapping file in force, recorded whenever it changes. Decisions name the
/// mapping by its SHA-256. Emitted by the CLI through Transform. Subject: `mapping:<sha256>`.
package struct MappingRecorded: EventPayload, Equatable {
    package static let type = "transform.mapping.recorded"
    package static let version = 1

    /// One `Type,Stampli,QuickBooks` row of the mapping file.
    package struct Rule: Codable, Sendable, Equatable {
        /// `account`, `department`, `class` or `bank`.
        package var type: String
        package var stampli: String
        package var quickBooks: String
        /// 1-based row in the mapping file (header = row 1).
        package var row: Int

        package init(type: String, stampli: String, quickBooks: String, row: Int) {
            self.type = type
            self.stampli = stampli
            self.quickBooks = quickBooks
            self.row = row
        }
    }

    package var sha256: String
    package var path: String
    package var rules: [Rule]
    /// Whether values without a row may match QBO records by exact name / AcctNum.
    package var autoMatch: Bool

    package init(sha256: String, path: String, rules: [Rule], autoMatch: Bool) {
        self.sha256 = sha256
        self.path = path
        self.rules = rules
        self.autoMatch = autoMatch
    }
}
