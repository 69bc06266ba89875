package import Foundation
import EventLog
import GRDBSQLite

/// One timed run of the connector: wall time, exit status and peak resident set size (from `/usr/bin/time -v`).
package struct TimedRun: Sendable {
    package var seconds: Double
    package var status: Int32
    /// Peak RSS in KiB (0 when `/usr/bin/time` did not report it).
    package var peakKiB: Int
    package var stdout: String
    package var stderr: String
}

/// The figures the load suite ends with, each beside its same-run baseline.
package struct LoadFigures: Sendable {
    package var invoices: Int
    package var windowSeconds: Int
    /// Invoice lines in the generated export (manifest).
    package var lines = 0

    /// Ingest: row events written, wall seconds of `ml-connector ingest`, peak RSS.
    package var ingestRows = 0
    package var ingestEvents = 0
    package var ingestSeconds = 0.0
    package var ingestPeakKiB = 0
    /// The same ingest events inserted by a plain prepared-statement loop (transactions of ``LoadSuite/rawBatch``).
    package var rawIngestSeconds = 0.0

    /// Transform: decision events written over all its runs, their total wall seconds, runs, peak RSS.
    package var transformDecisions = 0
    package var transformSeconds = 0.0
    package var transformRuns = 0
    package var transformPeakKiB = 0
    package var rawTransformSeconds = 0.0

    /// Publish: Bills and vendor credits posted, wall seconds over all its runs, runs, peak RSS.
    package var posted = 0
    package var publishSeconds = 0.0
    package var publishRuns = 0
    package var publishPeakKiB = 0
    /// The first publish run, before anything is ingested: QBO reference data only.
    package var syncSeconds = 0.0
    /// The emulator's limits and the Bills per window they allow at best (batches of 30 plus the spare single calls).
    package var serverRequestsPerWindow = 0
    package var serverBatchesPerWindow = 0
    package var ceilingPerWindow = 0.0
    package var throttled429 = 0
    package var requests = 0

    /// The event database after the drain (database file plus any WAL), and the log's last seq.
    package var databaseBytes: Int64 = 0
    package var lastSeq: Int64 = 0

    /// `audit invoice` over a random sample: latencies in seconds, peak RSS of the largest.
    package var auditLatencies: [Double] = []
    package var auditPeakKiB = 0
    /// `audit verify` of the whole log.
    package var verifySeconds = 0.0

    /// `replay --from 1 --to <last> --dry-run`: wall seconds, peak RSS, items evaluated, unchanged, differences.
    package var replaySeconds = 0.0
    package var replayPeakKiB = 0
    package var replayEvaluated = -1
    package var replayUnchanged = -1
    package var replayDifferences = -1
    /// Events appended while the dry run ran (must be 0).
    package var replayAppended: Int64 = -1

    /// The shared invariants (ProofVerdict) and the idle-run check.
    package var proof: ProofFigures
    /// Violations found by the load suite itself (audit, replay, stages).
    package var problems: [String] = []
    package var wallSeconds = 0.0

    package init(invoices: Int, windowSeconds: Int) {
        self.invoices = invoices
        self.windowSeconds = windowSeconds
        proof = ProofFigures(suite: "load", invoices: invoices)
    }

    package var violations: [String] {
        var all = proof.verdict.violations + problems
        if proof.appendedByIdleRun != 0 {
            all.append("an idle run --once appended \(proof.appendedByIdleRun) events \(proof.idleAppendedTypes.prefix(5))")
        }
        return all
    }

    package var holds: Bool { violations.isEmpty }

    package var ingestRate: Double { Double(ingestRows) / max(ingestSeconds, 1e-9) }
    package var rawIngestRate: Double { Double(ingestEvents) / max(rawIngestSeconds, 1e-9) }
    package var transformRate: Double { Double(transformDecisions) / max(transformSeconds, 1e-9) }
    package var rawTransformRate: Double { Double(transformDecisions) / max(rawTransformSeconds, 1e-9) }
    /// Bills per QBO minute: the window stands for one minute.
    package var publishPerQBOMinute: Double { Double(posted) / max(publishSeconds / Double(windowSeconds), 1e-9) }
    package var bytesPerInvoice: Double { Double(databaseBytes) / Double(max(invoices, 1)) }

    /// The `q` quantile (0...1) of the audit latencies, in milliseconds (nearest rank).
    package func auditMilliseconds(_ q: Double) -> Double {
        let sorted = auditLatencies.sorted()
        guard !sorted.isEmpty else { return -1 }
        let rank = min(sorted.count - 1, max(0, Int((q * Double(sorted.count)).rounded(.up)) - 1))
        return sorted[rank] * 1_000
    }

    private static func mib(_ kib: Int) -> String { String(format: "%.0f MiB", Double(kib) / 1_024) }

    /// The one-line figures.
    package var line: String {
        let verdict = proof.verdict
        let parts = [
            "FIGURES load",
            "invoices \(invoices) (\(lines) lines), window \(windowSeconds) s (x\(60 / max(windowSeconds, 1)) compression)",
            String(
                format: "ingest %d rows in %.1f s = %.0f rows/s vs raw insert of its %d events %.0f/s (%.2f)", ingestRows,
                ingestSeconds, ingestRate, ingestEvents, rawIngestRate, ingestRate / rawIngestRate),
            String(
                format: "transform %d decisions in %.1f s (%d runs) = %.0f/s vs raw insert %.0f/s (%.2f)", transformDecisions,
                transformSeconds, transformRuns, transformRate, rawTransformRate, transformRate / rawTransformRate),
            String(
                format: "publish %d documents in %.1f s (%d runs) = %.0f Bills per QBO minute vs ceiling %.0f (%.2f), server 429s %d, requests %d",
                posted, publishSeconds, publishRuns, publishPerQBOMinute, ceilingPerWindow,
                publishPerQBOMinute / max(ceilingPerWindow, 1), throttled429, requests),
            String(format: "reference sync before ingest %.1f s", syncSeconds),
            "peak RSS ingest \(Self.mib(ingestPeakKiB)), transform \(Self.mib(transformPeakKiB)), publish \(Self.mib(publishPeakKiB)), audit invoice \(Self.mib(auditPeakKiB)), replay \(Self.mib(replayPeakKiB))",
            String(
                format: "database %.1f MiB = %.0f bytes per invoice (%lld events)", Double(databaseBytes) / 1_048_576,
                bytesPerInvoice, lastSeq),
            String(
                format: "audit invoice p50 %.0f ms p99 %.0f ms (%d samples)", auditMilliseconds(0.5), auditMilliseconds(0.99),
                auditLatencies.count),
            String(format: "audit verify %.1f s", verifySeconds),
            String(
                format: "replay --dry-run 1...%lld: %.1f s, %d evaluated, %d unchanged, %d differences, %lld appended", lastSeq,
                replaySeconds, replayEvaluated, replayUnchanged, replayDifferences, replayAppended),
            "duplicates \(verdict.duplicates)", "lost \(verdict.lost)", "wrong \(verdict.wrong + verdict.postedBad)",
            "bills \(verdict.bills) + vendor credits \(verdict.vendorCredits), quarantined \(verdict.quarantined)",
            "audit verify \(verdict.auditStatus == 0 ? "ok" : "FAILED")",
            "idle run appended \(proof.appendedByIdleRun)",
            String(format: "wall %.1f s", wallSeconds),
        ]
        return parts.joined(separator: " · ")
    }
}

