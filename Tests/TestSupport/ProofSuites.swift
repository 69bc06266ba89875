package import Foundation
import EventLog

/// SplitMix64, so a suite's kill schedule is the same for the same seed.
package struct ProofRandom {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in `range`, in milliseconds.
    package mutating func milliseconds(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// The figures one suite run ends with.
package struct ProofFigures: Sendable {
    package var suite: String
    package var invoices: Int
    package var kills = 0
    /// Killed runs by the moment the kill landed in (read from the stopped process, see ``KillProbe``).
    package var killsByMoment: [KillMoment: Int] = [:]
    /// Killed runs by how their moment was chosen (random delay or a targeted moment).
    package var killsByMode: [KillMode: Int] = [:]
    /// The export's source (`sftp` or `local`).
    package var source = "sftp"
    /// sshd kill-and-restarts while the connector was connected, and how many of them hit a file transfer.
    package var sshdRestarts = 0
    package var sshdRestartsDuringFetch = 0
    /// `ingest.poll.failed` events (each a run that reported the lost connection).
    package var pollFailures = 0
    /// Invoices files fetched more or less than once (must be empty).
    package var filesNotFetchedOnce: [String] = []
    /// Invoices files still in the outbound folder after the drain of an `after_ingest = move` run (must be none).
    package var filesLeftUnarchived: [String] = []
    /// Invoices files the suite checked for exactly-once ingestion.
    package var filesChecked = 0
    /// `run --once` invocations that were not killed, until the backlog was empty.
    package var drainRuns = 0
    package var wallSeconds = 0.0
    /// `run --once` after the drain appended this many events (must be 0).
    package var appendedByIdleRun = -1
    /// Change-feed bookkeeping events (QBO request, response, reference.synced) the idle run appended.
    package var idleBookkeeping = 0
    /// Type and subject of each other event the idle run appended.
    package var idleAppendedTypes: [String] = []
    /// `/admin/counters` at the end.
    package var faultsInjected: [String: Int] = [:]
    package var throttled429 = 0
    package var unauthorized401 = 0
    package var requestIdReplays = 0
    package var requests = 0
    /// From the event log: retries scheduled, failed requests, token refreshes.
    package var retriesScheduled = 0
    package var requestsFailed = 0
    package var tokenRefreshes = 0
    /// Secrets found in clear anywhere (must be 0), and how many places were searched.
    package var secretLeaks: [String] = []
    package var secretPlacesSearched = 0
    /// The stored credentials read back and searched for (by name).
    package var secretNamesSearched: [String] = []
    package var verdict = ProofVerdict()

    package var holds: Bool {
        verdict.holds && appendedByIdleRun == 0 && secretLeaks.isEmpty && filesNotFetchedOnce.isEmpty
            && filesLeftUnarchived.isEmpty
    }

    /// Kills per moment: the named moments first (shown even when 0), then the others that occurred.
    package var momentSummary: String {
        let others = KillMoment.allCases.filter { !KillMoment.named.contains($0) && (killsByMoment[$0] ?? 0) > 0 }
        return (KillMoment.named + others).map { "\($0.rawValue) \(killsByMoment[$0] ?? 0)" }.joined(separator: ", ")
    }

    /// The one-line figures a suite ends with.
    package var line: String {
        var parts = ["FIGURES \(suite)", "invoices \(invoices)", "source \(source)"]
        if kills > 0 || suite == "crash" {
            let modes = KillMode.allCases.map { "\($0.rawValue) \(killsByMode[$0] ?? 0)" }.joined(separator: ", ")
            parts.append("kills \(kills) (by moment: \(momentSummary); chosen by: \(modes))")
        }
        if suite == "faults" {
            parts.append("sshd restarts \(sshdRestarts) (\(sshdRestartsDuringFetch) during a file transfer), poll failures reported \(pollFailures)")
        }
        if filesChecked > 0 {
            parts.append("invoices files ingested exactly once \(filesChecked - filesNotFetchedOnce.count)/\(filesChecked)")
        }
        if suite == "crash" { parts.append("files left unarchived \(filesLeftUnarchived.count)") }
        parts.append("duplicates \(verdict.duplicates)")
        parts.append("lost \(verdict.lost)")
        parts.append("wrong \(verdict.wrong + verdict.postedBad)")
        parts.append("bills \(verdict.bills) + vendor credits \(verdict.vendorCredits), quarantined \(verdict.quarantined)")
        parts.append("audit verify \(verdict.auditStatus == 0 ? "ok" : "FAILED")")
        parts.append("idle run appended \(appendedByIdleRun) (+\(idleBookkeeping) change-feed poll)" + (idleAppendedTypes.isEmpty ? "" : " \(idleAppendedTypes)"))
        if suite != "crash" {
            let faults = faultsInjected.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            parts.append("faults injected (\(faults)), 429s \(throttled429), 401s \(unauthorized401), requestid replays \(requestIdReplays), requests \(requests)")
            parts.append("retries \(retriesScheduled), failed requests \(requestsFailed), token refreshes \(tokenRefreshes)")
            parts.append("secrets in clear \(secretLeaks.count) (\(secretNamesSearched.joined(separator: ", ")) searched in \(secretPlacesSearched) places)")
        }
        parts.append("drain runs \(drainRuns)")
        parts.append(String(format: "wall %.1f s", wallSeconds))
        return parts.joined(separator: " · ")
    }
}

/// The proof suites shared by `tools/proof/*` (long runs) and Tests/ProofTests (short runs).
package enum ProofSuites {
    /// A drain gives up after this many clean `run --once` invocations that leave a backlog.
    package static let maximumDrainRuns = 40

    /// The order in which crash-suite attempts choose their kill moment (repeats).
    package static let crashModes: [KillMode] = [
        .random, .ingestTransaction, .qboWriteInFlight, .random, .afterIngestMove, .tokenRefresh,
    ]

    /// Crash suite: `run --once` is SIGKILLed `kills` times and restarted each time, then run until nothing
    /// is left, and the emulator's state is compared with the manifest. The export is served by a real sshd
    /// with `after_ingest = "move"`; all invoices files but the first are held back and released one at a
    /// time, so ingest work remains while kills land. Attempts cycle through ``crashModes``: a uniform
    /// random delay in `killWindowMs`, or a kill as soon as the process is seen inside an ingest
    /// transaction, during the move, during a token refresh, or with a QBO write sent and its response not
    /// yet recorded. Every kill is SIGSTOP, read (``KillProbe``), SIGKILL, so its label is where it landed.
    /// The emulator's access tokens live 240 s (under the connector's 300 s refresh-ahead: a refresh before
    /// every call) with the default lenient rotation, and each call takes 20 ms more, to widen the windows.
    package static func crash(
        invoices: Int, kills: Int, killWindowMs: ClosedRange<Int>, seed: UInt64 = 7, windowSeconds: Int = 6,
        files: Int = 12, source: ProofRig.Source = .sftp, keep: String? = nil, log: (String) -> Void = { _ in }
    ) throws -> ProofFigures {
        let started = Date()
        let rig = try ProofRig(
            invoices: invoices,
            emulatorArguments: [
                "--window-seconds", String(windowSeconds), "--access-token-ttl", "240", "--latency-ms", "20",
            ],
            qbo: .init(windowSeconds: windowSeconds, requestsPerWindow: 450), keep: keep, source: source,
            afterIngest: "move", files: files)
        try rig.holdBack(keeping: 1)
        let probe = KillProbe(databasePath: rig.databasePath, afterIngest: "move")
        var figures = ProofFigures(suite: "crash", invoices: invoices)
        figures.source = source.rawValue
        var random = ProofRandom(seed: seed)
        var attempt = 0
        while figures.kills < kills && attempt < kills * 4 {
            attempt += 1
            var mode = crashModes[(attempt - 1) % crashModes.count]
            // Each ingest-targeted attempt gets a fresh file, so ingest (its transaction and its move) has
            // work whatever earlier kills left behind.
            if mode == .ingestTransaction || mode == .afterIngestMove {
                if try !rig.releaseHeldBack() { mode = .random }
            }
            let delay = random.milliseconds(killWindowMs)
            let outcome = try runAndKill(rig, probe: probe, mode: mode, after: delay)
            if let moment = outcome.killedIn {
                figures.kills += 1
                figures.killsByMoment[moment, default: 0] += 1
                figures.killsByMode[mode, default: 0] += 1
                if figures.kills % 10 == 0 { log("kill \(figures.kills)/\(kills): \(figures.momentSummary)") }
            } else if outcome.status == 0, rig.heldBack.isEmpty, try rig.backlog() == 0 {
                // A run finished before its kill with nothing left: later kills would only hit idle runs.
                log("the backlog emptied after \(figures.kills) kills")
                break
            }
        }
        while try rig.releaseHeldBack() {}
        try drain(rig, &figures, log: log)
        try checkFilesFetchedOnce(rig, &figures)
        // A kill between a file's commit and its move must not strand the file: the drain moves it.
        figures.filesLeftUnarchived = try FileManager.default.contentsOfDirectory(atPath: rig.exportPath + "/invoices")
            .filter { $0.hasSuffix(".csv") }.sorted().map { "\($0) was never moved to invoices/processed" }
        figures.verdict = try ProofVerdict.check(rig)
        figures.wallSeconds = Date().timeIntervalSince(started)
        return figures
    }

    /// Remote-fault suite: the emulator injects 500s, commit-then-drop, 429s (a small request window),
    /// short-lived access tokens and strict refresh-token rotation; sshd is killed and restarted (same port
    /// and host key) `sshdRestarts` times while the connector is connected to it, each time with a fresh
    /// invoices file to fetch; `run --once` repeats until nothing is left; then faults stop and the state is
    /// compared with the manifest, every invoices file must have been ingested exactly once, and no secret
    /// may appear anywhere.
    package static func faults(
        invoices: Int, error500Rate: Double = 0.05, commitThenDropRate: Double = 0.02, requestsPerWindow: Int = 40,
        batchesPerWindow: Int = 2, windowSeconds: Int = 6, accessTokenTTL: Int = 600, expireEverySeconds: Double = 5,
        kills: Int = 0, killWindowMs: ClosedRange<Int> = 300...3_000, sshdRestarts: Int = 0,
        source: ProofRig.Source = .sftp, seed: UInt64 = 11, keep: String? = nil, log: (String) -> Void = { _ in }
    ) throws -> ProofFigures {
        let started = Date()
        let restarts = source == .sftp ? sshdRestarts : 0
        let rig = try ProofRig(
            invoices: invoices,
            emulatorArguments: [
                "--window-seconds", String(windowSeconds), "--requests-per-window", String(requestsPerWindow),
                "--batches-per-window", String(batchesPerWindow),
                "--fault500", String(error500Rate), "--commit-then-drop", String(commitThenDropRate),
                "--access-token-ttl", String(accessTokenTTL), "--strict-refresh", "--fault-seed", String(seed),
            ],
            // The connector believes it may send more than the emulator allows: a 429 storm each window.
            qbo: .init(
                windowSeconds: windowSeconds, requestsPerWindow: requestsPerWindow * 3, batchesPerWindow: batchesPerWindow * 3,
                timeoutSeconds: 10),
            keep: keep, source: source, files: max(3, restarts + 1), sftpAuth: "private-key")
        var figures = ProofFigures(suite: "faults", invoices: invoices)
        figures.source = source.rawValue
        if restarts > 0 { try rig.holdBack(keeping: 1) }
        // Besides the short lifetime (which a client can refresh ahead of), revoke access tokens behind the
        // connector's back every few seconds, so it also meets 401s mid-run.
        let expiring = TokenExpirer(url: rig.emulator.baseURL + "/admin/expire-tokens", everySeconds: expireEverySeconds)
        expiring.start()
        defer { expiring.stop() }
        if let sshd = rig.sshd {
            for restart in 0..<restarts {
                try rig.releaseHeldBack()
                let duringFetch = try runRestartingSSHD(rig, sshd)
                figures.sshdRestarts += 1
                if duringFetch { figures.sshdRestartsDuringFetch += 1 }
                log("sshd restart \(restart + 1)/\(restarts)\(duringFetch ? " during a file transfer" : "")")
            }
        }
        while try rig.releaseHeldBack() {}
        let probe = KillProbe(databasePath: rig.databasePath, afterIngest: "keep")
        var random = ProofRandom(seed: seed)
        var attempt = 0
        while figures.kills < kills && attempt < kills * 4 {
            attempt += 1
            if let moment = try runAndKill(rig, probe: probe, mode: .random, after: random.milliseconds(killWindowMs)).killedIn {
                figures.kills += 1
                figures.killsByMoment[moment, default: 0] += 1
                figures.killsByMode[.random, default: 0] += 1
            }
        }
        try drain(rig, &figures, log: log, faultsStayOn: true, before: { expiring.stop() })
        let counters = try rig.admin("/admin/counters") as? [String: Any] ?? [:]
        figures.faultsInjected = (counters["faultsInjected"] as? [String: Int]) ?? [:]
        figures.throttled429 = counters["throttled429"] as? Int ?? 0
        figures.unauthorized401 = counters["unauthorized401"] as? Int ?? 0
        figures.requestIdReplays = counters["requestIdReplays"] as? Int ?? 0
        figures.requests = counters["requests"] as? Int ?? 0
        try countPublishEvents(rig, &figures)
        try checkFilesFetchedOnce(rig, &figures)
        figures.verdict = try ProofVerdict.check(rig)
        try ProofSecrets.search(rig, &figures)
        figures.wallSeconds = Date().timeIntervalSince(started)
        return figures
    }

    /// Starts `run --once` with a new invoices file waiting; as soon as it is fetching a file (its spool file
    /// open), or after 3 s connected without one, kills sshd and every session it forked, restarts it on the
    /// same port with the same host key, and lets the run finish on its own.
    /// - Returns: true when sshd died during a file transfer.
    static func runRestartingSSHD(_ rig: ProofRig, _ sshd: SSHDServer) throws -> Bool {
        let (process, logPath) = try startRun(rig)
        let started = Date()
        var duringFetch = false
        var restarted = false
        while process.isRunning {
            let fetching = KillProbe.hasSpoolFile(process.processIdentifier)
            let connected = sshd.pid.map { !SSHDServer.descendants(of: $0).isEmpty } ?? false
            if fetching || (connected && Date().timeIntervalSince(started) > 3) {
                sshd.kill()
                duringFetch = fetching
                try sshd.start()
                restarted = true
                break
            }
            usleep(KillProbe.pollMicroseconds)
        }
        process.waitUntilExit()
        rig.record((try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data())
        if !restarted {
            // The run was over before it was seen connected: restart anyway, so the count stays honest.
            sshd.kill()
            try sshd.start()
        }
        return duringFetch
    }

    /// Every invoices file of the export must have exactly one `ingest.file.fetched` (or, for a file the
    /// connector refuses as a whole, one `ingest.file.rejected`), however many runs were killed or cut off.
    static func checkFilesFetchedOnce(_ rig: ProofRig, _ figures: inout ProofFigures) throws {
        let store = try SQLiteEventStore(path: rig.databasePath)
        var byName: [String: Int] = [:]
        var after: Int64 = 0
        while true {
            let page = try store.events(after: after, limit: 5_000, types: [FileFetched.type, FileRejected.type])
            guard let last = page.last else { break }
            after = last.seq
            for event in page {
                let path = (try? event.decode(FileFetched.self).path) ?? (try? event.decode(FileRejected.self).path) ?? ""
                byName[(path as NSString).lastPathComponent, default: 0] += 1
            }
        }
        let names = try rig.invoicesFileNames()
        figures.filesChecked = names.count
        figures.filesNotFetchedOnce = names.filter { byName[$0] != 1 }.map { "\($0) ingested \(byName[$0] ?? 0) times" }
        figures.pollFailures = try store.count(after: 0, types: [PollFailed.type])
    }

    /// Starts `run --once` in the rig's folder, its output going to a log file.
    static func startRun(_ rig: ProofRig) throws -> (Process, String) {
        let logPath = rig.directory + "/killed-run.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        defer { try? output.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProofRig.connectorBinary)
        process.arguments = ["run", "--once"]
        process.currentDirectoryURL = URL(fileURLWithPath: rig.directory)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return (process, logPath)
    }

    /// Starts `run --once` and SIGKILLs it at the moment `mode` chooses: after `delay` ms, or as soon as
    /// the probe sees its target moment (at the latest after `targetTimeout` seconds). The process is
    /// stopped first, read, then killed, so the returned moment is where it really was (nil when the run
    /// finished before its kill).
    static func runAndKill(
        _ rig: ProofRig, probe: KillProbe, mode: KillMode, after delay: Int, targetTimeout: Double = 30
    ) throws -> (killedIn: KillMoment?, status: Int32) {
        let lastBefore = try lastEvent(rig)?.seq ?? 0
        let (process, logPath) = try startRun(rig)
        let pid = process.processIdentifier
        let started = Date()
        var moment: KillMoment?
        while process.isRunning {
            let elapsed = Date().timeIntervalSince(started)
            let due: Bool
            if let target = mode.target {
                due = elapsed > targetTimeout || probe.moment(of: pid, since: lastBefore) == target
            } else {
                due = elapsed * 1_000 >= Double(delay)
            }
            if due {
                guard kill(pid, SIGSTOP) == 0 else { break }
                moment = probe.moment(of: pid, since: lastBefore)
                kill(pid, SIGKILL)
                break
            }
            // The move is a few SFTP round trips: look for it more often than for the longer moments.
            usleep(mode.target == nil ? 1_000 : mode == .afterIngestMove ? 200 : KillProbe.pollMicroseconds)
        }
        process.waitUntilExit()
        rig.record((try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data())
        guard moment != nil && process.terminationReason == .uncaughtSignal else { return (nil, process.terminationStatus) }
        return (moment, process.terminationStatus)
    }

    /// The newest event in the connector's database, if any.
    static func lastEvent(_ rig: ProofRig) throws -> RecordedEvent? {
        guard FileManager.default.fileExists(atPath: rig.databasePath) else { return nil }
        let store = try SQLiteEventStore(path: rig.databasePath)
        let last = try store.lastSeq()
        return last > 0 ? try store.events(in: last...last).first : nil
    }

    /// Runs `run --once` until it exits 0 with an empty backlog, then once more to show an idle run appends
    /// nothing (with faults switched off first, so a fault cannot be mistaken for new work).
    static func drain(
        _ rig: ProofRig, _ figures: inout ProofFigures, log: (String) -> Void, faultsStayOn: Bool = false,
        before idle: () -> Void = {}
    ) throws {
        var lastError = ""
        while true {
            figures.drainRuns += 1
            let result = try rig.run(["run", "--once"])
            let backlog = try rig.backlog()
            if result.status == 0 && backlog == 0 { break }
            lastError = "exit \(result.status), backlog \(backlog): \(result.stderr.suffix(600))"
            log("drain run \(figures.drainRuns): \(lastError.prefix(200))")
            guard figures.drainRuns < maximumDrainRuns else { throw ProofError("the backlog never drained: \(lastError)") }
        }
        idle()
        if faultsStayOn {
            // Faults off, then one settling run: a token revoked just before the expirer stopped would
            // otherwise show up as a retry in the idle run.
            try rig.adminPost("/admin/faults", "{}")
            figures.drainRuns += 1
            _ = try rig.run(["run", "--once"])
        }
        let before = try rig.lastSeq()
        let idle = try rig.run(["run", "--once"])
        guard idle.status == 0 else { throw ProofError("idle run failed: \(idle.stderr)") }
        // Each run polls QBO's change feed and records that call (request, response, one reference.synced per
        // entity, and a token refresh when the access token is due) even when nothing changed; everything else counts as new work and must be absent.
        let bookkeeping: Set<String> = [RequestSent.type, ResponseReceived.type, ReferenceSynced.type, TokenRefreshed.type]
        let appended = try SQLiteEventStore(path: rig.databasePath).events(after: Int64(before), limit: 100_000, types: nil)
        let work = appended.filter { !bookkeeping.contains($0.type) }
        figures.appendedByIdleRun = work.count
        figures.idleAppendedTypes = work.map { "\($0.type) \($0.subject)" }
        figures.idleBookkeeping = appended.count - figures.appendedByIdleRun
    }

    /// Counts the publish stage's retry, failure and token-refresh events.
    static func countPublishEvents(_ rig: ProofRig, _ figures: inout ProofFigures) throws {
        let store = try SQLiteEventStore(path: rig.databasePath)
        for (type, keyPath) in [
            (RetryScheduled.type, \ProofFigures.retriesScheduled), (RequestFailed.type, \ProofFigures.requestsFailed),
            (TokenRefreshed.type, \ProofFigures.tokenRefreshes),
        ] {
            figures[keyPath: keyPath] = try store.count(after: 0, types: [type])
        }
    }
}

/// Calls the emulator's `/admin/expire-tokens` every few seconds on a background thread until stopped.
final class TokenExpirer: @unchecked Sendable {
    private let url: String
    private let interval: Double
    private let condition = NSCondition()
    private var stopped = false
    private var thread: Thread?

    init(url: String, everySeconds: Double) {
        self.url = url
        interval = everySeconds
    }

    func start() {
        let thread = Thread { [self] in
            condition.lock()
            while !stopped {
                if condition.wait(until: Date().addingTimeInterval(interval)) || stopped { continue }
                condition.unlock()
                _ = try? ProcessRunner.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-X", "POST", url])
                condition.lock()
            }
            condition.unlock()
        }
        self.thread = thread
        thread.start()
    }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }
}
