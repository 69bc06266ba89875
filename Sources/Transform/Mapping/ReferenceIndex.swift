import EventLog

/// QBO name-list records as Publish last synced them (``ReferenceSynced``: full snapshots replace an entity,
/// deltas are applied over it), with the lookups mapping and vendor resolution need.
/// Names match case-insensitively, as QBO's query engine does (qbo-api.md §13).
struct ReferenceIndex {
    private struct Entity {
        var records: [String: ReferenceSynced.Record] = [:]
        var byName: [String: [String]] = [:]
        var byQualifiedName: [String: [String]] = [:]
        var byNumber: [String: [String]] = [:]
        /// True when some name ends with ` (deleted)` (QBO's renaming of inactive records): only then can a
        /// display name match one.
        var hasDeletedNames = false

        mutating func reindex() {
            byName = [:]
            byQualifiedName = [:]
            byNumber = [:]
            hasDeletedNames = false
            for (id, record) in records {
                let name = record.name.lowercased()
                if name.hasSuffix(ReferenceIndex.deletedSuffix) { hasDeletedNames = true }
                byName[name, default: []].append(id)
                if let qualified = record.fullyQualifiedName {
                    byQualifiedName[qualified.lowercased(), default: []].append(id)
                }
                if let number = record.acctNum, !number.isEmpty { byNumber[number, default: []].append(id) }
            }
        }
    }

    /// How a target matched a record.
    enum Match: Equatable {
        case id, number, qualifiedName, name
    }

    private var entities: [String: Entity] = [:]
    /// What QBO appends to the name of a record it made inactive.
    static let deletedSuffix = " (deleted)"
    /// Bumped on every change, so caches of resolutions know when to drop.
    private(set) var generation = 0

    /// Applies one sync.
    mutating func apply(_ sync: ReferenceSynced) {
        var entity = sync.full ? Entity() : (entities[sync.entity] ?? Entity())
        for record in sync.records {
            if record.deleted == true {
                entity.records[record.id] = nil
            } else {
                entity.records[record.id] = record
            }
        }
        entity.reindex()
        entities[sync.entity] = entity
        generation += 1
    }

    /// True once any sync of `entity` was applied.
    func hasSynced(_ entity: String) -> Bool { entities[entity] != nil }

    func record(_ entity: String, id: String) -> ReferenceSynced.Record? { entities[entity]?.records[id] }

    /// Every record of `entity`, ordered by Id.
    func records(_ entity: String) -> [ReferenceSynced.Record] {
        (entities[entity]?.records.values).map { $0.sorted { $0.id < $1.id } } ?? []
    }

    /// Records of `entity` that `target` names, trying Id, then AcctNum (accounts), then the fully
    /// qualified name, then the name; the first kind of match that finds anything wins.
    func find(_ entity: String, target: String, allowId: Bool = true, allowNumber: Bool = true)
        -> (records: [ReferenceSynced.Record], match: Match)?
    {
        guard let index = entities[entity] else { return nil }
        func records(_ ids: [String]?) -> [ReferenceSynced.Record] {
            (ids ?? []).sorted().compactMap { index.records[$0] }
        }
        if allowId, let record = index.records[target] { return ([record], .id) }
        if allowNumber {
            let found = records(index.byNumber[target])
            if !found.isEmpty { return (found, .number) }
        }
        let key = target.lowercased()
        let qualified = records(index.byQualifiedName[key])
        if !qualified.isEmpty { return (qualified, .qualifiedName) }
        let named = records(index.byName[key])
        if !named.isEmpty { return (named, .name) }
        return nil
    }

    /// Name-list records whose display name is `name`, or `name (deleted)` as QBO renames inactive ones.
    func findByDisplayName(_ entity: String, _ name: String) -> [ReferenceSynced.Record] {
        guard let index = entities[entity] else { return [] }
        let key = name.lowercased()
        let exact = index.byName[key] ?? []
        let renamed = index.hasDeletedNames ? index.byName[key + Self.deletedSuffix] ?? [] : []
        if renamed.isEmpty && exact.count == 1 { return index.records[exact[0]].map { [$0] } ?? [] }
        return Set(exact + renamed).sorted().compactMap { index.records[$0] }
    }
}
