/// A CSV row that cannot be used as it is: a value that does not parse, a missing required value,
/// too many fields. The row's raw values are kept so Transform can quarantine the invoice it belongs to.
/// Subject: as for ``RowParsed`` when the key column is readable, else `file:<sha256>`.
package struct RowRejected: EventPayload, Equatable {
    package static let type = "ingest.row.rejected"
    package static let version = 1

    package var kind: FileKind
    package var fileSha256: String
    package var path: String
    package var row: Int
    package var byteOffset: Int64
    package var byteLength: Int
    /// The canonical column name concerned (or the header name for unknown columns), if any.
    package var column: String?
    package var value: String?
    /// What was expected, e.g. "an amount such as 1234.50 or (12.50)".
    package var expected: String
    /// Raw values by canonical column name, as far as they could be read.
    package var fields: [String: String]

    package init(
        kind: FileKind, fileSha256: String, path: String, row: Int, byteOffset: Int64, byteLength: Int,
        column: String?, value: String?, expected: String, fields: [String: String]
    ) {
        self.kind = kind
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
        self.byteOffset = byteOffset
        self.byteLength = byteLength
        self.column = column
        self.value = value
        self.expected = expected
        self.fields = fields
    }
}
