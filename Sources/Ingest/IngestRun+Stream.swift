import EventLog
import Foundation
import Zlib

/// A file copied into a spool file, with what the first pass learnt about it.
struct FetchedFile {
    var spool: SpoolFile
    var sha256: String
    /// Bytes fetched (the whole file, even past the size cap).
    var size: Int64
    var isTooLarge: Bool
    /// The file-level problem found by the first pass, if any.
    var problem: FileParser.Problem?
    var rowCount: Int
    var header: [String]
}

/// What one file's streaming commit wrote.
struct RowsOutcome {
    var parsedRows = 0
    var rejectedRows = 0
    var attachments = 0
    /// Attachment reads that failed (not the connection): recorded as ``PollFailed`` after the commit.
    var attachmentFailures: [(path: String, error: any SourceFailure)] = []
}

/// A file-level problem met only while the rows were being streamed; the transaction was rolled back.
struct RowsRolledBack: Error {
    var problem: FileParser.Problem
}

extension IngestRun {
    /// Decompressed bytes handed to the row parser at once. The parser's events are appended to the log
    /// after each slice, so this bounds the events held in memory (a few thousand rows at most).
    static let parserSliceBytes = 64 * 1024

    /// Copies a file into a spool file while hashing it and running the counting parser over it.
    /// - Throws: the source's error; ``DirectorySourceError`` for the spool file.
    func fetch(_ file: ReadyFile, isGzip: Bool, template: ColumnTemplate) throws -> FetchedFile {
        guard let source else {
            throw Abort(failure: DirectorySourceError(operation: "read", path: file.path, code: EIO))
        }
        let spool = try SpoolFile(folder: settings.temporaryFolder)
        var hasher = StreamingSHA256()
        var parser = makeParser(template: template, sha256: "", path: file.path, mode: .countOnly)
        var rows = RowFeed(isGzip: isGzip, maximumDecompressedBytes: settings.maximumDecompressedBytes)
        let maximum = settings.maximumFileBytes
        var isTooLarge = false
        var total: Int64 = 0
        _ = try source.read(path: file.path, sizeHint: file.entry.size) { chunk in
            hasher.update(chunk)
            total += Int64(chunk.count)
            if total > maximum { isTooLarge = true }
            guard !isTooLarge else { return }
            try spool.append(chunk)
            try rows.feed(chunk, into: &parser) { _ in }
        }
        if isTooLarge {
            parser.reject(
                FileParser.Problem(
                    reason: "the file is larger than the \(maximum)-byte limit",
                    expected: "a file of at most \(maximum) bytes (maximum_file_bytes)"))
        } else {
            try rows.finish(&parser) { _ in }
        }
        return FetchedFile(
            spool: spool, sha256: hasher.finalizeHex(), size: total, isTooLarge: isTooLarge, problem: parser.problem,
            rowCount: parser.rowCount, header: parser.header)
    }

    func makeParser(template: ColumnTemplate, sha256: String, path: String, mode: FileParser.Mode) -> FileParser {
        FileParser(
            template: template, delimiter: settings.delimiter, encoding: settings.encoding,
            dateFormat: settings.dateFormat, limits: settings.limits, fileSha256: sha256, path: path, mode: mode)
    }

    /// Streams a checked file into the log in ONE transaction: ``FileSeen``, ``FileFetched`` (its row count
    /// known from the first pass), every row event, the file's blob and its attachments, and the cursor.
    /// - Throws: ``RowsRolledBack`` when a file-level problem shows up only now; ``EventLogError``; ``Abort``
    ///   when the connection drops while an attachment is read. Any throw leaves nothing of the file.
    mutating func commitRows(
        of file: ReadyFile, _ fetched: FetchedFile, isGzip: Bool, template: ColumnTemplate, seen: NewEvent
    ) throws -> RowsOutcome {
        let header = FileFetched(
            source: ingestor.sourceName, kind: file.kind, path: file.path, size: fetched.size, sha256: fetched.sha256,
            isGzip: isGzip, rowCount: fetched.rowCount, encoding: settings.encoding.rawValue, header: fetched.header)
        var parser = makeParser(template: template, sha256: fetched.sha256, path: file.path, mode: .events)
        var outcome = RowsOutcome()
        let from = try store.cursor(Ingestor.consumer)
        let summary = try store.commitStreaming(cursorMoves: [CursorAdvance(consumer: Ingestor.consumer, from: from)]) {
            batch in
            try batch.append(seen)
            try batch.append(try NewEvent(header, subject: "file:\(fetched.sha256)"))
            let blob = try batch.openBlob(sha256: fetched.sha256)
            var rows = RowFeed(isGzip: isGzip, maximumDecompressedBytes: settings.maximumDecompressedBytes)
            try fetched.spool.read { chunk in
                try blob.write(chunk)
                try rows.feed(chunk, into: &parser) { events in try batch.append(contentsOf: events) }
                if let problem = parser.problem { throw RowsRolledBack(problem: problem) }
            }
            try blob.finish()
            try rows.finish(&parser) { events in try batch.append(contentsOf: events) }
            if let problem = parser.problem { throw RowsRolledBack(problem: problem) }
            guard parser.rowCount == fetched.rowCount else {
                throw RowsRolledBack(
                    problem: FileParser.Problem(
                        reason:
                            "the file read \(parser.rowCount) rows the second time and \(fetched.rowCount) the first",
                        expected: "the same rows on both passes"))
            }
            outcome.parsedRows = parser.parsedRows
            outcome.rejectedRows = parser.rejectedRows
            for name in parser.attachments {
                try fetchAttachment(name, of: file, fileSha256: fetched.sha256, into: &batch, outcome: &outcome)
            }
        }
        report.appended += summary.eventCount
        report.cursor = summary.lastSeq
        return outcome
    }

