import EventLog
import Foundation

/// The last run of each stage (when, how it went, its counts), kept beside the database for `status`.
/// The audit trail is the event log; this file is only an operator's convenience and can be deleted.
struct RunLedger: Codable {
    struct Entry: Codable {
        var stage: String
        var lastRunAt: String
        var lastSuccessAt: String?
        var lastError: String?
        var lastErrorAt: String?
        var lastReport: StageReport?
    }

    static let fileName = "runs.json"
    var stages: [String: Entry] = [:]

    static func path(dataDir: String) -> String { (dataDir as NSString).appendingPathComponent(fileName) }

    static func load(dataDir: String) -> RunLedger {
        guard let data = FileManager.default.contents(atPath: path(dataDir: dataDir)),
            let ledger = try? JSONDecoder().decode(RunLedger.self, from: data)
        else { return RunLedger() }
        return ledger
    }

    /// Records one stage run; a failure to write the ledger is not a failure of the run.
    static func record(dataDir: String, stage: String, report: StageReport?, error: (any Error)?) {
        var ledger = load(dataDir: dataDir)
        let now = SystemEventClock().timestamp()
        var entry = ledger.stages[stage] ?? Entry(stage: stage, lastRunAt: now)
        entry.lastRunAt = now
        if let error {
            entry.lastError = "\(error)"
            entry.lastErrorAt = now
        } else {
            entry.lastSuccessAt = now
            entry.lastReport = report
            if let report, !report.errors.isEmpty {
                entry.lastError = report.errors.joined(separator: "; ")
                entry.lastErrorAt = now
            }
        }
        ledger.stages[stage] = entry
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        if let data = try? encoder.encode(ledger) {
            let target = path(dataDir: dataDir)
            try? data.write(to: URL(fileURLWithPath: target + ".tmp"))
            _ = rename(target + ".tmp", target)
        }
    }
}
