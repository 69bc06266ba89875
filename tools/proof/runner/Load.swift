import Foundation
import TestSupport

/// `ml-proof load [--invoices N] [--window-seconds W] [--audit-samples S] [--seed S] [--keep DIR]`: prints the
/// stage figures, one `FIGURES load` line, then one `VIOLATION` line per broken invariant.
/// - Returns: 0 when every invariant holds, 1 when one does not, 2 when the suite could not run.
func runLoad(options: [String: String], log: (String) -> Void) -> Int32 {
    func int(_ name: String, _ fallback: Int) -> Int { options[name].flatMap(Int.init) ?? fallback }
    do {
        let figures = try LoadSuite.run(
            invoices: int("invoices", 100_000), windowSeconds: int("window-seconds", 6),
            auditSamples: int("audit-samples", 200), seed: UInt64(int("seed", 42)), keep: options["keep"], log: log)
        print(figures.line)
        for violation in figures.violations { print("VIOLATION \(violation)") }
        return figures.holds ? 0 : 1
    } catch {
        FileHandle.standardError.write(Data("ml-proof: \(error)\n".utf8))
        return 2
    }
}