/// Load suite: a generated export of N invoices (1–10 lines) through the real `ml-connector`, stage by stage,
/// against qbo-sandbox enforcing QBO's limits time-compressed (one window of `windowSeconds` stands for a
/// minute). Each figure is printed beside a baseline measured in the same run.
package enum LoadSuite {
    /// QBO's per-realm limits per minute, enforced by the emulator per window.
    package static let serverRequestsPerWindow = 500
    package static let serverBatchesPerWindow = 40
    package static let serverMaxInFlight = 10
    /// Items in one QBO batch call.
    package static let batchItems = 30
    /// Rows per transaction of the raw-insert baseline.
    package static let rawBatch = 1_000
    /// A stage-by-stage drain gives up after this many transform + publish rounds.
    package static let maximumRounds = 12

    /// Runs the suite.
    /// - Parameters:
    ///   - invoices: invoices in the generated export.
    ///   - windowSeconds: the emulator's (and connector's) rate-limit window standing for one QBO minute.
    ///   - auditSamples: random valid invoices whose `audit invoice` latency is measured.
    ///   - seed: the generator's and the sample's seed.
    ///   - keep: a folder to work in and keep, or nil for a removed temporary folder.
    package static func run(
        invoices: Int, windowSeconds: Int = 6, auditSamples: Int = 200, seed: UInt64 = 42, keep: String? = nil,
        log: (String) -> Void = { _ in }
    ) throws -> LoadFigures {
        let started = Date()
        var figures = LoadFigures(invoices: invoices, windowSeconds: windowSeconds)
        figures.serverRequestsPerWindow = serverRequestsPerWindow
        figures.serverBatchesPerWindow = serverBatchesPerWindow
        figures.ceilingPerWindow = Double(serverBatchesPerWindow * batchItems + serverRequestsPerWindow - serverBatchesPerWindow)
        log("generating \(invoices) invoices and starting qbo-sandbox (window \(windowSeconds) s)")
        let rig = try ProofRig(
            invoices: invoices, seed: seed,
            emulatorArguments: [
                "--window-seconds", String(windowSeconds), "--requests-per-window", String(serverRequestsPerWindow),
                "--batches-per-window", String(serverBatchesPerWindow), "--max-in-flight", String(serverMaxInFlight),
            ],
            // The connector's shipped budget (450 requests, 40 batches per minute), on the compressed window.
            qbo: .init(windowSeconds: windowSeconds), keep: keep)
        let manifest = try Self.manifest(rig)
        figures.lines = manifest.reduce(0) { $0 + ($1["lines"] as? Int ?? 0) }

        // Stages one by one, each timed with its peak RSS. QBO's reference data is synced first (a publish run
        // with nothing to post), as `run` does, so that rows are decided against it.
        let sync = try timed(rig, ["publish", "--json"])
        guard sync.status == 0 else { throw ProofError("reference sync exited \(sync.status): \(sync.stderr.suffix(800))") }
        figures.syncSeconds = sync.seconds
        // settle_seconds is 0, so the settle check costs nothing (`--no-wait` would leave new files for later).
        let ingest = try timed(rig, ["ingest", "--json"])
        guard ingest.status == 0 else { throw ProofError("ingest exited \(ingest.status): \(ingest.stderr.suffix(800))") }
        guard try rig.backlog() > 0 else { throw ProofError("ingest recorded nothing: \(ingest.stdout) \(ingest.stderr.suffix(800))") }
        figures.ingestSeconds = ingest.seconds
        figures.ingestPeakKiB = ingest.peakKiB
        log(String(format: "ingest %.1f s, peak %d KiB", ingest.seconds, ingest.peakKiB))
        var drained = false
        for round in 1...maximumRounds {
            let transform = try timed(rig, ["transform", "--json"])
            figures.transformRuns += 1
            figures.transformSeconds += transform.seconds
            figures.transformPeakKiB = max(figures.transformPeakKiB, transform.peakKiB)
            guard transform.status == 0 else {
                throw ProofError("transform exited \(transform.status): \(transform.stderr.suffix(800))")
            }
            let publish = try timed(rig, ["publish", "--json"])
            figures.publishRuns += 1
            figures.publishSeconds += publish.seconds
            figures.publishPeakKiB = max(figures.publishPeakKiB, publish.peakKiB)
            let backlog = try rig.backlog()
            log(String(
                format: "round %d: transform %.1f s (peak %d KiB), publish %.1f s (peak %d KiB, exit %d), backlog %d", round,
                transform.seconds, transform.peakKiB, publish.seconds, publish.peakKiB, publish.status, backlog))
            if publish.status == 0 && backlog == 0 {
                drained = true
                break
            }
        }
        guard drained else { throw ProofError("the backlog did not drain in \(maximumRounds) transform + publish rounds") }
        let counters = try rig.admin("/admin/counters") as? [String: Any] ?? [:]
        figures.throttled429 = counters["throttled429"] as? Int ?? 0
        figures.requests = counters["requests"] as? Int ?? 0

        // The log as the stages left it: counts, size, and the same events through a plain insert loop.
        let store = try SQLiteEventStore(path: rig.databasePath)
        figures.lastSeq = try store.lastSeq()
        try measureBaselines(store, rig.directory, &figures)
        figures.posted = try store.count(after: 0, types: [BillPosted.type])
        try store.close()
        figures.databaseBytes = [rig.databasePath, rig.databasePath + "-wal"].reduce(Int64(0)) { total, path in
            total + ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0)
        }

        // Reading the log back: audit invoice over a sample, audit verify, replay of the whole range.
        try measureAudit(rig, manifest, samples: auditSamples, seed: seed, &figures, log: log)
        let verify = try timed(rig, ["audit", "verify"])
        figures.verifySeconds = verify.seconds
        try measureReplay(rig, &figures)
        log(String(format: "replay %.1f s: %d evaluated, %d differences", figures.replaySeconds, figures.replayEvaluated, figures.replayDifferences))

        // The shared invariants: a clean pass and an idle run append no work; every invoice's outcome.
        try ProofSuites.drain(rig, &figures.proof, log: log)
        figures.proof.verdict = try ProofVerdict.check(rig)
        figures.wallSeconds = Date().timeIntervalSince(started)
        figures.proof.wallSeconds = figures.wallSeconds
        return figures
    }

    /// Runs the connector under `/usr/bin/time -v` in the rig's folder.
    static func timed(_ rig: ProofRig, _ arguments: [String]) throws -> TimedRun {
        let begin = DispatchTime.now().uptimeNanoseconds
        let result = try ProcessRunner.run(
            "/usr/bin/time", ["-v", ProofRig.connectorBinary] + arguments, currentDirectory: rig.directory)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - begin) / 1e9
        rig.record(Data((result.stdout + result.stderr).utf8))
        var peak = 0
        for line in result.stderr.split(separator: "\n") where line.contains("Maximum resident set size (kbytes):") {
            peak = Int(line.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        }
        return TimedRun(seconds: seconds, status: result.status, peakKiB: peak, stdout: result.stdout, stderr: result.stderr)
    }

    static func manifest(_ rig: ProofRig) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: rig.exportPath + "/manifest.json"))
        guard let list = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw ProofError("manifest.json is not a list")
        }
        return list
    }

    /// Counts the ingest rows and transform decisions, and times a plain prepared-statement loop inserting the
    /// very same events (same columns, payloads and hashes, same table and indexes) into fresh databases.
    static func measureBaselines(_ store: SQLiteEventStore, _ directory: String, _ figures: inout LoadFigures) throws {
        let ingestRaw = try RawInserter(path: directory + "/raw-ingest.sqlite")
        let transformRaw = try RawInserter(path: directory + "/raw-transform.sqlite")
        var after: Int64 = 0
        while true {
            let page = try store.events(after: after, limit: 20_000)
            guard let last = page.last else { break }
            for event in page {
                switch event.stage {
                case "ingest":
                    figures.ingestEvents += 1
                    if event.type == RowParsed.type || event.type == RowRejected.type { figures.ingestRows += 1 }
                    try ingestRaw.insert(event)
                case "transform":
                    figures.transformDecisions += 1
                    try transformRaw.insert(event)
                default: break
                }
            }
            after = last.seq
        }
        figures.rawIngestSeconds = try ingestRaw.finish()
        figures.rawTransformSeconds = try transformRaw.finish()
        for path in [directory + "/raw-ingest.sqlite", directory + "/raw-transform.sqlite"] {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    /// `audit invoice <id> --json` for a seeded random sample of the invoices that must have been posted; each
    /// must exit 0 and call the invoice posted.
    static func measureAudit(
        _ rig: ProofRig, _ manifest: [[String: Any]], samples: Int, seed: UInt64, _ figures: inout LoadFigures,
        log: (String) -> Void
    ) throws {
        let valid = manifest.filter { ["bill", "vendor-credit"].contains($0["outcome"] as? String ?? "") }
            .compactMap { $0["invoiceId"] as? String }
        guard !valid.isEmpty else { return }
        var random = ProofRandom(seed: seed)
        for index in 0..<samples {
            let invoiceId = valid[Int(random.next() % UInt64(valid.count))]
            let run = try timed(rig, ["audit", "invoice", invoiceId, "--json"])
            figures.auditLatencies.append(run.seconds)
            figures.auditPeakKiB = max(figures.auditPeakKiB, run.peakKiB)
            let object = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
            let status = object?["status"] as? String
            if run.status != 0 || status != "posted" {
                figures.problems.append("audit invoice \(invoiceId) exited \(run.status) with status \(status ?? "none"): \(run.stderr.prefix(300))")
            }
            if (index + 1) % 50 == 0 {
                log(String(format: "audit invoice %d/%d, p50 %.0f ms", index + 1, samples, figures.auditMilliseconds(0.5)))
            }
        }
    }

    /// `replay --from 1 --to <last> --dry-run --json`: must evaluate every item, find no difference and write nothing.
    static func measureReplay(_ rig: ProofRig, _ figures: inout LoadFigures) throws {
        let before = try rig.lastSeq()
        let run = try timed(rig, ["replay", "--from", "1", "--to", String(before), "--dry-run", "--json"])
        figures.replaySeconds = run.seconds
        figures.replayPeakKiB = run.peakKiB
        figures.replayAppended = Int64(try rig.lastSeq() - before)
        guard run.status == 0,
            let report = try? JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any]
        else {
            figures.problems.append("replay --dry-run exited \(run.status): \(run.stderr.suffix(400))")
            return
        }
        figures.replayEvaluated = report["evaluated"] as? Int ?? -1
        figures.replayUnchanged = report["unchanged"] as? Int ?? -1
        let differences = report["differences"] as? [[String: Any]] ?? []
        figures.replayDifferences = differences.count
        if !differences.isEmpty {
            let named = differences.prefix(5).map { "\($0["itemKind"] ?? "?") \($0["stampliId"] ?? "?") → \($0["proposedType"] ?? "?")" }
            figures.problems.append("replay --dry-run of the whole log found \(differences.count) differences: \(named)")
        }
        if figures.replayEvaluated <= 0 { figures.problems.append("replay --dry-run evaluated nothing") }
        if figures.replayAppended != 0 { figures.problems.append("replay --dry-run appended \(figures.replayAppended) events") }
    }
}

