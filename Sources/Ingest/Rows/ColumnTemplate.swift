package import EventLog

/// The columns of one file kind: canonical names from stampli-export.md, which are required, which are
/// typed, and the customer's header name for each (a template may rename every column).
package struct ColumnTemplate: Sendable, Equatable {
    /// How a column's values are checked and normalized.
    package enum ValueType: Sendable, Equatable {
        case text
        case date
        case amount
        /// `Y`/`N` (also yes/no/true/false/1/0, any case).
        case flag
        /// A positive whole number (line numbers).
        case positiveInteger
    }

    /// One column of the template.
    package struct Column: Sendable, Equatable {
        /// The canonical name, e.g. `Invoice ID`; events key values by it.
        package var name: String
        /// The header text the customer's export uses (defaults to ``name``); matched case-insensitively, trimmed.
        package var header: String
        package var isRequired: Bool
        package var type: ValueType

        package init(_ name: String, header: String? = nil, isRequired: Bool = false, type: ValueType = .text) {
            self.name = name
            self.header = header ?? name
            self.isRequired = isRequired
            self.type = type
        }
    }

    package var kind: FileKind
    package var columns: [Column]
    /// The canonical column that names the row's subject (`invoice:<Invoice ID>`...).
    package var keyColumn: String
    /// The subject prefix, e.g. `invoice`.
    package var subjectPrefix: String

    package init(kind: FileKind, columns: [Column], keyColumn: String, subjectPrefix: String) {
        self.kind = kind
        self.columns = columns
        self.keyColumn = keyColumn
        self.subjectPrefix = subjectPrefix
    }

    /// The template with some columns renamed: `renames` maps canonical name → the customer's header text.
    package func renaming(_ renames: [String: String]) -> ColumnTemplate {
        var copy = self
        for index in copy.columns.indices {
            if let header = renames[copy.columns[index].name] { copy.columns[index].header = header }
        }
        return copy
    }

    /// The template with a different set of required columns (canonical names).
    package func requiring(_ required: Set<String>) -> ColumnTemplate {
        var copy = self
        for index in copy.columns.indices {
            copy.columns[index].isRequired = required.contains(copy.columns[index].name)
        }
        return copy
    }

    /// The default template for a kind, with required columns as in stampli-export.md's tables.
    package static func standard(_ kind: FileKind) -> ColumnTemplate {
        switch kind {
        case .invoices:
            return ColumnTemplate(
                kind: kind,
                columns: [
                    Column("Invoice ID", isRequired: true), Column("Invoice Number", isRequired: true),
                    Column("Vendor ID", isRequired: true), Column("Vendor Name", isRequired: true),
                    Column("Invoice Date", isRequired: true, type: .date), Column("Due Date", type: .date),
                    Column("Currency"), Column("Invoice Total", isRequired: true, type: .amount), Column("Terms"),
                    Column("PO Number"), Column("Memo"), Column("Approved Date", type: .date), Column("Approver"),
                    Column("Line Number", isRequired: true, type: .positiveInteger), Column("Line Description"),
                    Column("Line Amount", isRequired: true, type: .amount), Column("GL Account", isRequired: true),
                    Column("Department"), Column("Class"), Column("Customer"), Column("Billable", type: .flag),
                    Column("Attachment"),
                ],
                keyColumn: "Invoice ID", subjectPrefix: "invoice")
        case .vendors:
            return ColumnTemplate(
                kind: kind,
                columns: [
                    Column("Vendor ID", isRequired: true), Column("Vendor Name", isRequired: true),
                    Column("Legal Name"), Column("Address 1"), Column("Address 2"), Column("City"), Column("State"),
                    Column("Postal Code"), Column("Country"), Column("Tax ID"), Column("Email"), Column("Phone"),
                    Column("Terms"), Column("Currency"), Column("1099", type: .flag), Column("Active", type: .flag),
                ],
                keyColumn: "Vendor ID", subjectPrefix: "vendor")
        case .glAccounts:
            return ColumnTemplate(
                kind: kind,
                columns: [
                    Column("GL Code", isRequired: true), Column("GL Name", isRequired: true), Column("GL Type"),
                    Column("Active", type: .flag),
                ],
                keyColumn: "GL Code", subjectPrefix: "glcode")
        case .purchaseOrders:
            return ColumnTemplate(
                kind: kind,
                columns: [
                    Column("PO Number", isRequired: true), Column("Vendor ID", isRequired: true),
                    Column("PO Date", type: .date), Column("Line Number", isRequired: true, type: .positiveInteger),
                    Column("Description"), Column("Amount", isRequired: true, type: .amount), Column("GL Account"),
                    Column("Status"),
                ],
                keyColumn: "PO Number", subjectPrefix: "po")
        case .payments:
            return ColumnTemplate(
                kind: kind,
                columns: [
                    Column("Payment ID", isRequired: true), Column("Invoice ID", isRequired: true),
                    Column("Payment Date", isRequired: true, type: .date),
                    Column("Amount", isRequired: true, type: .amount), Column("Method"), Column("Bank Account"),
                    Column("Reference"),
                ],
                keyColumn: "Payment ID", subjectPrefix: "payment")
        }
    }
}
