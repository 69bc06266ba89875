/// One reason an invoice, vendor or payment cannot be posted, phrased for the person who fixes it.
package struct QuarantineProblem: Codable, Sendable, Equatable {
    /// A stable category: `invalid-row`, `header-mismatch`, `duplicate-line-number`, `total-mismatch`,
    /// `department-conflict`, `unmapped-account`, `inactive-account`, `unmapped-department`,
    /// `unmapped-class`, `unknown-customer`, `unknown-term`, `vendor-unknown`, `vendor-inactive`,
    /// `vendor-rejected`, `vendor-name-invalid`, `amendment`, `doc-number-too-long`, `qbo-rejected`,
    /// `bill-unknown`, `unmapped-bank`.
    package var category: String
    /// What is wrong, in one sentence.
    package var message: String
    package var file: String?
    package var row: Int?
    package var column: String?
    package var value: String?
    package var expected: String?
    /// How to fix it.
    package var fix: String?

    package init(
        category: String, message: String, file: String? = nil, row: Int? = nil, column: String? = nil,
        value: String? = nil, expected: String? = nil, fix: String? = nil
    ) {
        self.category = category
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.value = value
        self.expected = expected
        self.fix = fix
    }
}

/// One field that differs between an invoice on record and an amended export of it.
package struct FieldChange: Codable, Sendable, Equatable {
    package var field: String
    package var before: String?
    package var after: String?

    package init(field: String, before: String?, after: String?) {
        self.field = field
        self.before = before
        self.after = after
    }
}
