import EventLog
import Foundation
import Logging

/// One run of ``Ingestor/runOnce(store:logger:)``: connect with backoff, list, settle, ingest, archive.
struct IngestRun {
    /// A file found ready, with its evidence.
    struct ReadyFile {
        var kind: FileKind
        var folder: String
        var entry: ExportEntry
        var path: String
        var readiness: String
        var first: FileSeen.Listing
        var second: FileSeen.Listing?
        /// Names present in the same folder (for attachments and markers).
        var siblings: [String: ExportEntry]
    }

    /// Stops the run: the connection is gone or could not be made.
    struct Abort: Error {
        var failure: any Error
        /// Connection attempts made, for ``PollFailed/attempts``.
        var attempts = 1
    }

    let ingestor: Ingestor
    let store: any EventStore
    var logger: Logger
    var report = StageReport(stage: Ingestor.consumer)
    var source: (any ExportSource)?

    init(ingestor: Ingestor, store: any EventStore, logger: Logger) {
        self.ingestor = ingestor
        self.store = store
        self.logger = logger
        self.logger[metadataKey: "stage"] = "ingest"
    }

    var settings: IngestSettings { ingestor.settings }

    mutating func execute() throws {
        defer {
            source = nil
            report.cursor = (try? store.cursor(Ingestor.consumer)) ?? report.cursor
        }
        do {
            source = try connectWithBackoff()
            var ready = try poll()
            if settings.waitForSettle && report.counts["filesPending", default: 0] > 0 {
                let wait = pendingWait
                logger.info("waiting for files to settle", metadata: ["seconds": "\(wait)"])
                ingestor.sleep(wait)
                report.counts["filesPending"] = 0
                pendingWait = 0
                ready = try poll()
            }
            for file in ready {
                try ingest(file)
            }
        } catch let abort as Abort {
            try recordFailure(abort.failure, path: nil, attempts: abort.attempts)
        }
    }

    private var pendingWait: TimeInterval = 0
    /// Folders whose listing failed in this run (recorded once even when the run lists twice).
    private var failedFolders: Set<String> = []

    /// Connects, retrying connection failures with exponential backoff and jitter.
    private mutating func connectWithBackoff() throws -> any ExportSource {
        var backoff = settings.backoff
        while true {
            do {
                return try ingestor.connect()
            } catch let failure as any SourceFailure where failure.isConnectionFailure {
                switch backoff.next(random: ingestor.nextRandom) {
                case .retry(let delay):
                    logger.info(
                        "connection failed; retrying", metadata: ["error": "\(failure)", "seconds": "\(delay)"])
                    ingestor.sleep(delay)
                case .giveUp:
                    throw Abort(failure: failure, attempts: backoff.failures)
                }
            } catch {
                throw Abort(failure: error, attempts: backoff.failures + 1)
            }
        }
    }

    /// Lists every kind's folder once and returns the files that are ready.
    private mutating func poll() throws -> [ReadyFile] {
        var ready: [ReadyFile] = []
        for kind in FileKind.allCases {
            guard let kindSettings = settings.kinds[kind], let source else { continue }
            let folder = kindSettings.folder
            let entries: [ExportEntry]
            do {
                entries = try source.list(folder: folder)
            } catch let failure as any SourceFailure where !failure.isConnectionFailure {
                if failedFolders.insert(folder).inserted { try recordFailure(failure, path: folder, attempts: 1) }
                continue
            } catch {
                throw Abort(failure: error)
            }
            let siblings = Dictionary(entries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
            var present: Set<String> = []
            for entry in entries
            where entry.isRegularFile && FileNameRule.isCandidate(entry.name, globs: kindSettings.globs) {
                let path = joinPath(folder, entry.name)
                present.insert(path)
                if try isAlreadyHandled(path: path, entry: entry) {
                    report.count("filesUnchanged")
                    continue
                }
                if settings.usesDoneMarkers {
                    guard siblings[entry.name + FileNameRule.markerSuffix] != nil else {
                        report.count("filesPending")
                        continue
                    }
                    let listing = FileSeen.Listing(
                        size: entry.size, mtime: entry.mtime, listedAt: SystemEventClock.format(ingestor.now))
                    ready.append(
                        ReadyFile(
                            kind: kind, folder: folder, entry: entry, path: path, readiness: "marker", first: listing,
                            second: nil, siblings: siblings))
                    continue
                }
                switch ingestor.observe(kind: kind, path: path, entry: entry) {
                case .ready(let first, let second):
                    ready.append(
                        ReadyFile(
                            kind: kind, folder: folder, entry: entry, path: path, readiness: "settled", first: first,
                            second: second, siblings: siblings))
                case .pending(let after):
                    report.count("filesPending")
                    pendingWait = max(pendingWait, after)
                }
            }
            ingestor.forget(kind: kind, folder: joinPath(folder, ""), except: present)
        }
        return ready
    }

    /// True when this exact listing (path, size, mtime) was already turned into events, so a kept file
    /// is not fetched again on every poll. A re-export under the same name changes size or mtime.
    ///
    /// With `after_ingest = move | delete` the file is handled only once its archive step was recorded
    /// (moved, deleted, or a ``FileArchived`` naming why not): a stop between the file's commit and the move
    /// leaves it listed, and it goes through once more — fetched, skipped as duplicate content, then moved.
    private func isAlreadyHandled(path: String, entry: ExportEntry) throws -> Bool {
        let seen = try store.events(subject: "file:\(path)", types: [FileSeen.type])
        guard let last = seen.last else { return false }
        let payload = try last.decode(FileSeen.self)
        let listing = payload.secondListing ?? payload.firstListing
        guard payload.source == ingestor.sourceName && listing.size == entry.size && listing.mtime == entry.mtime
        else { return false }
        guard settings.afterIngest != .keep else { return true }
        return try wasArchived(path: path, after: last.seq)
    }

    /// Whether an archive attempt for `path` was recorded after event `seq`.
    private func wasArchived(path: String, after seq: Int64) throws -> Bool {
        var cursor = seq
        while true {
            let page = try store.events(types: [FileArchived.type], after: cursor, limit: Self.archivePageSize)
            for event in page where try event.decode(FileArchived.self).path == path { return true }
            guard page.count == Self.archivePageSize, let next = page.last?.seq else { return false }
            cursor = next
        }
    }

    /// Archive events read per query while looking for a file's archive step.
    private static let archivePageSize = 500

    /// Appends a ``PollFailed`` and notes the error in the report.
    mutating func recordFailure(_ failure: any Error, path: String?, attempts: Int) throws {
        let hint = (failure as? any SourceFailure)?.hint
        let text = "\(failure)"
        logger.info("poll failed", metadata: ["error": "\(text)", "file.path": "\(path ?? "")"])
        report.errors.append(hint.map { "\(text) — \($0)" } ?? text)
        report.count("pollFailures")
        let payload = PollFailed(source: ingestor.sourceName, path: path, error: text, hint: hint, attempts: attempts)
        try commit([try NewEvent(payload, subject: "source:\(ingestor.sourceName)")], blobs: [])
    }

    /// Commits events and blobs with this stage's cursor move, in one transaction.
    mutating func commit(_ events: [NewEvent], blobs: [Blob]) throws {
        let from = try store.cursor(Ingestor.consumer)
        let to = try store.lastSeq() + Int64(events.count)
        try store.commit(
            EventBatch(
                events: events, blobs: blobs, cursorMoves: [CursorMove(consumer: Ingestor.consumer, from: from, to: to)]
            ))
        report.appended += events.count
        report.cursor = to
    }
}
