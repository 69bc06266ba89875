package import EventLog
import Foundation
package import Logging

/// The Ingest stage: polls the export folders, decides which files are ready, and turns each ready file
/// into one committed batch of events (``FileSeen``, ``FileFetched`` or ``FileRejected``, its
/// ``RowParsed``/``RowRejected`` and ``AttachmentFetched``), then archives it per `after_ingest`.
///
/// Keep one `Ingestor` alive across polls (`run --every`): it remembers each file's first listing, so a
/// file settles between two runs. Not thread-safe; one run at a time.
package final class Ingestor {
    /// The consumer name of this stage's cursor.
    package static let consumer = "ingest"

    package let settings: IngestSettings
    private let secrets: (SecretName) throws -> Secret?
    private let clock: any IngestClock
    private let random: () -> Double
    private let makeSource: (() throws -> any ExportSource)?
    private var trackers: [FileKind: ReadinessTracker] = [:]

    /// Creates the stage.
    /// - Parameters:
    ///   - settings: folders, formats, source and limits.
    ///   - secrets: looks up `sftp-password`, `sftp-private-key`, `sftp-key-passphrase` (only for SFTP).
    ///   - clock: time for settle intervals and retry waits.
    ///   - random: a source of values in 0..<1 for backoff jitter.
    ///   - makeSource: overrides the source built from ``IngestSettings/root`` (tests).
    package init(
        settings: IngestSettings, secrets: @escaping (SecretName) throws -> Secret? = { _ in nil },
        clock: any IngestClock = SystemIngestClock(), random: @escaping () -> Double = { Double.random(in: 0..<1) },
        makeSource: (() throws -> any ExportSource)? = nil
    ) {
        self.settings = settings
        self.secrets = secrets
        self.clock = clock
        self.random = random
        self.makeSource = makeSource
    }

    /// Creates the stage reading secrets from a ``SecretStore``.
    package convenience init(
        settings: IngestSettings, secretStore: SecretStore?, clock: any IngestClock = SystemIngestClock()
    ) {
        self.init(settings: settings, secrets: { name in try secretStore?.get(name) }, clock: clock)
    }

    /// Polls every configured kind once and ingests the files that are ready.
    ///
    /// Remote failures (unreachable server, authentication, host key, a transfer cut off) are appended as
    /// ``PollFailed`` and listed in the report's `errors`; files not finished are read again next run.
    /// - Returns: counters `filesFetched`, `filesSkipped`, `filesRejected`, `filesPending`, `rowsParsed`,
    ///   `rowsRejected`, `attachmentsFetched`, `filesArchived`, `archiveFailures`, `pollFailures`.
    /// - Throws: ``EventLogError`` when the event store fails (the only thing that stops the stage).
    package func runOnce(store: any EventStore, logger: Logger) throws -> StageReport {
        var run = IngestRun(ingestor: self, store: store, logger: logger)
        try run.execute()
        return run.report
    }

    // MARK: Used by IngestRun

    var sourceName: String {
        if settings.isLocal { return settings.root }
        let sftp = settings.sftp
        return "sftp://\(sftp.username)@\(sftp.host):\(sftp.port)/\(settings.root)"
    }

    func connect() throws -> any ExportSource {
        if let makeSource { return try makeSource() }
        if settings.isLocal {
            return DirectorySource(root: String(settings.root.dropFirst("file://".count)))
        }
        return try SFTPSource(settings: settings.sftp, root: settings.root, secrets: secrets)
    }

    func observe(kind: FileKind, path: String, entry: ExportEntry) -> ReadinessTracker.Decision {
        var tracker = trackers[kind] ?? ReadinessTracker(settleInterval: settings.settleSeconds)
        let decision = tracker.observe(path: path, size: entry.size, mtime: entry.mtime, at: clock.now())
        trackers[kind] = tracker
        return decision
    }

    func forget(kind: FileKind, path: String) { trackers[kind]?.forget(path) }

    func forget(kind: FileKind, folder: String, except present: Set<String>) {
        trackers[kind]?.forget(in: folder, except: present)
    }

    var now: Date { clock.now() }

    func sleep(_ seconds: TimeInterval) { clock.sleep(seconds: seconds) }

    func nextRandom() -> Double { random() }
}

@available(*, unavailable) extension Ingestor: Sendable {}
