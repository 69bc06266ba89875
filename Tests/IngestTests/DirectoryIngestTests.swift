import EventLog
import Foundation
import TestSupport
import Testing
import Zlib

@testable import Ingest

/// A source that records which files were read, around a real ``DirectorySource``.
final class RecordingSource: ExportSource {
    let inner: DirectorySource
    private(set) var reads: [String] = []
    init(_ inner: DirectorySource) { self.inner = inner }
    var name: String { inner.name }
    func list(folder: String) throws -> [ExportEntry] { try inner.list(folder: folder) }
    func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        reads.append(path)
        return try inner.read(path: path, sizeHint: sizeHint, sink: sink)
    }
    func move(from: String, to: String) throws { try inner.move(from: from, to: to) }
    func remove(path: String) throws { try inner.remove(path: path) }
    func makeFolder(path: String) throws { try inner.makeFolder(path: path) }
}

@Suite("Ingestor on a local folder")
struct DirectoryIngestTests {
    let exports = TemporaryFolder()
    let data = TemporaryFolder()
    let clock = ManualClock()

    init() {
        for kind in FileKind.allCases {
            try? FileManager.default.createDirectory(
                atPath: exports.path + "/" + kind.rawValue, withIntermediateDirectories: true)
        }
    }

    /// An ingestor that waits for files to settle and then moves or deletes them.
    func archivingIngestor(_ action: IngestSettings.AfterIngest) -> Ingestor {
        Ingestor(
            settings: settings {
                $0.waitForSettle = true
                $0.afterIngest = action
            }, clock: clock)
    }

    func settings(_ change: (inout IngestSettings) -> Void = { _ in }) -> IngestSettings {
        var settings = IngestSettings(root: "file://" + exports.path)
        change(&settings)
        return settings
    }

    func writeAllKinds() {
        exports.write("invoices/inv.csv", Samples.invoices)
        exports.write("vendors/v.csv", Samples.vendors)
        exports.write("gl_accounts/gl.csv", Samples.glAccounts)
        exports.write("purchase_orders/po.csv", Samples.purchaseOrders)
        exports.write("payments/pay.csv", Samples.payments)
    }

