import Foundation
import TestSupport
import Testing

/// Short version of the load suite (tools/proof/load.sh runs the long one): a few hundred invoices through the
/// real ml-connector, stage by stage, against a real qbo-sandbox on 127.0.0.1 enforcing QBO's limits on a
/// compressed window. Checks the invariants and that every figure was produced; speed is not judged here.
@Suite(.enabled(if: ProofRig.isAvailable || SandboxLauncher.isRequired), .serialized)
struct LoadSuiteTests {
    @Test func aLoadRunPostsEveryValidInvoiceOnceAndProducesEveryFigureBesideItsBaseline() throws {
        let figures = try LoadSuite.run(invoices: 300, windowSeconds: 2, auditSamples: 20)
        print(figures.line)
        #expect(figures.violations.isEmpty, "\(figures.violations)")
        let verdict = figures.proof.verdict
        #expect(verdict.duplicates == 0 && verdict.lost == 0 && verdict.wrong == 0, "\(figures.line)")
        #expect(verdict.auditStatus == 0)
        #expect(figures.proof.appendedByIdleRun == 0)
        #expect(figures.posted == verdict.bills + verdict.vendorCredits)
        #expect(figures.posted == (verdict.expected["bill"] ?? 0) + (verdict.expected["vendor-credit"] ?? 0))

        // Every figure was measured, each with its baseline.
        #expect(figures.lines >= 300 && figures.ingestRows >= figures.lines, "\(figures.line)")
        #expect(figures.ingestSeconds > 0 && figures.rawIngestSeconds > 0 && figures.ingestEvents >= figures.ingestRows)
        #expect(figures.transformDecisions >= figures.posted && figures.transformSeconds > 0 && figures.rawTransformSeconds > 0)
        #expect(figures.publishSeconds > 0 && figures.publishPerQBOMinute > 0 && figures.ceilingPerWindow == 1_660)
        #expect(figures.requests > 0)
        #expect(figures.ingestPeakKiB > 0 && figures.transformPeakKiB > 0 && figures.publishPeakKiB > 0)
        #expect(figures.auditPeakKiB > 0 && figures.replayPeakKiB > 0)
        #expect(figures.databaseBytes > 0 && figures.bytesPerInvoice > 0)
        #expect(figures.auditLatencies.count == 20 && figures.auditMilliseconds(0.5) > 0)
        #expect(figures.auditMilliseconds(0.99) >= figures.auditMilliseconds(0.5))
        #expect(figures.verifySeconds > 0)
        #expect(figures.replaySeconds > 0 && figures.replayDifferences == 0 && figures.replayAppended == 0)
        #expect(figures.replayEvaluated >= 300 && figures.replayUnchanged + figures.replayDifferences <= figures.replayEvaluated)
        #expect(figures.line.hasPrefix("FIGURES load"))
    }
}
