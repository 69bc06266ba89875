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
        "windows-1252-unconfigured": "row rejected: column=Vendor Name row=2",
        "windows-1252-configured": "decoded as \"Caf\u{E9} M\u{FC}ller \u{2013} 5 \u{20AC}\": true, rows rejected 0, documents posted 1",
        "mixed-encodings": "row rejected: column=Memo row=3",
        "vendors-missing-name-column": "file rejected: reason=required column \"Vendor Name\"",
        "vendors-empty-id": "row rejected: column=Vendor ID row=2",
        "vendors-bad-active": "row rejected: column=Active row=2 value=perhaps",
        "vendors-bad-1099": "row rejected: column=1099 row=2 value=sometimes",
        "gl-missing-code-column": "file rejected: reason=required column \"GL Code\"",
        "gl-empty-code": "row rejected: column=GL Code row=2",
        "gl-bad-active": "row rejected: column=Active row=2 value=later",
        "po-missing-amount-column": "file rejected: reason=required column \"Amount\"",
        "po-bad-date": "row rejected: column=PO Date row=2 value=2026-02-30",
        "po-bad-amount": "row rejected: column=Amount row=2 value=1O.00",
        "po-bad-line-number": "row rejected: column=Line Number row=2 value=one",
        "payments-missing-invoice-column": "file rejected: reason=required column \"Invoice ID\"",
        "payments-bad-date": "row rejected: column=Payment Date row=2 value=22/11/2026",
        "payments-bad-amount": "row rejected: column=Amount row=2 value=ten",
        "payments-unknown-invoice": "category=bill-unknown",
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
