import ArgumentParser
import EventLog
import Foundation
import Ingest
import Publish

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run Ingest, Transform and Publish in turn, once or on a schedule.",
        discussion: """
            One pass ingests ready export files, syncs QBO reference data, then alternates Transform and Publish until nothing more can move (a Bill waits for its vendor to exist in QBO, a payment for its Bill). With --every it repeats as a long-running service: SIGINT or SIGTERM finishes the current step, leaves every cursor consistent and exits 0; a second signal stops at once (still safe: every step is one transaction). A second process on the same data dir is refused. See docs/operations.md for a systemd unit.

            Examples:
              ml-connector run --once
              ml-connector run --every 15m
              ml-connector run --every 30s --json
            """)

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Run one pass and exit (the default).") var once = false
    @Option(help: "Repeat every interval: 90s, 15m, 1h.") var every: String?

    func validate() throws {
        if once && every != nil { throw ValidationError("--once and --every cannot be used together") }
        if let every, Self.seconds(every) == nil {
            throw ValidationError("--every takes a duration such as 30s, 15m or 1h, not \"\(every)\"")
        }
    }

    /// Parses `90s`, `15m`, `1h` (a bare number is seconds).
    static func seconds(_ text: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3_600]
        var number = text
        var factor = 1.0
        if let last = text.last, let unit = units[last] {
            number = String(text.dropLast())
            factor = unit
        }
        guard let value = Double(number), value > 0 else { return nil }
        return value * factor
    }

    func run() throws {
        try execute(global) {
            let context = try Context(global)
            let lock = try DataDirLock(dataDir: context.configuration.storage.dataDir)
            defer { withExtendedLifetime(lock) {} }
            let stop = StopSignal()
            let ingestor = try context.makeIngestor(waitForSettle: every == nil)
            let publisher = context.realmId == nil ? nil : try context.makePublisher()
            if publisher == nil {
                context.logger.notice("no QuickBooks company connected: running Ingest and Transform only (`ml-connector qbo connect`)")
            }
            let pipeline = PipelineRun(context: context, stop: stop)
            guard let every, let interval = Self.seconds(every) else {
                let reports = try pipeline.once(ingestor: ingestor, publisher: publisher)
                try StageRun.print(reports, json: global.json)
                try StageRun.failIfRemoteUnavailable(reports)
                return
            }
            var passes = 0
            while !stop.isRequested {
                let started = Date()
                let reports = try pipeline.once(ingestor: ingestor, publisher: publisher)
                passes += 1
                if !global.json { try StageRun.print(reports, json: false) }
                for report in reports where !report.errors.isEmpty {
                    context.logger.warning("\(report.stage): \(report.errors.joined(separator: "; ")) — will retry next pass")
                }
                stop.sleep(seconds: max(0, interval - Date().timeIntervalSince(started)))
            }
            if global.json { try Output.json(["passes": String(passes), "stopped": "signal"]) }
            context.logger.notice("stopped after \(passes) pass(es); cursors are consistent")
        }
    }
}
