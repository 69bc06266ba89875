import Crypto
import Zlib

/// Writes one blob incrementally inside a ``StreamingBatch``: bytes are hashed and zlib-compressed as
/// they arrive, and the compressed stream is stored in chunks of ``chunkBytes``.
///
/// ``finish()`` checks that the bytes hash to the SHA-256 the blob was opened with (a mismatch throws
/// and so rolls the whole commit back). Owned by its batch: use it only inside the commit's body.
package final class BlobWriter {
    /// Compressed bytes per stored chunk row (1 MiB: few rows per file, bounded memory per blob).
    package static let chunkBytes = 1 << 20

    enum Target {
        /// Already stored (or opened twice in one batch): bytes are counted and dropped.
        case discard
        /// Chunk rows in the SQLite transaction.
        case chunks(SQLiteStreamingWriter)
        /// Kept whole for a buffered commit.
        case memory
    }

    package let sha256: String
    private let target: Target
    private let deflater: Deflater?
    private var hasher = SHA256()
    private var pending: [UInt8] = []
    private var chunkIndex = 0
    private var compressedSize = 0
    private var memory: [UInt8] = []
    /// Uncompressed bytes written so far.
    private(set) package var size = 0
    private(set) package var isFinished = false

    init(sha256: String, target: Target) throws {
        self.sha256 = sha256
        self.target = target
        switch target {
        case .chunks:
            deflater = try Self.deflater()
            pending.reserveCapacity(Self.chunkBytes)
        case .discard, .memory:
            deflater = nil
        }
    }

    private static func deflater() throws -> Deflater {
        do { return try Deflater() } catch {
            throw EventLogError(kind: .sqlite, operation: "write blob", message: "\(error)")
        }
    }

    /// True when the bytes are dropped because the blob is already stored.
    package var isDuplicate: Bool {
        if case .discard = target { return true }
        return false
    }

    /// Adds bytes to the blob.
    /// - Throws: ``EventLogError`` when compression or the chunk insert fails, or after ``finish()``.
    package func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !isFinished else {
            throw EventLogError(kind: .sqlite, operation: "write blob", message: "blob \(sha256) is already finished")
        }
        size += bytes.count
        switch target {
        case .discard:
            return
        case .memory:
            hasher.update(bufferPointer: bytes)
            memory.append(contentsOf: bytes)
        case .chunks(let writer):
            hasher.update(bufferPointer: bytes)
            do {
                try deflater!.compress(bytes) { try self.take($0, writer) }
            } catch let error as ZlibError {
                throw EventLogError(kind: .sqlite, operation: "write blob", message: "\(error)")
            }
        }
    }

    /// Adds an array of bytes to the blob.
    /// - Throws: as ``write(_:)``.
    package func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Moves compressed output into the pending chunk, storing each chunk once it is full.
    private func take(_ compressed: UnsafeRawBufferPointer, _ writer: SQLiteStreamingWriter) throws {
        var rest = compressed
        while !rest.isEmpty {
            let room = Self.chunkBytes - pending.count
            let part = UnsafeRawBufferPointer(rebasing: rest.prefix(room))
            pending.append(contentsOf: part)
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(part.count))
            if pending.count == Self.chunkBytes { try flush(writer) }
        }
    }

    private func flush(_ writer: SQLiteStreamingWriter) throws {
        guard !pending.isEmpty else { return }
        try writer.insertChunk(sha256: sha256, index: chunkIndex, bytes: pending)
        compressedSize += pending.count
        chunkIndex += 1
        pending.removeAll(keepingCapacity: true)
    }

    private func checkDigest() throws {
        let actual = SHA256Digest.hex(Array(hasher.finalize()))
        guard actual == sha256 else {
            throw EventLogError(
                kind: .sqlite, operation: "write blob",
                message: "the blob's bytes hash to \(actual), not to the SHA-256 it was opened with (\(sha256))",
                hint: "the source changed while it was read; run again")
        }
    }

    /// Ends the blob: flushes the compressed stream and records the blob (chunked storage).
    /// - Throws: ``EventLogError`` when the bytes do not match the SHA-256 or a write fails.
    package func finish() throws {
        guard !isFinished else { return }
        isFinished = true
        guard case .chunks(let writer) = target else {
            if case .memory = target { try checkDigest() }
            return
        }
        try checkDigest()
        do {
            try deflater!.finish { try self.take($0, writer) }
        } catch let error as ZlibError {
            throw EventLogError(kind: .sqlite, operation: "write blob", message: "\(error)")
        }
        try flush(writer)
        try writer.insertChunkedBlob(sha256: sha256, size: size, compressedSize: compressedSize, chunkCount: chunkIndex)
        writer.storedBlobs.append(sha256)
    }

    /// Finishes a buffered blob and hands back its bytes (nil for a duplicate).
    func finishInMemory() throws -> Blob? {
        try finish()
        guard case .memory = target else { return nil }
        return Blob(sha256: sha256, bytes: memory)
    }
}

@available(*, unavailable) extension BlobWriter: Sendable {}
