/// An operator decided a quarantined item will not be posted (handled by hand, or not wanted), with a note.
/// Subject: `invoice:`, `vendor:` or `payment:` + Stampli id.
package struct QuarantineDismissed: EventPayload, Equatable {
    package static let type = "operator.quarantine.dismissed"
    package static let version = 1

    package var itemKind: String
    package var stampliId: String
    package var note: String
    package var actor: String

    package init(itemKind: String, stampliId: String, note: String, actor: String) {
        self.itemKind = itemKind
        self.stampliId = stampliId
        self.note = note
        self.actor = actor
    }
}
