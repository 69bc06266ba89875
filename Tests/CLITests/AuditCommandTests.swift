import Foundation
import TestSupport
import Testing

@Suite(.enabled(if: CLIHarness.isBuilt)) struct AuditCommandTests {
    func prepared() throws -> CLIHarness {
        let cli = try CLIHarness()
        try cli.run("init")
        try AuditFixture.write(to: cli.databasePath)
        return cli
    }

    @Test func dossierTracesABillBackToItsOriginalCSVRow() throws {
        let cli = try prepared()
        let text = try cli.run("audit", "invoice", "INV-1")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Invoice INV-1: posted"))
        #expect(text.stdout.contains("QBO Bill Id 151"))
        #expect(text.stdout.contains(#"INV-1,B-100,V-1,=HYPERLINK("x"),2026-11-02,300.30,1,100.10,6100"#))
        #expect(text.stdout.contains("Office Expenses [mapping-row row 2]"))
        #expect(text.stdout.contains("ready by settled"))
        let json = try cli.json(try cli.run("audit", "invoice", "INV-1", "--json"))
        #expect(json["qboBillId"] as? String == "151")
        #expect((json["rows"] as? [[String: Any]])?.count == 2)
        let missing = try cli.run("audit", "invoice", "NOPE")
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no events about invoice NOPE"))
    }

    @Test func reportTotalsTieOutAndCSVDefusesFormulas() throws {
        let cli = try prepared()
        let day = AuditFixture.today
        let json = try cli.json(try cli.run("audit", "report", "--from", day, "--to", day, "--json"))
        #expect((json["posted"] as? [Any])?.count == 1)
        #expect(json["postedTotal"] as? String == "300.30")
        #expect((json["quarantined"] as? [[String: Any]])?.first?["invoiceId"] as? String == "INV-2")
        #expect((json["skipped"] as? [Any])?.count == 1)
        let accounts = (json["totalsByAccount"] as? [[String: Any]]) ?? []
        #expect(accounts.map { $0["amount"] as? String } == ["200.20", "100.10"])
        let csv = try cli.run("audit", "report", "--from", day, "--to", day, "--format", "csv")
        #expect(csv.status == 0)
        #expect(csv.stdout.contains(#","'=HYPERLINK(""x"")","#))
        #expect(!csv.stdout.contains(",=HYPERLINK"))
        let md = try cli.run("audit", "report", "--from", day, "--to", day, "--format", "md")
        #expect(md.stdout.contains("Posted: 1 documents, 300.30"))
        #expect(try cli.run("audit", "report", "--from", "2026-13", "--to", day).status == 64)
    }

    @Test(.enabled(if: Browser.isAvailable))
    func htmlReportAndDossierRenderInAHeadlessBrowser() throws {
        let cli = try prepared()
        let day = AuditFixture.today
        let reportPath = cli.directory.file("report.html")
        let dossierPath = cli.directory.file("dossier.html")
        #expect(try cli.run("audit", "report", "--from", day, "--to", day, "--format", "html", "--output", reportPath).status == 0)
        #expect(try cli.run("audit", "invoice", "INV-1", "--html", "--output", dossierPath).status == 0)
        let report = try Browser.dumpDOM(reportPath)
        #expect(report.contains(#"<td class="num" id="posted-total">300.30</td>"#))
        #expect(report.contains("INV-1"))
        #expect(report.contains("151"))
        #expect(report.contains("GL Account 7777 is not mapped"))
        let dossier = try Browser.dumpDOM(dossierPath)
        #expect(dossier.contains(#"<span id="invoice-id">INV-1</span>"#))
        #expect(dossier.contains(#"<td id="bill-id">151</td>"#))
        #expect(dossier.contains(#"<td id="total" class="num">300.30</td>"#))
        // Screenshots are kept as test artifacts for a person to look at.
        try Browser.screenshot(reportPath, to: Browser.artifact("audit-report.png"))
        try Browser.screenshot(dossierPath, to: Browser.artifact("audit-dossier.png"))
        #expect(FileManager.default.fileExists(atPath: Browser.artifact("audit-report.png")))
    }
}