    @Test func ingestsAllFiveKindsOnceTheyHaveSettledAcrossTwoRuns() throws {
        writeAllKinds()
        let store = try makeStore(in: data)
        let ingestor = Ingestor(settings: settings(), clock: clock)
        let first = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(first.counts["filesPending"] == 5)
        #expect(try store.lastSeq() == 0)
        clock.advance(30)
        let second = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(second.counts["filesFetched"] == 5)
        #expect(second.counts["rowsParsed"] == 7)
        #expect(second.errors.isEmpty)
        let fetched = try payloads(FileFetched.self, in: store)
        #expect(Set(fetched.map(\.kind)) == Set(FileKind.allCases))
        for file in fetched { #expect(try store.hasBlob(sha256: file.sha256)) }
        #expect(try eventTypes(store).prefix(4) == [FileSeen.type, FileFetched.type, RowParsed.type, RowParsed.type])
        let seen = try payloads(FileSeen.self, in: store)
        #expect(seen.allSatisfy { $0.readiness == "settled" && $0.secondListing != nil })
        #expect(try store.cursor(Ingestor.consumer) == store.lastSeq())
        #expect(try store.verifyChain(range: nil).isIntact)

        // A third run adds nothing: the kept files are recognised by their listing.
        let before = try store.lastSeq()
        clock.advance(60)
        let third = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(try store.lastSeq() == before)
        #expect(third.counts["filesUnchanged"] == 5)
    }

    @Test func aOneShotRunWaitsForTheSettleIntervalWhenAskedTo() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        let store = try makeStore(in: data)
        let ingestor = Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock)
        let report = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesFetched"] == 1)
        #expect(clock.sleeps == [30])
    }

    @Test func aFileStillGrowingIsNotReadUntilItSettles() throws {
        exports.write("vendors/v.csv", bytes: Array(Samples.vendors.prefix(40).utf8), mtime: 1_000)
        let store = try makeStore(in: data)
        let source = RecordingSource(DirectorySource(root: exports.path))
        let ingestor = Ingestor(settings: settings(), clock: clock, makeSource: { source })
        _ = try ingestor.runOnce(store: store, logger: testLogger)
        clock.advance(31)
        exports.write("vendors/v.csv", bytes: Array(Samples.vendors.utf8), mtime: 1_031)
        let growing = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(growing.counts["filesPending"] == 1)
        #expect(source.reads.isEmpty)
        clock.advance(31)
        let settled = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(settled.counts["filesFetched"] == 1)
        #expect(source.reads == ["vendors/v.csv"])
        #expect(try payloads(RowParsed.self, in: store).count == 1)
    }

    @Test func neverReadsHiddenOrPartialFiles() throws {
        for name in [".hidden.csv", "v.csv.tmp", "v.csv.part", "v.csv.filepart"] {
            exports.write("vendors/\(name)", Samples.vendors)
        }
        exports.write("vendors/real.csv", Samples.vendors)
        let store = try makeStore(in: data)
        let source = RecordingSource(DirectorySource(root: exports.path))
        let ingestor = Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock, makeSource: { source })
        _ = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(source.reads == ["vendors/real.csv"])
        #expect(try payloads(FileSeen.self, in: store).map(\.path) == ["vendors/real.csv"])
    }

    @Test func readsAGzipExport() throws {
        exports.write("gl_accounts/gl.csv.gz", bytes: try gzip(Array(Samples.glAccounts.utf8)))
        let store = try makeStore(in: data)
        _ = try Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock).runOnce(
            store: store, logger: testLogger)
        let fetched = try #require(try payloads(FileFetched.self, in: store).first)
        #expect(fetched.isGzip)
        #expect(fetched.rowCount == 2)
        #expect(try payloads(RowParsed.self, in: store).map { $0.fields["GL Code"] } == ["6100", "6200-NY"])
        // The row's offset points into the decompressed file kept as a blob.
        let blob = try #require(try store.blob(sha256: fetched.sha256))
        let plain = try Inflater.decompress(blob, format: .gzip, maximumOutputBytes: 1 << 20)
        let row = try #require(try payloads(RowParsed.self, in: store).last)
        let original = plain[Int(row.byteOffset)..<Int(row.byteOffset) + row.byteLength]
        #expect(String(decoding: original, as: UTF8.self) == "6200-NY,Rent,Expense,Y")
    }

    @Test func aTruncatedGzipFileIsRejectedWhole() throws {
        let compressed = try gzip(Array(Samples.glAccounts.utf8))
        exports.write("gl_accounts/gl.csv.gz", bytes: Array(compressed.prefix(compressed.count - 12)))
        let store = try makeStore(in: data)
        _ = try Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock)
            .runOnce(store: store, logger: testLogger)
        #expect(try eventTypes(store) == [FileSeen.type, FileRejected.type])
        #expect(try payloads(FileRejected.self, in: store).first?.reason.contains("gzip") == true)
    }

    @Test func aReExportUnderANewNameAddsNoRows() throws {
        exports.write("vendors/v1.csv", Samples.vendors)
        let store = try makeStore(in: data)
        let ingestor = Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock)
        _ = try ingestor.runOnce(store: store, logger: testLogger)
        exports.write("vendors/v2-renamed.csv", Samples.vendors)
        let report = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesSkipped"] == 1)
        #expect(try payloads(RowParsed.self, in: store).count == 1)
        let skipped = try #require(try payloads(FileSkipped.self, in: store).first)
        #expect(skipped.path == "vendors/v2-renamed.csv")
        #expect(skipped.reason == "duplicate-content")
        #expect(skipped.originalSeq == 2)
    }

    @Test func moveActsOnlyOnCommittedFiles() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        // A crash or a full disk while the file's rows are committed.
        let failing = ForwardingEventStore(try makeStore(in: data))
        failing.beforeCommit = { batch in
            if batch.events.contains(where: { $0.type == RowParsed.type }) {
                throw EventLogError(kind: .diskFull, operation: "append", message: "injected failure")
            }
        }
        let ingestor = archivingIngestor(.move)
        #expect(throws: EventLogError.self) { try ingestor.runOnce(store: failing, logger: testLogger) }
        #expect(exports.exists("vendors/v.csv"))
        #expect(try failing.lastSeq() == 0)

        failing.beforeCommit = { _ in }
        let report = try ingestor.runOnce(store: failing, logger: testLogger)
        #expect(report.counts["filesArchived"] == 1)
        #expect(!exports.exists("vendors/v.csv"))
        #expect(exports.exists("vendors/processed/v.csv"))
        let archived = try #require(try payloads(FileArchived.self, in: failing).first)
        #expect(archived.destination == "vendors/processed/v.csv" && archived.error == nil)
    }

    @Test func aFileCommittedButNotYetMovedIsMovedByTheNextRunWithoutNewRows() throws {
        // A stop between a file's commit and its move leaves the same listing behind: committed with
        // `keep` stands in for that moment.
        exports.write("vendors/v.csv", Samples.vendors)
        let store = try makeStore(in: data)
        _ = try Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock)
            .runOnce(store: store, logger: testLogger)
        #expect(exports.exists("vendors/v.csv"))
        let mover = archivingIngestor(.move)
        let report = try mover.runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesArchived"] == 1)
        #expect(report.counts["filesSkipped"] == 1)
        #expect(!exports.exists("vendors/v.csv"))
        #expect(exports.exists("vendors/processed/v.csv"))
        #expect(try payloads(RowParsed.self, in: store).count == 1)
        #expect(try payloads(FileSkipped.self, in: store).first?.reason == "duplicate-content")
        let last = try store.lastSeq()
        _ = try mover.runOnce(store: store, logger: testLogger)
        #expect(try store.lastSeq() == last)
    }

    @Test func aFailedArchiveIsAnEventAndTheFileStays() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        exports.write("vendors/processed/v.csv", "already here")
        let store = try makeStore(in: data)
        let ingestor = archivingIngestor(.move)
        let report = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(report.counts["archiveFailures"] == 1)
        #expect(exports.exists("vendors/v.csv"))
        #expect(try payloads(FileArchived.self, in: store).first?.error?.contains("exist") == true)
        // Recorded once, not on every poll: the failed move counts as the file's archive step.
        let last = try store.lastSeq()
        let again = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(again.counts["filesUnchanged"] == 1)
        #expect(try store.lastSeq() == last)
    }

    @Test func deleteRemovesTheFileAfterCommit() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        let store = try makeStore(in: data)
        let ingestor = archivingIngestor(.delete)
        _ = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(!exports.exists("vendors/v.csv"))
        #expect(try payloads(FileArchived.self, in: store).first?.action == "delete")
    }

    @Test func doneMarkersMakeAFileReadyWithoutWaiting() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        exports.write("vendors/w.csv", Samples.vendors + "V2,Other,,,,,,,,,,,,,,\n")
        exports.write("vendors/v.csv.done", "")
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings { $0.usesDoneMarkers = true }, clock: clock)
            .runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesFetched"] == 1)
        #expect(report.counts["filesPending"] == 1)
        #expect(try payloads(FileSeen.self, in: store).first?.readiness == "marker")
        #expect(clock.sleeps.isEmpty)
    }

    @Test func aFileMissingARequiredColumnIsRejectedWholeAndNamesIt() throws {
        exports.write("payments/p.csv", "Payment ID,Amount\nP1,5\n")
        let store = try makeStore(in: data)
        _ = try Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock).runOnce(
            store: store, logger: testLogger)
        #expect(try eventTypes(store) == [FileSeen.type, FileRejected.type])
        #expect(try payloads(FileRejected.self, in: store).first?.column == "Invoice ID")
    }

    @Test func fetchesAttachmentsNamedByAnInvoicesFileInTheSameTransaction() throws {
        exports.write("invoices/inv.csv", Samples.invoices)
        exports.write("invoices/inv1.pdf", bytes: [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF])
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings { $0.waitForSettle = true }, clock: clock)
            .runOnce(store: store, logger: testLogger)
        #expect(report.counts["attachmentsFetched"] == 1)
        let attachment = try #require(try payloads(AttachmentFetched.self, in: store).first)
        #expect(attachment.fileName == "inv1.pdf" && attachment.size == 6)
        #expect(try store.blob(sha256: attachment.sha256) == [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF])
        #expect(try eventTypes(store).last == AttachmentFetched.type)
    }

    @Test func aMissingFolderIsAPollFailureAndOtherKindsGoOn() throws {
        exports.write("vendors/v.csv", Samples.vendors)
        let store = try makeStore(in: data)
        let report = try Ingestor(
            settings: settings {
                $0.waitForSettle = true
                $0.kinds = [.vendors: .standard(.vendors), .payments: .init(folder: "nowhere/")]
            }, clock: clock
        ).runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesFetched"] == 1)
        let failures = try payloads(PollFailed.self, in: store)
        #expect(failures.count == 1)
        let failure = try #require(failures.first)
        #expect(failure.path == "nowhere/")
        #expect(failure.hint?.contains("folder") == true)
    }
}

/// Gzip-compresses bytes (RFC 1952): the raw deflate stream inside zlib's output, framed with a gzip
/// header and a CRC-32/size trailer. Built here so tests spawn no process.
func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
    let zlib = try Deflater.compress(bytes)
    let deflate = zlib[2..<(zlib.count - 4)]
    var out: [UInt8] = [0x1F, 0x8B, 0x08, 0, 0, 0, 0, 0, 0, 0xFF]
    out += deflate
    let crc = crc32(bytes)
    let size = UInt32(truncatingIfNeeded: bytes.count)
    for value in [crc, size] {
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
    return out
}

/// CRC-32 (IEEE 802.3, reflected, as gzip uses).
func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}
