import Foundation
import TestSupport
import Testing

/// True when the proof runner, the connector, the generator and the emulator are built.
let badInputRunnerIsAvailable =
    ProofRig.isAvailable && FileManager.default.isExecutableFile(atPath: RepositoryPaths.executable("ml-proof"))

/// Short version of the bad-input suite (tools/proof/badinput.sh runs the long one): the proof runner drops
/// a corpus of malformed invoices files beside a generated export and drives the real ml-connector binary
/// against a real qbo-sandbox on 127.0.0.1.
@Suite(.enabled(if: badInputRunnerIsAvailable || SandboxLauncher.isRequired), .serialized)
struct BadInputTests {
    static let runner = RepositoryPaths.executable("ml-proof")

    /// Every case the corpus must hold, with the evidence the runner must have found for it.
    static let expected: [String: String] = [
        "missing-required-column": "file rejected: reason=required column \"Invoice Total\"",
        "total-mismatch": "category=total-mismatch",
        "duplicate-line-numbers": "category=duplicate-line-number",
        "header-disagreement": "category=header-mismatch",
        "department-conflict": "category=department-conflict",
        "bad-date": "row rejected: column=Invoice Date row=2",
        "bad-amount": "row rejected: column=Line Amount row=2",
        "bad-total-amount": "row rejected: column=Invoice Total row=2",
        "doc-number-too-long": "category=doc-number-too-long",
        "negative-total": "valid document",
        "unknown-vendor": "category=vendor-unknown",
        "binary-junk": "file rejected",
        "truncated-gzip": "file rejected: reason=the gzip file cannot be decompressed",
        "huge-field": "column=Memo row=2",
        "many-columns": "file rejected",
        "deeply-quoted": "row=2",
        "invalid-utf8": "column=Vendor Name row=2",
        "header-only": "fetched with rowCount 0",
        "empty": "file rejected: reason=the file is empty",
    ]

    @Test func everyMalformedFileEndsAsANamedRejectionOrQuarantineAndTheRestOfTheExportStillPosts() throws {
        let result = try ProcessRunner.run(
            Self.runner,
            ["badinput", "--invoices", "20", "--huge-field-mb", "3", "--columns", "10000", "--junk-kb", "256", "--quote-mb", "2"],
            environment: ["ML_CONNECTOR_BIN": ProofRig.connectorBinary, "STAMPLI_EXPORT_GEN_BIN": ProofRig.generatorBinary])
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(result.status == 0, "\(lines.filter { $0.hasPrefix("VIOLATION") }) \(result.stderr.suffix(800))")
        let cases = lines.filter { $0.hasPrefix("CASE ") }
        for (name, evidence) in Self.expected {
            let line = cases.first { $0.hasPrefix("CASE \(name) ") }
            #expect(line?.hasPrefix("CASE \(name) ok ") == true, "\(line ?? "no line for \(name)")")
            #expect(line?.contains(evidence) == true, "\(name): expected \(evidence) in \(line ?? "nothing")")
        }
        #expect(cases.count == Self.expected.count, "\(cases)")
        let figures = try #require(lines.first { $0.hasPrefix("FIGURES badinput") })
        // Nothing else was affected: the generated export posted as its manifest says, once each.
        #expect(figures.contains("duplicates 0 · lost 0 · wrong 0"), "\(figures)")
        #expect(figures.contains("crashes 0") && figures.contains("audit verify ok"), "\(figures)")
        print(figures)
    }
}
