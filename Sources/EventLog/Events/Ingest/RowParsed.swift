/// One CSV data row, with its raw values keyed by the default template's column names
/// (stampli-export.md: "Invoice ID", "Line Amount", ...) whatever the customer's header says.
///
/// Emitted by Ingest. `row` is the 1-based record number counting the header as row 1, as a
/// spreadsheet shows it; `byteOffset`/`byteLength` locate the record's original bytes in the
/// (decompressed) file blob. `normalized` holds the canonical form of typed columns: dates as
/// `YYYY-MM-DD`, amounts as ``Money`` text, `Y`/`N` flags as `Y`/`N`. Subject: `invoice:<Invoice ID>`,
/// `vendor:<Vendor ID>`, `glcode:<GL Code>`, `po:<PO Number>` or `payment:<Payment ID>`.
package struct RowParsed: EventPayload, Equatable {
    package static let type = "ingest.row.parsed"
    package static let version = 1

    package var kind: FileKind
    package var fileSha256: String
    package var path: String
    package var row: Int
    package var byteOffset: Int64
    package var byteLength: Int
    /// Raw values by canonical column name (only columns the template knows).
    package var fields: [String: String]
    /// Canonical values of date, amount and flag columns that are present and non-empty.
    package var normalized: [String: String]
    /// Columns the template does not know, by their header name (kept, ignored).
    package var extra: [String: String]

    package init(
        kind: FileKind, fileSha256: String, path: String, row: Int, byteOffset: Int64, byteLength: Int,
        fields: [String: String], normalized: [String: String], extra: [String: String]
    ) {
        self.kind = kind
        self.fileSha256 = fileSha256
        self.path = path
        self.row = row
        self.byteOffset = byteOffset
        self.byteLength = byteLength
        self.fields = fields
        self.normalized = normalized
        self.extra = extra
    }
}
