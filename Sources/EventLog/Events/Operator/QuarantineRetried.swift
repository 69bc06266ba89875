/// An operator asked for quarantined items to be evaluated again (after fixing the mapping or the
/// data). Transform re-evaluates them against the current mapping and reference data.
/// Subject: `invoice:`, `vendor:` or `payment:` + Stampli id (one event per item).
package struct QuarantineRetried: EventPayload, Equatable {
    package static let type = "operator.quarantine.retried"
    package static let version = 1

    /// `invoice`, `vendor` or `payment`.
    package var itemKind: String
    package var stampliId: String
    package var note: String?
    /// The OS user that ran the command.
    package var actor: String

    package init(itemKind: String, stampliId: String, note: String?, actor: String) {
        self.itemKind = itemKind
        self.stampliId = stampliId
        self.note = note
        self.actor = actor
    }
}
