import EventLog
import Foundation
import TestSupport
import Testing

@testable import Ingest

/// Against a real OpenSSH sshd on 127.0.0.1 (started and stopped by each test).
@Suite("SFTP against a real sshd", .enabled(if: SSHDServer.isConfigured), .serialized)
struct SFTPIntegrationTests {
    let data = TemporaryFolder()
    let clock = ManualClock()

    func sftpSettings(_ server: SSHDServer, authentication: SFTPSettings.Authentication = .password) -> SFTPSettings {
        var sftp = SFTPSettings(
            host: "127.0.0.1", port: server.port, username: SSHDServer.username, hostKeySHA256: server.fingerprint)
        sftp.authentication = authentication
        sftp.connectTimeout = 5
        sftp.operationTimeout = 10
        return sftp
    }

    func settings(_ server: SSHDServer, _ change: (inout IngestSettings) -> Void = { _ in }) -> IngestSettings {
        var settings = IngestSettings(root: "")
        settings.sftp = sftpSettings(server)
        settings.waitForSettle = true
        settings.backoff = Backoff(initialDelay: 0.01, maximumDelay: 0.02, maximumAttempts: 2)
        change(&settings)
        return settings
    }

    static func passwordSecrets(_ name: SecretName) -> Secret? {
        name == .sftpPassword ? Secret(SSHDServer.password) : nil
    }

    func prepareKinds(_ server: SSHDServer) throws {
        for kind in FileKind.allCases { try server.makeFolder(kind.rawValue) }
    }

    @Test func fingerprintProbeReturnsTheServersHostKeyWithoutLoggingIn() throws {
        let server = try SSHDServer()
        let key = try SFTPProbe.fingerprint(host: "127.0.0.1", port: server.port, timeout: 5)
        #expect(key.fingerprint == server.fingerprint)
        #expect(key.type == "ssh-ed25519")
    }

