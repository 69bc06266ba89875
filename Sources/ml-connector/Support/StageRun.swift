import EventLog
import Foundation

/// Runs one stage under the data-dir lock, records the run for `status`, and prints its report.
enum StageRun {
    static func perform(
        _ context: Context, stage: String, _ body: (SQLiteEventStore) throws -> StageReport
    ) throws -> StageReport {
        let report: StageReport
        do {
            let store = try context.openStore()
            report = try Progress(quiet: context.options.quiet).step("\(stage)") { try body(store) }
        } catch {
            RunLedger.record(dataDir: context.configuration.storage.dataDir, stage: stage, report: nil, error: error)
            throw error
        }
        RunLedger.record(dataDir: context.configuration.storage.dataDir, stage: stage, report: report, error: nil)
        return report
    }

    static func print(_ reports: [StageReport], json: Bool) throws {
        if json {
            try Output.json(["stages": reports])
            return
        }
        for report in reports {
            let counts = report.counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            Output.line("\(report.stage): consumed \(report.consumed), appended \(report.appended)"
                + (counts.isEmpty ? "" : " (\(counts))") + ", cursor \(report.cursor)")
            for error in report.errors { Output.line("  problem: \(error)") }
        }
    }

    /// Exit 69 when a stage could not reach its remote (the work is safe; a scheduler may retry), or 1 when
    /// the QBO connection was lost and needs a person.
    static func failIfRemoteUnavailable(_ reports: [StageReport]) throws {
        let failed = reports.filter { !$0.errors.isEmpty }
        guard !failed.isEmpty else { return }
        let messages = failed.flatMap { report in report.errors.map { "\(report.stage): \($0)" } }
        if messages.contains(where: { $0.contains("connection lost") }) {
            throw CommandFailure(
                messages.joined(separator: "; "),
                hint: "nothing was lost: plans wait in the queue; reconnect with `ml-connector qbo connect`")
        }
        throw CommandFailure(
            "remote unavailable: " + messages.joined(separator: "; "), hint: "nothing was lost; the next run retries",
            status: .unavailable)
    }
}
