import Foundation
import TestSupport
import Testing

/// Short versions of the proof suites (tools/proof/*.sh run the long ones): the real ml-connector binary
/// against a real qbo-sandbox on 127.0.0.1 and a generated export served by a real sshd.
@Suite(.enabled(if: (ProofRig.isAvailable && SSHDServer.isConfigured) || SandboxLauncher.isRequired), .serialized)
struct ProofSuiteTests {
    @Test func killsAtEveryNamedMomentOverSFTPLeaveEveryInvoicePostedOnceOrQuarantinedAndTheChainIntact() throws {
        let figures = try ProofSuites.crash(invoices: 200, kills: 18, killWindowMs: 10...200, files: 8)
        #expect(figures.source == "sftp")
        #expect(figures.kills >= 12, "too few kills landed while work remained: \(figures.line)")
        for moment in KillMoment.named {
            #expect((figures.killsByMoment[moment] ?? 0) > 0, "no kill landed \(moment.rawValue): \(figures.line)")
        }
        #expect(figures.filesLeftUnarchived.isEmpty, "\(figures.filesLeftUnarchived)")
        #expect(figures.filesNotFetchedOnce.isEmpty, "\(figures.filesNotFetchedOnce)")
        #expect(figures.filesChecked == 8)
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
            accessTokenTTL: 600, expireEverySeconds: 2, sshdRestarts: 2)
        #expect(figures.verdict.violations.isEmpty, "\(figures.verdict.violations)")
        #expect(figures.verdict.duplicates == 0 && figures.verdict.lost == 0, "\(figures.line)")
        #expect(figures.appendedByIdleRun == 0, "an idle run --once appended events: \(figures.line)")
        #expect(figures.secretLeaks.isEmpty, "\(figures.secretLeaks)")
        #expect(Set(figures.secretNamesSearched).isSuperset(of: ["sftp-private-key", "qbo-client-secret", "qbo-refresh-token", "qbo-access-token"]), "\(figures.secretNamesSearched)")
        #expect(figures.secretPlacesSearched >= 4)
        // The run really was under fire.
        #expect((figures.faultsInjected["http500"] ?? 0) > 0, "\(figures.line)")
        #expect((figures.faultsInjected["commitThenDrop"] ?? 0) > 0, "\(figures.line)")
        #expect(figures.unauthorized401 > 0 && figures.tokenRefreshes > 1, "\(figures.line)")
        // sshd died twice under a connected run; each file was still ingested exactly once.
        #expect(figures.sshdRestarts == 2, "\(figures.line)")
        #expect(figures.pollFailures >= 1, "no run reported the lost connection: \(figures.line)")
        #expect(figures.filesNotFetchedOnce.isEmpty, "\(figures.filesNotFetchedOnce)")
        #expect(figures.filesChecked == 3)
        print(figures.line)
    }
}
