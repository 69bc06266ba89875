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
    /// Killed runs by the stage that committed last before the kill ("before any commit" when none did).
    package var killsByStage: [String: Int] = [:]
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
    package var verdict = ProofVerdict()

    package var holds: Bool { verdict.holds && appendedByIdleRun == 0 && secretLeaks.isEmpty }

    /// The one-line figures a suite ends with.
    package var line: String {
        var parts = ["FIGURES \(suite)", "invoices \(invoices)"]
        if kills > 0 || suite == "crash" {
            let stages = killsByStage.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            parts.append("kills \(kills) (\(stages))")
        }
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
            parts.append("secrets in clear \(secretLeaks.count) (searched \(secretPlacesSearched) places)")
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

    /// Crash suite: `run --once` is SIGKILLed at random moments `kills` times (each kill after a uniform
    /// random delay in `killWindowMs`), restarted each time; then it is run until nothing is left, and the
    /// emulator's state is compared with the manifest.
    package static func crash(
        invoices: Int, kills: Int, killWindowMs: ClosedRange<Int>, seed: UInt64 = 7, windowSeconds: Int = 6,
        keep: String? = nil, log: (String) -> Void = { _ in }
    ) throws -> ProofFigures {
        let started = Date()
        let rig = try ProofRig(
            invoices: invoices, emulatorArguments: ["--window-seconds", String(windowSeconds)],
            qbo: .init(windowSeconds: windowSeconds, requestsPerWindow: 450), keep: keep)
        var figures = ProofFigures(suite: "crash", invoices: invoices)
        var random = ProofRandom(seed: seed)
        var attempt = 0
        while figures.kills < kills {
            attempt += 1
            let delay = random.milliseconds(killWindowMs)
            let outcome = try runAndKill(rig, after: delay, attempt: attempt)
            if let stage = outcome.killedIn {
                figures.kills += 1
                figures.killsByStage[stage, default: 0] += 1
                if figures.kills % 10 == 0 { log("kill \(figures.kills)/\(kills) (last in \(stage) after \(delay) ms)") }
            } else if outcome.status == 0, try rig.backlog() == 0 {
                // A run finished before its kill with nothing left: later kills would only hit idle runs.
                log("the backlog emptied after \(figures.kills) kills")
                break
            }
        }
        try drain(rig, &figures, log: log)
        figures.verdict = try ProofVerdict.check(rig)
        figures.wallSeconds = Date().timeIntervalSince(started)
        return figures
    }

    /// Remote-fault suite: the emulator injects 500s, commit-then-drop, 429s (a small request window),
    /// short-lived access tokens and strict refresh-token rotation; `run --once` repeats until nothing is
    /// left; then faults stop and the state is compared with the manifest, and no secret may appear anywhere.
    package static func faults(
        invoices: Int, error500Rate: Double = 0.05, commitThenDropRate: Double = 0.02, requestsPerWindow: Int = 40,
        batchesPerWindow: Int = 2, windowSeconds: Int = 6, accessTokenTTL: Int = 600, expireEverySeconds: Double = 5,
        kills: Int = 0, killWindowMs: ClosedRange<Int> = 300...3_000,
        seed: UInt64 = 11, keep: String? = nil, log: (String) -> Void = { _ in }
    ) throws -> ProofFigures {
        let started = Date()
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
            keep: keep)
        var figures = ProofFigures(suite: "faults", invoices: invoices)
        var random = ProofRandom(seed: seed)
        var attempt = 0
        while figures.kills < kills {
            attempt += 1
            if let stage = try runAndKill(rig, after: random.milliseconds(killWindowMs), attempt: attempt).killedIn {
                figures.kills += 1
                figures.killsByStage[stage, default: 0] += 1
            }
        }
        // Besides the short lifetime (which a client can refresh ahead of), revoke access tokens behind the
        // connector's back every few seconds, so it also meets 401s mid-run.
        let expiring = TokenExpirer(url: rig.emulator.baseURL + "/admin/expire-tokens", everySeconds: expireEverySeconds)
        expiring.start()
        defer { expiring.stop() }
        try drain(rig, &figures, log: log, faultsStayOn: true, before: { expiring.stop() })
        let counters = try rig.admin("/admin/counters") as? [String: Any] ?? [:]
        figures.faultsInjected = (counters["faultsInjected"] as? [String: Int]) ?? [:]
        figures.throttled429 = counters["throttled429"] as? Int ?? 0
        figures.unauthorized401 = counters["unauthorized401"] as? Int ?? 0
        figures.requestIdReplays = counters["requestIdReplays"] as? Int ?? 0
        figures.requests = counters["requests"] as? Int ?? 0
        try countPublishEvents(rig, &figures)
        figures.verdict = try ProofVerdict.check(rig)
        try ProofSecrets.search(rig, &figures)
        figures.wallSeconds = Date().timeIntervalSince(started)
        return figures
    }

    /// Starts `run --once`, SIGKILLs it after `delay` ms if it is still running, and names the stage its
    /// output last mentioned (nil when it finished first).
    static func runAndKill(_ rig: ProofRig, after delay: Int, attempt: Int) throws -> (killedIn: String?, status: Int32) {
        let lastBefore = try lastEvent(rig)?.seq ?? 0
        let logPath = rig.directory + "/killed-run.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ProofRig.connectorBinary)
        process.arguments = ["run", "--once"]
        process.currentDirectoryURL = URL(fileURLWithPath: rig.directory)
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(Double(delay) / 1_000)
        while process.isRunning && Date() < deadline { usleep(5_000) }
        var killed = false
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            killed = true
        }
        process.waitUntilExit()
        try output.close()
        let text = (try? Data(contentsOf: URL(fileURLWithPath: logPath))) ?? Data()
        rig.record(text)
        guard killed && process.terminationReason == .uncaughtSignal else { return (nil, process.terminationStatus) }
        // Name the kill by the stage that committed last during this run (events carry their stage).
        guard let last = try lastEvent(rig), last.seq > lastBefore else { return ("before any commit", process.terminationStatus) }
        return ("after a \(last.stage) commit", process.terminationStatus)
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
