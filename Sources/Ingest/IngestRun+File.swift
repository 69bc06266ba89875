import EventLog
import Foundation
import Logging

extension IngestRun {
    /// Fetches, identifies, parses and commits one ready file, then archives it.
    ///
    /// Memory stays bounded whatever the file's size: the file is copied to a ``SpoolFile`` while it is
    /// hashed and checked (first pass: structure, header and row count), then read once more, its rows
    /// and its blob streamed into ONE ``EventStore/commitStreaming(cursorMoves:_:)`` transaction.
    mutating func ingest(_ file: ReadyFile) throws {
        guard let source else { return }
        var fileLogger = logger
        fileLogger[metadataKey: "file.path"] = "\(file.path)"
        let sourceName = ingestor.sourceName
        let seen = FileSeen(
            source: sourceName, kind: file.kind, path: file.path, readiness: file.readiness, firstListing: file.first,
            secondListing: file.second)
        let seenEvent = try NewEvent(seen, subject: "file:\(file.path)")
        let isGzip = file.entry.name.lowercased().hasSuffix(".gz")
        let template = settings.kinds[file.kind, default: .standard(file.kind)].template(for: file.kind)

        // 1. Fetch into the spool file, hashing and checking the structure as the bytes arrive.
        let fetched: FetchedFile
        do {
            fetched = try fetch(file, isGzip: isGzip, template: template)
        } catch let failure as any SourceFailure where !failure.isConnectionFailure {
            try recordFailure(failure, path: file.path, attempts: 1)
            return
        } catch let error as EventLogError {
            throw error
        } catch {
            // The connection dropped mid-transfer: nothing of this file is written; the next run reads it again.
            throw Abort(failure: error)
        }
        let sha256 = fetched.sha256
        fileLogger[metadataKey: "file.sha256"] = "\(sha256)"

        // 2. Identity is the content: a renamed re-export is a duplicate.
        let previous = try store.events(subject: "file:\(sha256)", types: [FileFetched.type, FileRejected.type])
        if let original = previous.first {
            let skipped = FileSkipped(
                source: sourceName, kind: file.kind, path: file.path, sha256: sha256, reason: "duplicate-content",
                originalSeq: original.seq)
            try commit([seenEvent, try NewEvent(skipped, subject: "file:\(sha256)")], blobs: [])
            report.count("filesSkipped")
            fileLogger.info("file skipped: content already ingested")
            ingestor.forget(kind: file.kind, path: file.path)
            try archive(file, sha256: sha256)
            return
        }

        // 3. One file, one transaction: the rows stream from the spool file into the log with the blob.
        var problem = fetched.problem
        if problem == nil {
            do {
                let outcome = try commitRows(of: file, fetched, isGzip: isGzip, template: template, seen: seenEvent)
                report.count("filesFetched")
                report.count("rowsParsed", outcome.parsedRows)
                report.count("rowsRejected", outcome.rejectedRows)
                report.count("attachmentsFetched", outcome.attachments)
                fileLogger.info(
                    "file ingested", metadata: ["rows": "\(outcome.parsedRows)", "rejected": "\(outcome.rejectedRows)"])
                for failure in outcome.attachmentFailures {
                    try recordFailure(failure.error, path: failure.path, attempts: 1)
                }
            } catch let rollback as RowsRolledBack {
                // Found only while streaming (a row that cannot be encoded): the transaction was rolled back.
                problem = rollback.problem
            }
        }
        if let problem {
            let rejected = FileRejected(
                source: sourceName, kind: file.kind, path: file.path, sha256: sha256, reason: problem.reason,
                column: problem.column, row: problem.row, expected: problem.expected)
            let events = [seenEvent, try NewEvent(rejected, subject: "file:\(sha256)")]
            let from = try store.cursor(Ingestor.consumer)
            let summary = try store.commitStreaming(cursorMoves: [
                CursorAdvance(consumer: Ingestor.consumer, from: from)
            ]) {
                batch in
                try batch.append(contentsOf: events)
                // A file over the size cap was not kept; any other refused file is, for the operator to inspect.
                if !fetched.isTooLarge {
                    let blob = try batch.openBlob(sha256: sha256)
                    try fetched.spool.read { try blob.write($0) }
                    try blob.finish()
                }
            }
            report.appended += summary.eventCount
            report.cursor = summary.lastSeq
            report.count("filesRejected")
            fileLogger.info("file rejected", metadata: ["reason": "\(problem.reason)"])
        }
        ingestor.forget(kind: file.kind, path: file.path)

        // 4. Only now, with the transaction committed, touch the remote file.
        try archive(file, sha256: sha256)
    }

    /// Applies `after_ingest` to a committed file; a failure becomes a ``FileArchived`` with `error`.
    private mutating func archive(_ file: ReadyFile, sha256: String) throws {
        guard settings.afterIngest != .keep, let source else { return }
        let action = settings.afterIngest.rawValue
        let marker = file.siblings[file.entry.name + FileNameRule.markerSuffix] != nil && settings.usesDoneMarkers
        var destination: String?
        var failure: (any Error)?
        do {
            switch settings.afterIngest {
            case .keep:
                return
            case .move:
                let folder = joinPath(file.folder, settings.processedFolder)
                try source.makeFolder(path: folder)
                let target = joinPath(folder, file.entry.name)
                destination = target
                try source.move(from: file.path, to: target)
                if marker {
                    let name = file.entry.name + FileNameRule.markerSuffix
                    try source.move(from: joinPath(file.folder, name), to: joinPath(folder, name))
                }
            case .delete:
                try source.remove(path: file.path)
                if marker {
                    try source.remove(path: joinPath(file.folder, file.entry.name + FileNameRule.markerSuffix))
                }
            }
        } catch let error as any SourceFailure where !error.isConnectionFailure {
            failure = error
        } catch {
            failure = error
        }
        let payload = FileArchived(
            path: file.path, sha256: sha256, action: action, destination: destination,
            error: failure.map { "\($0)" })
        try commit([try NewEvent(payload, subject: "file:\(sha256)")], blobs: [])
        report.count(failure == nil ? "filesArchived" : "archiveFailures")
        if let failure, (failure as? any SourceFailure)?.isConnectionFailure ?? false { throw Abort(failure: failure) }
    }
}
