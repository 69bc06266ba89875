import Foundation
import TestSupport
import Testing

/// Short versions of the proof suites (tools/proof/*.sh run the long ones): the real ml-connector binary
/// against a real qbo-sandbox on 127.0.0.1 and a generated export.
@Suite(.enabled(if: ProofRig.isAvailable || SandboxLauncher.isRequired), .serialized)
struct ProofSuiteTests {
    @Test func randomKillsAcrossAllStagesLeaveEveryInvoicePostedOnceOrQuarantinedAndTheChainIntact() throws {
        let figures = try ProofSuites.crash(invoices: 200, kills: 15, killWindowMs: 10...200)
        #expect(figures.kills >= 8, "too few kills landed while work remained: \(figures.line)")
        #expect(figures.verdict.violations.isEmpty, "\(figures.verdict.violations)")
        #expect(figures.verdict.duplicates == 0 && figures.verdict.lost == 0, "\(figures.line)")
        #expect(figures.verdict.bills + figures.verdict.vendorCredits == (figures.verdict.expected["bill"] ?? 0)
            + (figures.verdict.expected["vendor-credit"] ?? 0))
        #expect(figures.verdict.auditStatus == 0)
        #expect(figures.appendedByIdleRun == 0, "an idle run --once appended events: \(figures.line)")
        print(figures.line)
    }

    @Test func remoteFaultsTokenExpiryAndStrictRotationLoseNothingDuplicateNothingAndLeakNoSecret() throws {
        let figures = try ProofSuites.faults(
            invoices: 100, error500Rate: 0.05, commitThenDropRate: 0.03, requestsPerWindow: 40, windowSeconds: 3,
            accessTokenTTL: 600, expireEverySeconds: 2)
        #expect(figures.verdict.violations.isEmpty, "\(figures.verdict.violations)")
        #expect(figures.verdict.duplicates == 0 && figures.verdict.lost == 0, "\(figures.line)")
        #expect(figures.appendedByIdleRun == 0, "an idle run --once appended events: \(figures.line)")
        #expect(figures.secretLeaks.isEmpty, "\(figures.secretLeaks)")
        #expect(figures.secretPlacesSearched >= 4)
        // The run really was under fire.
        #expect((figures.faultsInjected["http500"] ?? 0) > 0, "\(figures.line)")
        #expect((figures.faultsInjected["commitThenDrop"] ?? 0) > 0, "\(figures.line)")
        #expect(figures.unauthorized401 > 0 && figures.tokenRefreshes > 1, "\(figures.line)")
        print(figures.line)
    }
}