    /// Reads one attachment named by the file into the same transaction.
    private func fetchAttachment(
        _ name: String, of file: ReadyFile, fileSha256: String, into batch: inout StreamingBatch,
        outcome: inout RowsOutcome
    ) throws {
        // Only a plain name beside the CSV: never a path that climbs out of the export folder.
        guard !name.contains("/"), !name.contains("\\"), name != ".", name != "..", !FileNameRule.isExcluded(name),
            let entry = file.siblings[name], entry.isRegularFile, entry.size <= settings.maximumAttachmentBytes,
            let source
        else { return }
        let path = joinPath(file.folder, name)
        let spool = try SpoolFile(folder: settings.temporaryFolder)
        var hasher = StreamingSHA256()
        do {
            _ = try source.read(path: path, sizeHint: entry.size) { chunk in
                hasher.update(chunk)
                try spool.append(chunk)
            }
        } catch let failure as any SourceFailure where !failure.isConnectionFailure {
            outcome.attachmentFailures.append((path, failure))
            return
        } catch {
            throw Abort(failure: error)
        }
        let sha256 = hasher.finalizeHex()
        let blob = try batch.openBlob(sha256: sha256)
        try spool.read { try blob.write($0) }
        try blob.finish()
        let payload = AttachmentFetched(
            fileName: name, path: path, sha256: sha256, size: spool.size, invoiceFileSha256: fileSha256)
        try batch.append(try NewEvent(payload, subject: "attachment:\(name)"))
        outcome.attachments += 1
    }
}

/// Feeds a file's bytes to a ``FileParser``, inflating `.gz` on the way and cutting the decompressed
/// stream into ``IngestRun/parserSliceBytes`` slices; after each slice the parser's events go to `drain`.
/// A gzip failure becomes the parser's file-level problem (stampli-export.md: the file is refused whole).
struct RowFeed {
    private var inflater: Inflater?
    private let maximumDecompressedBytes: Int
    private var initError: ZlibError?

    init(isGzip: Bool, maximumDecompressedBytes: Int) {
        self.maximumDecompressedBytes = maximumDecompressedBytes
        if isGzip {
            do {
                inflater = try Inflater(format: .gzip, maximumOutputBytes: maximumDecompressedBytes)
            } catch {
                initError = error as? ZlibError
                if initError == nil { preconditionFailure("Inflater throws ZlibError only") }
            }
        }
    }

    /// - Throws: what `drain` throws (zlib failures become the parser's problem instead).
    mutating func feed(
        _ chunk: UnsafeRawBufferPointer, into parser: inout FileParser, drain: ([NewEvent]) throws -> Void
    ) throws {
        guard parser.problem == nil else { return }
        guard let inflater else {
            if initError != nil { return }
            try Self.slice(chunk, into: &parser, drain: drain)
            return
        }
        do {
            try inflater.inflate(chunk) { try Self.slice($0, into: &parser, drain: drain) }
        } catch let error as ZlibError {
            reject(&parser, error)
        }
    }

    mutating func finish(_ parser: inout FileParser, drain: ([NewEvent]) throws -> Void) throws {
        if let initError {
            reject(&parser, initError)
        } else if let inflater, parser.problem == nil {
            do { try inflater.finish() } catch let error as ZlibError { reject(&parser, error) }
        }
        parser.finish()
        try drain(parser.takeEvents())
    }

    private func reject(_ parser: inout FileParser, _ error: ZlibError) {
        parser.reject(
            FileParser.Problem(
                reason: "the gzip file cannot be decompressed: \(error)",
                expected: "a complete gzip file of at most \(maximumDecompressedBytes) bytes once decompressed"))
    }

    private static func slice(
        _ bytes: UnsafeRawBufferPointer, into parser: inout FileParser, drain: ([NewEvent]) throws -> Void
    ) rethrows {
        var offset = 0
        while offset < bytes.count {
            let end = min(bytes.count, offset + IngestRun.parserSliceBytes)
            parser.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<end]))
            try drain(parser.takeEvents())
            offset = end
        }
    }
}
