/// Bounds on what one CSV record may hold, so a malformed or hostile file cannot exhaust memory
/// (an unterminated quote would otherwise swallow the whole file into one field).
package struct CSVLimits: Sendable, Equatable {
    /// Largest field, in bytes after unescaping. Default 1 MiB: Stampli memo fields are far smaller.
    package var maximumFieldBytes: Int
    /// Largest record, in bytes of field content. Default 4 MiB.
    package var maximumRowBytes: Int
    /// Most fields in one record. Default 1,024 (the invoices template has 22 columns).
    package var maximumFields: Int

    package static let `default` = CSVLimits()

    /// Creates limits; every value is a count of bytes or fields.
    package init(maximumFieldBytes: Int = 1 << 20, maximumRowBytes: Int = 4 << 20, maximumFields: Int = 1_024) {
        self.maximumFieldBytes = maximumFieldBytes
        self.maximumRowBytes = maximumRowBytes
        self.maximumFields = maximumFields
    }
}
