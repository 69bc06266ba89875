import EventLog

/// Evaluates invoices, vendors and payments against the projection and appends nothing itself: it returns
/// decisions, and ``record(_:seq:payload:)`` folds each one back into the state so later evaluations see it.
final class DecisionEngine {
    let settings: TransformSettings
    let store: any EventStore
    var state: TransformState
    private var resolver: MappingResolver
    private var resolverMapping: String?
    private struct CacheKey: Hashable {
        var kind: MappingKind
        var value: String
        var accountTypes: Set<String>?
    }

    private var cache: [CacheKey: MappingResolver.Outcome] = [:]
    /// The same for lookups without account types (most of them), one map per kind keyed by the value alone:
    /// hashing the value is cheaper than hashing a whole key.
    private var plainCache: [[String: MappingResolver.Outcome]] = Array(repeating: [:], count: 4)
    private var cacheGeneration = -1

    init(settings: TransformSettings, store: any EventStore, state: TransformState) {
        self.settings = settings
        self.store = store
        self.state = state
        self.resolver = MappingResolver(mapping: state.mapping, defaultAutoMatch: settings.autoMatch)
        self.resolverMapping = state.mapping?.sha256
    }

    /// Folds a decision into the state (seq 0 while it is not committed yet).
    func record(_ decision: TransformDecision, seq: Int64, digest: String?) {
        state.applyDecision(decision, seq: seq, digest: digest)
    }

    /// The last decision on record for the item of `subject` (`invoice:`, `vendor:` or `payment:` + id).
    func lastDecision(subject: String) -> TransformState.Decision? {
        // Split at the first colon by UTF-8 bytes (an ASCII colon is always a character boundary).
        let utf8 = subject.utf8
        let colon = utf8.firstIndex(of: UInt8(ascii: ":"))!
        let id = String(subject[utf8.index(after: colon)...])
        let kind = utf8[..<colon]
        if kind.elementsEqual("invoice".utf8) { return state.invoices[id]?.last }
        if kind.elementsEqual("vendor".utf8) { return state.vendors[id]?.last }
        return state.payments[id]?.last
    }

    /// The digest of a decision on record: kept, or worked out from its committed event.
    /// - Throws: the store's ``EventLogError``; ``TransformError`` (`.store`) when a decision without a digest
    ///   is not in the log (callers commit queued decisions before comparing with them).
    func digest(of decision: TransformState.Decision) throws -> String {
        if let digest = decision.digest { return digest }
        guard decision.seq > 0, let event = try store.events(in: decision.seq...decision.seq).first else {
            throw TransformError(
                kind: .store, operation: "compare decisions",
                message: "the decision compared with has no digest and is not in the log", seq: decision.seq,
                hint: "Transform commits queued decisions before comparing with them; report this as a bug")
        }
        return TransformState.digest(type: event.type, payload: event.payload)
    }

    /// True when a decision with `digest` would repeat, byte for byte, the last decision on record for its item.
    func repeatsLast(digest: String, subject: String) throws -> Bool {
        guard let last = lastDecision(subject: subject) else { return false }
        return try self.digest(of: last) == digest
    }

    /// True when `event` would repeat the last decision on record for its item.
    func repeatsLast(_ event: NewEvent, subject: String) throws -> Bool {
        try repeatsLast(digest: TransformState.digest(type: event.type, payload: event.payload), subject: subject)
    }

    /// Resolves a mapped value, caching per mapping and reference generation.
    func resolve(_ kind: MappingKind, _ value: String, accountTypes: Set<String>? = nil) -> MappingResolver.Outcome {
        if state.mapping?.sha256 != resolverMapping || state.mapping?.autoMatch != resolver.mapping?.autoMatch {
            resolver = MappingResolver(mapping: state.mapping, defaultAutoMatch: settings.autoMatch)
            resolverMapping = state.mapping?.sha256
        }
        if cacheGeneration != state.dataGeneration {
            cache = [:]
            plainCache = Array(repeating: [:], count: 4)
            cacheGeneration = state.dataGeneration
        }
        if accountTypes == nil {
            let slot: Int
            switch kind {
            case .account: slot = 0
            case .department: slot = 1
            case .class: slot = 2
            case .bank: slot = 3
            }
            if let cached = plainCache[slot][value] { return cached }
            let outcome = resolver.resolve(kind, value, reference: state.reference, accountTypes: nil)
            plainCache[slot][value] = outcome
            return outcome
        }
        let key = CacheKey(kind: kind, value: value, accountTypes: accountTypes)
        if let cached = cache[key] { return cached }
        let outcome = resolver.resolve(kind, value, reference: state.reference, accountTypes: accountTypes)
        cache[key] = outcome
        return outcome
    }

    /// The ingested rows of one item (`invoice:<id>`, `payment:<id>`, `vendor:<id>`) from one file.
    /// - Throws: the store's ``EventLogError``.
    func rows(subject: String, fileSha256: String) throws -> [SourceRow] {
        try store.events(subject: subject, types: [RowParsed.type, RowRejected.type]).compactMap {
            guard let row = try SourceRow.decode($0), row.fileSha256 == fileSha256 else { return nil }
            return row
        }
    }
}
