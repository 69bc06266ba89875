/// QBO reference data (Accounts, Departments, Classes, Terms, Customers, Employees, Vendors) read by
/// Publish, for Transform's mapping and vendor checks. A `full` sync replaces everything known of that
/// entity; otherwise the records are changes (from CDC) applied over it. Subject: `reference:<Entity>`.
package struct ReferenceSynced: EventPayload, Equatable {
    package static let type = "publish.reference.synced"
    package static let version = 1

    /// The fields of a QBO name-list record that mapping and vendor resolution need.
    package struct Record: Codable, Sendable, Equatable {
        package var id: String
        package var name: String
        package var fullyQualifiedName: String?
        package var acctNum: String?
        package var active: Bool
        /// Accounts: Classification / AccountType / AccountSubType.
        package var classification: String?
        package var accountType: String?
        package var accountSubType: String?
        package var syncToken: String?
        /// True for CDC stubs of deleted records.
        package var deleted: Bool?

        package init(
            id: String, name: String, fullyQualifiedName: String? = nil, acctNum: String? = nil, active: Bool,
            classification: String? = nil, accountType: String? = nil, accountSubType: String? = nil,
            syncToken: String? = nil, deleted: Bool? = nil
        ) {
            self.id = id
            self.name = name
            self.fullyQualifiedName = fullyQualifiedName
            self.acctNum = acctNum
            self.active = active
            self.classification = classification
            self.accountType = accountType
            self.accountSubType = accountSubType
            self.syncToken = syncToken
            self.deleted = deleted
        }
    }

    /// `Account`, `Department`, `Class`, `Term`, `Customer`, `Employee` or `Vendor`.
    package var entity: String
    package var full: Bool
    package var records: [Record]
    /// QBO's `time` of the response, used as the next CDC `changedSince`.
    package var asOf: String

    package init(entity: String, full: Bool, records: [Record], asOf: String) {
        self.entity = entity
        self.full = full
        self.records = records
        self.asOf = asOf
    }
}
