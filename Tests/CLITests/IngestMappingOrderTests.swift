import EventLog
import Foundation
import TestSupport
import Testing

/// `ml-connector ingest` on its own records the mapping in force before the rows it appends, as `run` does, so
/// a following `transform` decides each invoice once against it. (Found by the load suite: run stage by stage,
/// every invoice was first quarantined for unmapped classes, because Transform met the rows before the mapping
/// `transform` recorded after them, and was then decided again.)
@Suite(.enabled(if: CLIHarness.isBuilt))
struct IngestMappingOrderTests {
    @Test func ingestRecordsTheMappingBeforeTheRowsSoTransformDecidesEachInvoiceOnce() throws {
        let cli = try CLIHarness()
        let export = cli.directory.file("export")
        let generated = try ProcessRunner.run(
            RepositoryPaths.executable("stampli-export-gen"), ["--out", export, "--invoices", "12", "--bad", "0"])
        try #require(generated.status == 0, "\(generated.stderr)")
        try """
            [stampli]
            root = "file://export"
            settle_seconds = 0

            [mapping]
            file = "export/mapping.csv"

            [storage]
            data_dir = "data"

            """.write(toFile: cli.configPath, atomically: true, encoding: .utf8)
        try #require(try cli.run("init").status == 0)

        let ingested = try cli.run("ingest")
        try #require(ingested.status == 0, "\(ingested.stderr)")
        let store = try SQLiteEventStore(path: cli.databasePath)
        let mapping = try store.events(types: [MappingRecorded.type], after: 0, limit: 10)
        let firstRow = try #require(try store.events(types: [RowParsed.type], after: 0, limit: 1).first)
        #expect(mapping.count == 1)
        #expect((mapping.first?.seq ?? .max) < firstRow.seq, "the mapping must precede the rows it applies to")

        let transformed = try cli.run("transform")
        #expect(transformed.status == 0, "\(transformed.stderr)")
        #expect(try store.count(after: 0, types: [MappingRecorded.type]) == 1, "transform recorded the mapping again")
        // No invoice was quarantined for a mapping problem the mapping file answers.
        let quarantines = try store.events(types: [InvoiceQuarantined.type], after: 0, limit: 1_000)
            .map { try $0.decode(InvoiceQuarantined.self) }
        let mappingProblems = quarantines.flatMap(\.problems).filter { $0.category.hasPrefix("unmapped") }
        #expect(mappingProblems.isEmpty, "\(mappingProblems.map(\.message).prefix(3))")
    }
}