    @Test func passwordLoginIngestsAllFiveKindsIncludingGzip() throws {
        let server = try SSHDServer()
        try prepareKinds(server)
        try server.write("invoices/inv.csv", bytes: Array(Samples.invoices.utf8))
        try server.write("vendors/v.csv", bytes: Array(Samples.vendors.utf8))
        try server.write("gl_accounts/gl.csv.gz", bytes: try gzip(Array(Samples.glAccounts.utf8)))
        try server.write("purchase_orders/po.csv", bytes: Array(Samples.purchaseOrders.utf8))
        try server.write("payments/pay.csv", bytes: Array(Samples.payments.utf8))
        try server.write("payments/.hidden.csv", bytes: Array(Samples.payments.utf8))
        try server.write("payments/pay2.csv.part", bytes: Array(Samples.payments.utf8))
        let store = try makeStore(in: data)
        let ingestor = Ingestor(settings: settings(server), secrets: Self.passwordSecrets, clock: clock)
        let report = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.counts["filesFetched"] == 5)
        #expect(report.counts["rowsParsed"] == 7)
        let fetched = try payloads(FileFetched.self, in: store)
        #expect(Set(fetched.map(\.kind)) == Set(FileKind.allCases))
        #expect(fetched.allSatisfy { $0.source.hasPrefix("sftp://\(SSHDServer.username)@127.0.0.1:") })
        #expect(!fetched.contains { $0.path.contains(".hidden") || $0.path.hasSuffix(".part") })
    }

    @Test func ed25519KeyLoginWorks() throws {
        let server = try SSHDServer()
        try prepareKinds(server)
        try server.write("vendors/v.csv", bytes: Array(Samples.vendors.utf8))
        let key = try String(contentsOfFile: server.ed25519KeyPath, encoding: .utf8)
        let source = try SFTPSource(
            settings: sftpSettings(server, authentication: .privateKey), root: "",
            secrets: { $0 == .sftpPrivateKey ? Secret(key) : nil })
        #expect(try source.list(folder: "vendors").map(\.name) == ["v.csv"])
    }

    @Test func anRSAKeyLoginFailsWithTheRsaSha2Explanation() throws {
        let server = try SSHDServer()
        let key = try String(contentsOfFile: server.rsaKeyPath, encoding: .utf8)
        let error = try #require(throws: SFTPError.self) {
            _ = try SFTPSource(
                settings: sftpSettings(server, authentication: .privateKey), root: "",
                secrets: { $0 == .sftpPrivateKey ? Secret(key) : nil })
        }
        #expect(error.kind == .authenticationFailed)
        #expect(error.code < 0)
        #expect(error.hint?.contains("rsa-sha2") == true)
        #expect(error.hint?.contains("ed25519") == true)
    }

    @Test func anRSAOnlyServerFailsTheHandshakeWithTheRsaSha2Explanation() throws {
        let server = try SSHDServer(hostKeyType: "rsa")
        let error = try #require(throws: SFTPError.self) {
            _ = try SFTPSource(settings: sftpSettings(server), root: "", secrets: Self.passwordSecrets)
        }
        #expect(error.kind == .handshakeFailed, "\(error)")
        #expect(error.hint?.contains("rsa-sha2") == true)
        #expect(error.hint?.contains("ed25519") == true)
    }

    @Test func aWrongHostKeyIsRefusedBeforeAnyCredentialIsRead() throws {
        let server = try SSHDServer()
        var sftp = sftpSettings(server)
        sftp.hostKeySHA256 = "SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
        nonisolated(unsafe) var secretsAsked = 0
        let error = try #require(throws: SFTPError.self) {
            _ = try SFTPSource(
                settings: sftp, root: "",
                secrets: { _ in
                    secretsAsked += 1
                    return Secret(SSHDServer.password)
                })
        }
        #expect(error.kind == .hostKeyMismatch)
        #expect(error.description.contains(server.fingerprint))
        #expect(error.hint?.contains("sftp fingerprint") == true)
        #expect(secretsAsked == 0)
        #expect(!server.log.contains("Failed password") && !server.log.contains("Accepted"))
    }

    @Test func anEmptyPinnedHostKeyFailsClosed() throws {
        let server = try SSHDServer()
        var sftp = sftpSettings(server)
        sftp.hostKeySHA256 = ""
        let error = try #require(throws: SFTPError.self) {
            _ = try SFTPSource(settings: sftp, root: "", secrets: Self.passwordSecrets)
        }
        #expect(error.kind == .hostKeyMismatch)
    }

    @Test func aWrongPasswordGivesAClearError() throws {
        let server = try SSHDServer()
        let error = try #require(throws: SFTPError.self) {
            _ = try SFTPSource(settings: sftpSettings(server), root: "", secrets: { _ in Secret("wrong") })
        }
        #expect(error.kind == .authenticationFailed)
        #expect(error.code == -18)
        #expect(error.message.contains("refused the password"))
        #expect(error.hint?.contains("sftp-password") == true)
        #expect(!error.description.contains("wrong"))
    }

    @Test func aRefusedConnectionIsRetriedThenReportedAsAPollFailure() throws {
        let port = try SSHDServer.freePort()
        var settings = IngestSettings(root: "")
        settings.sftp = SFTPSettings(host: "127.0.0.1", port: port, username: "x", hostKeySHA256: "SHA256:x")
        settings.backoff = Backoff(initialDelay: 1, maximumDelay: 8, maximumAttempts: 3)
        let store = try makeStore(in: data)
        let report = try Ingestor(settings: settings, clock: clock, random: { 1 }).runOnce(
            store: store, logger: testLogger)
        #expect(clock.sleeps == [1, 2])
        #expect(report.counts["pollFailures"] == 1)
        let failure = try #require(try payloads(PollFailed.self, in: store).first)
        #expect(failure.attempts == 3)
        #expect(failure.error.contains("Connection refused"))
        #expect(failure.hint?.contains("port") == true)
    }

    @Test func aMissingFolderIsNamed() throws {
        let server = try SSHDServer()
        let source = try SFTPSource(settings: sftpSettings(server), root: "", secrets: Self.passwordSecrets)
        let error = try #require(throws: SFTPError.self) { _ = try source.list(folder: "nowhere") }
        #expect(error.kind == .noSuchPath)
        #expect(error.code == -31)
        #expect(error.sftpStatus == 2)
        #expect(error.path == "nowhere")
    }

    @Test func moveArchivesCommittedFilesOnTheServer() throws {
        let server = try SSHDServer()
        try prepareKinds(server)
        try server.write("vendors/v.csv", bytes: Array(Samples.vendors.utf8))
        let store = try makeStore(in: data)
        let ingestor = Ingestor(
            settings: settings(server) { $0.afterIngest = .move }, secrets: Self.passwordSecrets, clock: clock)
        let report = try ingestor.runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesArchived"] == 1, "\(report)")
        #expect(FileManager.default.fileExists(atPath: server.root + "/vendors/processed/v.csv"))
        #expect(!FileManager.default.fileExists(atPath: server.root + "/vendors/v.csv"))
    }

    @Test func sshdKilledMidTransferIsReportedAndTheNextRunIngestsTheFileExactlyOnce() throws {
        let server = try SSHDServer()
        try prepareKinds(server)
        // ~8 MB: many read buffers, so the kill lands mid-transfer.
        var text = "GL Code,GL Name,GL Type,Active\n"
        for index in 0..<200_000 { text += "GL\(index),Account number \(index),Expense,Y\n" }
        try server.write("gl_accounts/big.csv", bytes: Array(text.utf8))
        let store = try makeStore(in: data)
        var settings = settings(server)
        settings.sftp.readBufferBytes = 64 * 1024
        let plain = Ingestor(settings: settings, secrets: Self.passwordSecrets, clock: clock)

        nonisolated(unsafe) var chunks = 0
        let killing = Ingestor(
            settings: settings, secrets: Self.passwordSecrets, clock: clock,
            makeSource: {
                KillingSource(
                    inner: try SFTPSource(settings: settings.sftp, root: "", secrets: Self.passwordSecrets),
                    onChunk: {
                        chunks += 1
                        if chunks == 2 { server.kill() }
                    })
            })
        let broken = try killing.runOnce(store: store, logger: testLogger)
        #expect(broken.errors.count == 1)
        #expect(broken.counts["filesFetched"] == nil)
        #expect(try payloads(FileFetched.self, in: store).isEmpty)
        #expect(try payloads(RowParsed.self, in: store).isEmpty)
        let failure = try #require(try payloads(PollFailed.self, in: store).first)
        #expect(failure.hint?.contains("next run") == true, "\(failure)")

        try server.start()
        let report = try plain.runOnce(store: store, logger: testLogger)
        #expect(report.counts["filesFetched"] == 1, "\(report)")
        _ = try plain.runOnce(store: store, logger: testLogger)
        #expect(try payloads(FileFetched.self, in: store).count == 1)
        #expect(try store.count(after: 0, types: [RowParsed.type]) == 200_000)
    }
}

/// Wraps a source and calls `onChunk` for every chunk read (to inject a crash mid-transfer).
final class KillingSource: ExportSource {
    let inner: any ExportSource
    let onChunk: () -> Void
    init(inner: any ExportSource, onChunk: @escaping () -> Void) {
        self.inner = inner
        self.onChunk = onChunk
    }
    var name: String { inner.name }
    func list(folder: String) throws -> [ExportEntry] { try inner.list(folder: folder) }
    func read(path: String, sizeHint: Int64?, sink: (UnsafeRawBufferPointer) throws -> Void) throws -> Int64 {
        try inner.read(path: path, sizeHint: sizeHint) { chunk in
            onChunk()
            try sink(chunk)
        }
    }
    func move(from: String, to: String) throws { try inner.move(from: from, to: to) }
    func remove(path: String) throws { try inner.remove(path: path) }
    func makeFolder(path: String) throws { try inner.makeFolder(path: path) }
}
