/// What one run of a stage did, for the CLI's summary and `--json` output.
package struct StageReport: Sendable, Equatable, Codable {
    /// `ingest`, `transform` or `publish`.
    package var stage: String
    /// Events read after the stage's cursor.
    package var consumed: Int
    /// Events appended.
    package var appended: Int
    /// Stage-specific counters, e.g. `filesFetched`, `invoicesPlanned`, `billsPosted`, `quarantined`.
    package var counts: [String: Int]
    /// Problems that stopped part of the run (remote unreachable, ...); data problems are events instead.
    package var errors: [String]
    /// The cursor after the run.
    package var cursor: Int64

    package init(
        stage: String, consumed: Int = 0, appended: Int = 0, counts: [String: Int] = [:], errors: [String] = [],
        cursor: Int64 = 0
    ) {
        self.stage = stage
        self.consumed = consumed
        self.appended = appended
        self.counts = counts
        self.errors = errors
        self.cursor = cursor
    }

    /// Adds `amount` to a counter.
    package mutating func count(_ key: String, _ amount: Int = 1) { counts[key, default: 0] += amount }
}
