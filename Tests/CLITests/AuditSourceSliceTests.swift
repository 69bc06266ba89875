import EventLog
import Foundation
import TestSupport
import Testing

/// `audit invoice` reads an invoice's original CSV bytes from the stored file as a stream and stops after its
/// rows, rather than decompressing the whole file (a file of 100,000 invoices made every dossier pay for all
/// of them). Shown here by a `.csv.gz` whose stream is damaged far after the invoice's rows: the rows must
/// still be shown exactly, which a whole-file read cannot do.
@Suite(.enabled(if: CLIHarness.isBuilt))
struct AuditSourceSliceTests {
    @Test func dossierShowsTheOriginalRowsOfAGzipFileWithoutReadingPastThem() throws {
        let cli = try CLIHarness()
        #expect(try cli.run("init").status == 0)
        let header = "Invoice ID,Invoice Number,Vendor ID,Invoice Total,Line Number,Line Amount,GL Account\r\n"
        let rows = ["INV-9,B-9,V-1,30.00,1,10.00,6100\r\n", "INV-9,B-9,V-1,30.00,2,20.00,6200\r\n"]
        var filler = ""
        var state: UInt64 = 7
        for index in 0..<60_000 {  // ~3 MB of rows that compress only about two to one
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            filler += "INV-F\(index),B-F\(index),V-\(state >> 50),\(String(state, radix: 16)),1,1.00,6100\r\n"
        }
        let text = cli.directory.file("invoices.csv")
        try (header + rows.joined() + filler).write(toFile: text, atomically: true, encoding: .utf8)
        #expect(try ProcessRunner.run("/bin/gzip", ["-n", "-f", text]).status == 0)
        var gzip = Array(try Data(contentsOf: URL(fileURLWithPath: text + ".gz")))
        // Damage the deflate stream three quarters of the way in: far past the invoice's rows.
        let damage = gzip.count * 3 / 4
        for index in damage..<(damage + 4_096) { gzip[index] = 0xA5 }
        let sha = SHA256Digest.hex(of: gzip)

        let store = try SQLiteEventStore(path: cli.databasePath)
        var events: [NewEvent] = []
        var offset = header.utf8.count
        for (index, row) in rows.enumerated() {
            events.append(
                try NewEvent(
                    RowParsed(
                        kind: .invoices, fileSha256: sha, path: "invoices/big.csv.gz", row: index + 2,
                        byteOffset: Int64(offset), byteLength: row.utf8.count,
                        fields: ["Invoice ID": "INV-9", "Vendor ID": "V-1", "Line Number": String(index + 1)],
                        normalized: [:], extra: [:]),
                    subject: "invoice:INV-9"))
            offset += row.utf8.count
        }
        try store.commit(EventBatch(events: events, blobs: [Blob(sha256: sha, bytes: gzip)]))
        try store.close()

        let result = try cli.run("audit", "invoice", "INV-9", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let dossier = try cli.json(result)
        let shown = (dossier["rows"] as? [[String: Any]] ?? []).map { $0["originalCSV"] as? String }
        #expect(shown == rows.map { Optional($0) })
    }
}
