/// How Transform decides where the contract leaves a choice. The CLI fills it from `ml-connector.toml`
/// (`[transform]`); Transform never reads configuration itself.
package struct TransformSettings: Sendable, Equatable {
    /// What to do with an Invoice ID seen again with different content (stampli-export.md §invoices).
    package enum AmendmentPolicy: String, Sendable, Equatable, CaseIterable {
        /// Quarantine it with a field-by-field diff (the default).
        case quarantine
        /// Plan an update of the posted Bill (`BillPlanned.action == "update"`).
        case update
    }

    /// What to do with a vendor name QBO would refuse (`:`, tab, newline, over 500 characters, or a name
    /// already used by a Customer or Employee). Only quarantine exists: a silent rename is never done.
    package enum VendorNamePolicy: String, Sendable, Equatable, CaseIterable {
        case quarantine
    }

    /// `on_amendment`; default `.quarantine`.
    package var onAmendment: AmendmentPolicy
    /// `auto_match`: values without a mapping row may match a QBO record by exact AcctNum or name.
    /// Used while no mapping file is recorded; a recorded mapping carries its own flag. Default true.
    package var autoMatch: Bool
    /// `vendor_name_policy`; default `.quarantine`.
    package var vendorNamePolicy: VendorNamePolicy
    /// `home_currency`: the company's currency, used when an invoice's Currency is empty. Default `USD`.
    package var homeCurrency: String
    /// Events read per page, and decisions per commit (each committed with the cursor move). Default 2,000.
    package var pageSize: Int

    /// Creates settings; every parameter has the documented default.
    package init(
        onAmendment: AmendmentPolicy = .quarantine, autoMatch: Bool = true,
        vendorNamePolicy: VendorNamePolicy = .quarantine, homeCurrency: String = "USD", pageSize: Int = 2_000
    ) {
        self.onAmendment = onAmendment
        self.autoMatch = autoMatch
        self.vendorNamePolicy = vendorNamePolicy
        self.homeCurrency = homeCurrency
        self.pageSize = max(1, pageSize)
    }
}
