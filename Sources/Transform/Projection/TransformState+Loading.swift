import EventLog

extension TransformState {
    /// Events fetched per read while building the projection.
    static let loadPageSize = 5_000

    /// Builds the projection from the events of ``types`` with seq ≤ `through`, paging by type.
    /// - Throws: the store's ``EventLogError`` (also when a payload does not decode).
    static func load(store: any EventStore, through: Int64) throws -> TransformState {
        var state = TransformState()
        var after: Int64 = 0
        while after < through {
            let page = try store.events(types: types, after: after, limit: loadPageSize)
            for event in page where event.seq <= through { try state.apply(event) }
            guard let last = page.last, page.count == loadPageSize, last.seq < through else { break }
            after = last.seq
        }
        return state
    }
}
