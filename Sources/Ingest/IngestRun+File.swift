import EventLog
import Foundation
import Logging
import Zlib

extension IngestRun {
    /// Fetches, identifies, parses and commits one ready file, then archives it.
    mutating func ingest(_ file: ReadyFile) throws {
        guard let source else { return }
        var fileLogger = logger
        fileLogger[metadataKey: "file.path"] = "\(file.path)"
        let sourceName = ingestor.sourceName
        let seen = FileSeen(
            source: sourceName, kind: file.kind, path: file.path, readiness: file.readiness, firstListing: file.first,
            secondListing: file.second)
        let seenEvent = try NewEvent(seen, subject: "file:\(file.path)")

        // 1. Fetch, hashing as the bytes arrive.
        var hasher = StreamingSHA256()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(min(file.entry.size, settings.maximumFileBytes)))
        var isTooLarge = false
        let maximum = settings.maximumFileBytes
        do {
            _ = try source.read(path: file.path, sizeHint: file.entry.size) { chunk in
                hasher.update(chunk)
                if Int64(bytes.count + chunk.count) > maximum { isTooLarge = true }
                if !isTooLarge { bytes.append(contentsOf: chunk) }
            }
        } catch let failure as any SourceFailure where !failure.isConnectionFailure {
            try recordFailure(failure, path: file.path, attempts: 1)
            return
        } catch {
            // The connection dropped mid-transfer: nothing of this file is written; the next run reads it again.
            throw Abort(failure: error)
        }
        let sha256 = hasher.finalizeHex()
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

        // 3. Parse.
        let isGzip = file.entry.name.lowercased().hasSuffix(".gz")
        var parser = FileParser(
            template: settings.kinds[file.kind, default: .standard(file.kind)].template(for: file.kind),
            delimiter: settings.delimiter, encoding: settings.encoding, dateFormat: settings.dateFormat,
            limits: settings.limits, fileSha256: sha256, path: file.path)
        if isTooLarge {
            parser.reject(
                FileParser.Problem(
                    reason: "the file is larger than the \(maximum)-byte limit",
                    expected: "a file of at most \(maximum) bytes (maximum_file_bytes)"))
        } else {
            parse(bytes, isGzip: isGzip, into: &parser)
        }

        // 4. Attachments named by an invoices file, from the same folder.
        var events = [seenEvent]
        var blobs: [Blob] = isTooLarge ? [] : [Blob(sha256: sha256, bytes: bytes)]
        var attachmentEvents: [NewEvent] = []
        if parser.problem == nil {
            for name in parser.attachments {
                guard let fetched = try fetchAttachment(name, of: file, fileSha256: sha256) else { continue }
                attachmentEvents.append(fetched.event)
                blobs.append(fetched.blob)
            }
        }

        // 5. One file, one transaction.
        if let problem = parser.problem {
            let rejected = FileRejected(
                source: sourceName, kind: file.kind, path: file.path, sha256: sha256, reason: problem.reason,
                column: problem.column, row: problem.row, expected: problem.expected)
            events.append(try NewEvent(rejected, subject: "file:\(sha256)"))
            report.count("filesRejected")
            fileLogger.info("file rejected", metadata: ["reason": "\(problem.reason)"])
        } else {
            let fetched = FileFetched(
                source: sourceName, kind: file.kind, path: file.path, size: Int64(bytes.count), sha256: sha256,
                isGzip: isGzip, rowCount: parser.rowCount, encoding: settings.encoding.rawValue, header: parser.header)
            events.append(try NewEvent(fetched, subject: "file:\(sha256)"))
            events.append(contentsOf: parser.events)
            events.append(contentsOf: attachmentEvents)
            report.count("filesFetched")
            report.count("rowsParsed", parser.parsedRows)
            report.count("rowsRejected", parser.rejectedRows)
            report.count("attachmentsFetched", attachmentEvents.count)
            fileLogger.info(
                "file ingested", metadata: ["rows": "\(parser.parsedRows)", "rejected": "\(parser.rejectedRows)"])
        }
        try commit(events, blobs: blobs)
        ingestor.forget(kind: file.kind, path: file.path)

        // 6. Only now, with the transaction committed, touch the remote file.
        try archive(file, sha256: sha256)
    }

    private func parse(_ bytes: [UInt8], isGzip: Bool, into parser: inout FileParser) {
        bytes.withUnsafeBytes { raw in
            guard isGzip else {
                parser.feed(raw)
                return
            }
            do {
                let inflater = try Inflater(format: .gzip, maximumOutputBytes: settings.maximumDecompressedBytes)
                try inflater.inflate(raw) { parser.feed($0) }
                try inflater.finish()
            } catch {
                parser.reject(
                    FileParser.Problem(
                        reason: "the gzip file cannot be decompressed: \(error)",
                        expected:
                            "a complete gzip file of at most \(settings.maximumDecompressedBytes) bytes once decompressed"
                    ))
            }
        }
        parser.finish()
    }

    private mutating func fetchAttachment(_ name: String, of file: ReadyFile, fileSha256: String) throws -> (
        event: NewEvent, blob: Blob
    )? {
        // Only a plain name beside the CSV: never a path that climbs out of the export folder.
        guard !name.contains("/"), !name.contains("\\"), name != ".", name != "..", !FileNameRule.isExcluded(name),
            let entry = file.siblings[name], entry.isRegularFile, entry.size <= settings.maximumAttachmentBytes,
            let source
        else { return nil }
        let path = joinPath(file.folder, name)
        var bytes: [UInt8] = []
        do {
            _ = try source.read(path: path, sizeHint: entry.size) { bytes.append(contentsOf: $0) }
        } catch let failure as any SourceFailure where !failure.isConnectionFailure {
            try recordFailure(failure, path: path, attempts: 1)
            return nil
        } catch {
            throw Abort(failure: error)
        }
        let blob = Blob(bytes: bytes)
        let payload = AttachmentFetched(
            fileName: name, path: path, sha256: blob.sha256, size: Int64(bytes.count), invoiceFileSha256: fileSha256)
        return (try NewEvent(payload, subject: "attachment:\(name)"), blob)
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