/// The baseline writer: a plain prepared-statement loop over SQLite's C API, in transactions of
/// ``LoadSuite/rawBatch`` rows, into a table with the event log's columns and indexes (no encoding, no
/// hashing, no cursor). Only the time spent inside SQLite calls is counted.
final class RawInserter {
    private var db: OpaquePointer?
    private var statement: OpaquePointer?
    private var pending = 0
    private var seq: Int64 = 0
    private var nanoseconds: UInt64 = 0
    private let path: String

    init(path: String) throws {
        self.path = path
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw ProofError("cannot open \(path)") }
        try execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try execute(
            """
            CREATE TABLE events (seq INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, stage TEXT NOT NULL,
              type TEXT NOT NULL, version INTEGER NOT NULL, subject TEXT NOT NULL, payload BLOB NOT NULL,
              prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
            CREATE INDEX events_type_subject ON events(type, subject);
            CREATE INDEX events_subject ON events(subject);
            """)
        guard
            sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", -1, &statement, nil) == SQLITE_OK
        else { throw ProofError("prepare: \(String(cString: sqlite3_errmsg(db)))") }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(db)
    }

    private func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
            throw ProofError("\(path): \(String(cString: sqlite3_errmsg(db)))")
        }
    }

    func insert(_ event: RecordedEvent) throws {
        let begin = DispatchTime.now().uptimeNanoseconds
        defer { nanoseconds += DispatchTime.now().uptimeNanoseconds - begin }
        if pending == 0 { try execute("BEGIN IMMEDIATE") }
        seq += 1
        let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
        sqlite3_bind_int64(statement, 1, seq)
        sqlite3_bind_text(statement, 2, event.recordedAt, -1, transient)
        sqlite3_bind_text(statement, 3, event.stage, -1, transient)
        sqlite3_bind_text(statement, 4, event.type, -1, transient)
        sqlite3_bind_int(statement, 5, Int32(event.version))
        sqlite3_bind_text(statement, 6, event.subject, -1, transient)
        for (index, bytes) in [(7, event.payload), (8, event.prevHash), (9, event.hash)] {
            bytes.withUnsafeBytes { _ = sqlite3_bind_blob(statement, Int32(index), $0.baseAddress, Int32($0.count), transient) }
        }
        guard sqlite3_step(statement) == SQLITE_DONE else {
            throw ProofError("insert: \(String(cString: sqlite3_errmsg(db)))")
        }
        sqlite3_reset(statement)
        pending += 1
        if pending == LoadSuite.rawBatch {
            try execute("COMMIT")
            pending = 0
        }
    }

    /// Commits what is pending; returns the seconds spent inserting.
    func finish() throws -> Double {
        let begin = DispatchTime.now().uptimeNanoseconds
        if pending > 0 { try execute("COMMIT") }
        pending = 0
        nanoseconds += DispatchTime.now().uptimeNanoseconds - begin
        return Double(nanoseconds) / 1e9
    }
}

@available(*, unavailable) extension RawInserter: Sendable {}
