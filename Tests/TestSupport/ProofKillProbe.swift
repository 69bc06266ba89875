package import Foundation
import EventLog

/// The named moments a crash-suite kill can land in. The first four are the ones the reliability promise
/// names; each must be hit at least once in the long run.
package enum KillMoment: String, CaseIterable, Sendable {
    case ingestTransaction = "inside an ingest transaction"
    case afterIngestMove = "during after_ingest move"
    case tokenRefresh = "during a token refresh"
    case qboWriteInFlight = "between a QBO write and its response event"
    case sftpFetch = "during an SFTP fetch"
    case writeIntended = "after a write intent, before its request"
    case qboRead = "during a QBO read"
    case otherTransaction = "inside another commit"
    case afterIngestCommit = "after an ingest commit"
    case afterTransformCommit = "after a transform commit"
    case afterPublishCommit = "after a publish commit"
    case afterOtherCommit = "after another commit"
    case beforeAnyCommit = "before any commit"

    /// The moments the crash suite targets on purpose (and reports even when 0).
    package static let named: [KillMoment] = [.ingestTransaction, .afterIngestMove, .tokenRefresh, .qboWriteInFlight]
}

/// How a crash-suite attempt chooses the moment of its SIGKILL.
package enum KillMode: String, CaseIterable, Sendable {
    /// After a uniform random delay.
    case random
    /// As soon as the process is seen in this moment (polled every ``KillProbe/pollMicroseconds``).
    case ingestTransaction, afterIngestMove, tokenRefresh, qboWriteInFlight

    var target: KillMoment? {
        switch self {
        case .random: nil
        case .ingestTransaction: .ingestTransaction
        case .afterIngestMove: .afterIngestMove
        case .tokenRefresh: .tokenRefresh
        case .qboWriteInFlight: .qboWriteInFlight
        }
    }
}

/// Reads, from outside, which moment a running (or SIGSTOPped) `ml-connector` is in: its open files
/// (the unlinked spool file of a fetch), the POSIX locks it holds on the database's WAL index (SQLite's
/// write lock is byte 120 of the `-shm` file), and the newest events it committed.
package final class KillProbe {
    /// Polling interval of a targeted kill.
    package static let pollMicroseconds: UInt32 = 2_000
    /// SQLite's WAL write lock: this byte of the `-shm` file (WALINDEX_LOCK_OFFSET + WAL_WRITE_LOCK).
    static let walWriteLockByte = 120

    private let databasePath: String
    private let tokenURLPart = "/oauth2/"
    private let afterIngest: String
    private var store: SQLiteEventStore?

    package init(databasePath: String, afterIngest: String) {
        self.databasePath = databasePath
        self.afterIngest = afterIngest
    }

    /// The moment `pid` is in; events at or below `since` belong to earlier runs.
    package func moment(of pid: pid_t, since: Int64) -> KillMoment {
        let spool = Self.hasSpoolFile(pid)
        let writing = holdsWriteLock(pid)
        if spool && writing { return .ingestTransaction }
        if writing { return .otherTransaction }
        let newest = lastEvents(count: 2)
        // With `move`, every committed file is followed by its `ingest.file.archived`: a file event as the
        // newest one means its move is under way (the spool file may still be open meanwhile).
        // (A file's transaction ends with its rows and attachments.)
        let fileEvents: Set<String> = [
            FileFetched.type, FileSkipped.type, FileRejected.type, RowParsed.type, RowRejected.type, AttachmentFetched.type,
        ]
        let moving = afterIngest != "keep" && newest.last.map { $0.seq > since && fileEvents.contains($0.type) } == true
        if spool { return moving ? .afterIngestMove : .sftpFetch }
        guard let last = newest.last, last.seq > since else { return .beforeAnyCommit }
        switch last.type {
        case _ where fileEvents.contains(last.type):
            return moving ? .afterIngestMove : .afterIngestCommit
        case RequestSent.type:
            guard let request = try? last.decode(RequestSent.self) else { return .afterPublishCommit }
            if request.url.contains(tokenURLPart) { return .tokenRefresh }
            return request.method == "GET" ? .qboRead : .qboWriteInFlight
        case ResponseReceived.type:
            // The token endpoint answered; the new tokens are not yet recorded as refreshed.
            if newest.count == 2, let request = try? newest[0].decode(RequestSent.self), request.url.contains(tokenURLPart) {
                return .tokenRefresh
            }
            return .afterPublishCommit
        case WriteIntended.type:
            return .writeIntended
        default:
            switch last.stage {
            case "ingest": return .afterIngestCommit
            case "transform": return .afterTransformCommit
            case "publish": return .afterPublishCommit
            default: return .afterOtherCommit
            }
        }
    }

    /// The newest `count` events, oldest first (a reader kept open across runs: opening the store takes
    /// the write lock for its migration check, which would queue behind the connector).
    private func lastEvents(count: Int64) -> [RecordedEvent] {
        if store == nil, FileManager.default.fileExists(atPath: databasePath) {
            store = try? SQLiteEventStore(path: databasePath)
        }
        guard let store, let last = try? store.lastSeq(), last > 0 else { return [] }
        return (try? store.events(in: max(1, last - count + 1)...last)) ?? []
    }

    /// True when the process has the unlinked spool file of a fetch open.
    static func hasSpoolFile(_ pid: pid_t) -> Bool {
        let folder = "/proc/\(pid)/fd"
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/" + entry),
                target.contains("ml-connector-fetch-")
            {
                return true
            }
        }
        return false
    }

    /// True when the process holds SQLite's WAL write lock on the database (from /proc/locks).
    func holdsWriteLock(_ pid: pid_t) -> Bool {
        var info = stat()
        guard stat(databasePath + "-shm", &info) == 0,
            let locks = try? String(contentsOfFile: "/proc/locks", encoding: .utf8)
        else { return false }
        let inode = String(info.st_ino)
        for line in locks.split(separator: "\n") {
            // "1: POSIX  ADVISORY  WRITE 4242 00:2a:123456 120 120"
            let fields = line.split(separator: " ")
            guard fields.count >= 8, fields[1] == "POSIX", fields[3] == "WRITE", fields[4] == "\(pid)",
                fields[5].split(separator: ":").last.map(String.init) == inode,
                let start = Int(fields[6]), start <= Self.walWriteLockByte
            else { continue }
            let end = Int(fields[7]) ?? Int.max
            if end >= Self.walWriteLockByte { return true }
        }
        return false
    }
}

@available(*, unavailable) extension KillProbe: Sendable {}
