// Runs one proof suite against the real ml-connector binary, a real qbo-sandbox on 127.0.0.1 and a
// generated export, and prints a FIGURES line. Exit 0 when every invariant holds, 1 otherwise.
//
// Usage: ml-proof crash  [--invoices N] [--kills K] [--kill-min-ms A] [--kill-max-ms B] [--files F] [--seed S]
//                        [--source sftp|local] [--keep DIR]
//        ml-proof faults [--invoices N] [--rate500 P] [--drop P] [--requests-per-window R] [--batches-per-window B]
//                        [--window-seconds W] [--token-ttl T] [--expire-every-seconds E] [--kills K]
//                        [--sshd-restarts R] [--source sftp|local] [--seed S] [--keep DIR]
//        ml-proof badinput [--invoices N] [--huge-field-mb M] [--columns C] [--junk-kb J] [--quote-mb Q] [--keep DIR]
//        ml-proof load [--invoices N] [--window-seconds W] [--audit-samples S] [--seed S] [--keep DIR]
import Foundation
import TestSupport

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ml-proof: \(message)\n".utf8))
    exit(64)
}

var arguments = Array(CommandLine.arguments.dropFirst())
guard let suite = arguments.first else { fail("name a suite: crash, faults, badinput or load") }
arguments.removeFirst()
var options: [String: String] = [:]
while let flag = arguments.first {
    arguments.removeFirst()
    guard flag.hasPrefix("--"), let value = arguments.first else { fail("\(flag) needs a value") }
    arguments.removeFirst()
    options[String(flag.dropFirst(2))] = value
}
let given = options
func int(_ name: String, _ fallback: Int) -> Int { given[name].flatMap(Int.init) ?? fallback }
func double(_ name: String, _ fallback: Double) -> Double { given[name].flatMap(Double.init) ?? fallback }
let source: ProofRig.Source
if let named = options["source"] {
    guard let chosen = ProofRig.Source(rawValue: named) else { fail("--source is sftp or local") }
    source = chosen
} else {
    source = .sftp
}
let log: (String) -> Void = { FileHandle.standardError.write(Data("ml-proof: \($0)\n".utf8)) }

if suite == "load" { exit(runLoad(options: options, log: log)) }

if suite == "badinput" {
    do {
        let scale = BadInputScale(
            invoices: int("invoices", 200), hugeFieldBytes: int("huge-field-mb", 100) << 20, columns: int("columns", 1_000_000),
            junkBytes: int("junk-kb", 16_384) << 10, quoteBytes: int("quote-mb", 64) << 20)
        let figures = try BadInputSuite.run(scale: scale, keep: options["keep"], log: log)
        for result in figures.results { print("CASE \(result.name) \(result.holds ? "ok" : "BROKEN") \(result.evidence)") }
        print(figures.line)
        for violation in figures.violations { print("VIOLATION \(violation)") }
        exit(figures.violations.isEmpty ? 0 : 1)
    } catch {
        FileHandle.standardError.write(Data("ml-proof: \(error)\n".utf8))
        exit(2)
    }
}

do {
    let figures: ProofFigures
    switch suite {
    case "crash":
        figures = try ProofSuites.crash(
            invoices: int("invoices", 2_000), kills: int("kills", 200),
            killWindowMs: int("kill-min-ms", 100)...int("kill-max-ms", 1_500), seed: UInt64(int("seed", 7)),
            windowSeconds: int("window-seconds", 6), files: int("files", 12), source: source, keep: options["keep"], log: log)
    case "faults":
        figures = try ProofSuites.faults(
            invoices: int("invoices", 2_000), error500Rate: double("rate500", 0.05), commitThenDropRate: double("drop", 0.02),
            requestsPerWindow: int("requests-per-window", 40),
            batchesPerWindow: int("batches-per-window", 2), windowSeconds: int("window-seconds", 6),
            accessTokenTTL: int("token-ttl", 600),
            expireEverySeconds: double("expire-every-seconds", 20), kills: int("kills", 0),
            killWindowMs: int("kill-min-ms", 300)...int("kill-max-ms", 3_000), sshdRestarts: int("sshd-restarts", 6),
            source: source, seed: UInt64(int("seed", 11)), keep: options["keep"], log: log)
    default:
        fail("unknown suite \(suite)")
    }
    print(figures.line)
    for violation in figures.verdict.violations + figures.secretLeaks + figures.filesNotFetchedOnce
        + figures.filesLeftUnarchived {
        print("VIOLATION \(violation)")
    }
    for moment in KillMoment.named where figures.kills > 0 && (figures.killsByMoment[moment] ?? 0) == 0 {
        print("NOTE no kill landed \(moment.rawValue)")
    }
    if figures.appendedByIdleRun != 0 { print("VIOLATION an idle run --once appended \(figures.appendedByIdleRun) events") }
    let categories = figures.verdict.reasonCategories.sorted { $0.key < $1.key }
        .map { "\($0.key) → \($0.value.sorted().joined(separator: "/"))" }.joined(separator: "; ")
    print("quarantine reasons: \(categories)")
    exit(figures.holds ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("ml-proof: \(error)\n".utf8))
    exit(2)
}
