import EventLog
import Foundation
import Testing
import Zlib

@testable import Ingest

/// A connection failure, as an SFTP session dropping would raise.
struct DroppedConnection: SourceFailure {
    var isConnectionFailure: Bool { true }
    var isMissingPath: Bool { false }
    var hint: String? { nil }
    var description: String { "connection dropped (injected)" }
}

/// A local source whose connection "drops" when a chosen file is read.
final class DroppingSource: ExportSource {
    let inner: DirectorySource
    var dropsOn: String?
    init(_ inner: DirectorySource, dropsOn: String?) {
        self.inner = inner
        self.dropsOn = dropsOn
    }
    var name: String { inner.name }
    func list(folder: String) throws -> [ExportEntry] { try inner.list(folder: folder) }
    func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        if path == dropsOn { throw DroppedConnection() }
        return try inner.read(path: path, sizeHint: sizeHint, sink: sink)
    }
    func move(from: String, to: String) throws { try inner.move(from: from, to: to) }
    func remove(path: String) throws { try inner.remove(path: path) }
    func makeFolder(path: String) throws { try inner.makeFolder(path: path) }
}

@Suite("Ingest streams files into the log")
struct StreamingIngestTests {
    let exports = TemporaryFolder()
    let data = TemporaryFolder()
    let clock = ManualClock()

    init() {
        for kind in FileKind.allCases {
            try? FileManager.default.createDirectory(
                atPath: exports.path + "/" + kind.rawValue, withIntermediateDirectories: true)
        }
    }

    func settings(_ change: (inout IngestSettings) -> Void = { _ in }) -> IngestSettings {
        var settings = IngestSettings(root: "file://" + exports.path)
        settings.waitForSettle = true
        change(&settings)
        return settings
    }

    /// A vendors export of `rows` rows, several parser slices and spool chunks long.
    func bigVendors(rows: Int) -> String {
        var text = "Vendor ID,Vendor Name,Active\r\n"
        for row in 0..<rows { text += "V\(row),\"Acme, \(row % 97) \"\"Supplies\"\"\",Y\r\n" }
        return text
    }

    @Test func aFileLargerThanTheBuffersCommitsEveryRowWithTheRightCountAndItsBlob() throws {
        let text = bigVendors(rows: 20_000)
        exports.write("vendors/big.csv", text)
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings(), clock: clock).runOnce(store: store, logger: testLogger)
        #expect(report.counts["rowsParsed"] == 20_000)
        let fetched = try #require(try payloads(FileFetched.self, in: store).first)
        #expect(fetched.rowCount == 20_000)
        #expect(fetched.size == Int64(text.utf8.count))
        #expect(fetched.header == ["Vendor ID", "Vendor Name", "Active"])
        #expect(try store.blob(sha256: fetched.sha256) == Array(text.utf8))
        let types = try eventTypes(store)
        #expect(types.count == 20_002)
        #expect(types.prefix(3) == [FileSeen.type, FileFetched.type, RowParsed.type])
        let last = try #require(try payloads(RowParsed.self, in: store).last)
        #expect(last.fields["Vendor Name"] == "Acme, \(19_999 % 97) \"Supplies\"")
        #expect(last.row == 20_001)
        #expect(try store.cursor(Ingestor.consumer) == store.lastSeq())
        #expect(try store.verifyChain(range: nil).isIntact)
    }

    @Test func aConnectionLostAfterTheRowsWereStreamedLeavesNothingOfTheFile() throws {
        // The attachment is read inside the file's transaction, after every row was inserted.
        exports.write("invoices/inv.csv", Samples.invoices)
        exports.write("invoices/inv1.pdf", bytes: [1, 2, 3])
        let store = try makeStore(in: data)
        let source = DroppingSource(DirectorySource(root: exports.path), dropsOn: "invoices/inv1.pdf")
        let ingestor = Ingestor(
            settings: settings { $0.kinds = [.invoices: .standard(.invoices)] }, clock: clock,
            makeSource: { source })
        let first = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(first.counts["filesFetched"] == nil)
        #expect(try eventTypes(store) == [PollFailed.type])
        #expect(try payloads(FileFetched.self, in: store).isEmpty)
        #expect(try store.cursor(Ingestor.consumer) == 1)

        source.dropsOn = nil
        let second = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(second.counts["filesFetched"] == 1)
        #expect(second.counts["attachmentsFetched"] == 1)
        #expect(try payloads(FileFetched.self, in: store).count == 1)
        #expect(try store.verifyChain(range: nil).isIntact)
    }

    @Test func aFileOverTheSizeCapIsRejectedWholeWithoutItsBytes() throws {
        let text = bigVendors(rows: 100)
        exports.write("vendors/big.csv", text)
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings { $0.maximumFileBytes = 1_000 }, clock: clock)
            .runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesRejected"] == 1)
        #expect(try eventTypes(store) == [FileSeen.type, FileRejected.type])
        let rejected = try #require(try payloads(FileRejected.self, in: store).first)
        #expect(rejected.reason.contains("1000-byte limit"))
        #expect(rejected.sha256 == SHA256Digest.hex(of: Array(text.utf8)))
        #expect(try store.hasBlob(sha256: try #require(rejected.sha256)) == false)
    }

    @Test func aRefusedFileKeepsItsBytesForTheOperator() throws {
        exports.write("payments/p.csv", "Payment ID,Amount\nP1,5\n")
        let store = try makeStore(in: data)
        _ = try Ingestor(settings: settings(), clock: clock).runOnce(store: store, logger: testLogger)
        let rejected = try #require(try payloads(FileRejected.self, in: store).first)
        #expect(try store.blob(sha256: try #require(rejected.sha256)) == Array("Payment ID,Amount\nP1,5\n".utf8))
    }

    @Test func aBigGzipExportStreamsThroughInflateWithTheRightRowCount() throws {
        let text = bigVendors(rows: 30_000)
        exports.write("vendors/big.csv.gz", bytes: try gzip(Array(text.utf8)))
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings(), clock: clock).runOnce(store: store, logger: testLogger)
        #expect(report.counts["rowsParsed"] == 30_000)
        let fetched = try #require(try payloads(FileFetched.self, in: store).first)
        #expect(fetched.isGzip && fetched.rowCount == 30_000)
    }
}
