import EventLog
import Ingest
import Publish
import Transform

/// Runs the stages in turn, the way `run`, `publish` and `demo` need them.
///
/// One pass: QBO reference sync; Ingest; then Transform and Publish alternately until a round changes
/// nothing (a Bill can only be planned once its vendor is confirmed in QBO, and a payment once its Bill is
/// posted, so one pass may need a few rounds), at most ``maximumRounds`` times. Each stage commits its own
/// steps, so stopping between any two is safe.
struct PipelineRun {
    static let maximumRounds = 5

    let context: Context
    var stop: StopSignal?

    init(context: Context, stop: StopSignal? = nil) {
        self.context = context
        self.stop = stop
    }

    /// Reference sync and one Publish run.
    func publish(_ publisher: Publisher) throws -> [StageReport] {
        var reports: [StageReport] = []
        let sync = try StageRun.perform(context, stage: "reference") { try publisher.syncReference(store: $0, logger: context.logger) }
        reports.append(merged(sync, as: "reference"))
        if !sync.errors.isEmpty { return reports }
        reports.append(try StageRun.perform(context, stage: "publish") { try publisher.runOnce(store: $0, logger: context.logger) })
        return reports
    }

    /// A whole pass; `publisher` is nil when no QBO company is connected (then only Ingest and Transform run).
    /// QBO's reference data is synced first, so that new rows are decided against it.
    func once(ingestor: Ingestor?, publisher: Publisher?) throws -> [StageReport] {
        var reports: [StageReport] = []
        // The mapping in force is recorded before new rows arrive, so they are decided against it.
        try context.recordMappingIfChanged(store: try context.openStore())
        if let publisher {
            let sync = try StageRun.perform(context, stage: "reference") { try publisher.syncReference(store: $0, logger: context.logger) }
            reports.append(merged(sync, as: "reference"))
            if !sync.errors.isEmpty { return reports }
        }
        if isStopping { return reports }
        if let ingestor {
            reports.append(try StageRun.perform(context, stage: "ingest") { try ingestor.runOnce(store: $0, logger: context.logger) })
        }
        for _ in 0..<Self.maximumRounds {
            if isStopping { break }
            let transform = try StageRun.perform(context, stage: "transform") { try context.runTransform(store: $0) }
            reports.append(transform)
            guard let publisher, !isStopping else { break }
            let publish = try StageRun.perform(context, stage: "publish") { try publisher.runOnce(store: $0, logger: context.logger) }
            reports.append(publish)
            if !publish.errors.isEmpty || publish.appended == 0 && transform.appended == 0 { break }
        }
        return Self.combine(reports)
    }

    private var isStopping: Bool { stop?.isRequested ?? false }

    private func merged(_ report: StageReport, as name: String) -> StageReport {
        var copy = report
        copy.stage = name
        return copy
    }

    /// One report per stage, summing the rounds.
    static func combine(_ reports: [StageReport]) -> [StageReport] {
        var order: [String] = []
        var byStage: [String: StageReport] = [:]
        for report in reports {
            guard var existing = byStage[report.stage] else {
                order.append(report.stage)
                byStage[report.stage] = report
                continue
            }
            existing.consumed += report.consumed
            existing.appended += report.appended
            for (key, value) in report.counts { existing.counts[key, default: 0] += value }
            existing.errors += report.errors
            existing.cursor = report.cursor
            byStage[report.stage] = existing
        }
        return order.compactMap { byStage[$0] }
    }
}
