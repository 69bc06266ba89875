// Event log append benchmark (release build): 1,000,000 events of ~300 bytes in batches of 1,000
// through the EventLog API (canonical JSON encoding, SHA-256 chain, cursor move per batch), then the
// same rows through a plain prepared-statement loop over the system SQLite (same table and indexes,
// no hashing, no encoding). Prints both rates and their ratio.
// Usage: eventlog-bench [events] [batch]
import EventLog
import Foundation
import GRDBSQLite

struct BenchLine: EventPayload {
    static let type = "ingest.row.parsed"
    static let version = 1
    var file: String
    var row: Int
    var invoiceId: String
    var vendor: String
    var account: String
    var description: String
    var amount: Money
}

let arguments = CommandLine.arguments
let total = arguments.count > 1 ? Int(arguments[1]) ?? 1_000_000 : 1_000_000
let batchSize = arguments.count > 2 ? Int(arguments[2]) ?? 1_000 : 1_000
let folder = NSTemporaryDirectory() + "eventlog-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

func payload(_ index: Int) -> BenchLine {
    BenchLine(
        file: "9f2c4b7e0d1a3c5e7f9b2d4c6e8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a", row: index + 2,
        invoiceId: "INV-\(index / 5)", vendor: "V-\(index % 997)", account: "6100-\(index % 40)",
        description: "Office supplies and printer toner for the New York office, second floor, quarter \(index % 4 + 1)",
        amount: Money(cents: Int64(index % 100_000)))
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

// 1. Through the EventLog API.
let store = try SQLiteEventStore(path: folder + "/events.sqlite")
var sampleBytes = 0
let apiSeconds = try seconds {
    var cursor: Int64 = 0
    var index = 0
    while index < total {
        let count = min(batchSize, total - index)
        var events: [NewEvent] = []
        events.reserveCapacity(count)
        for offset in 0..<count {
            let line = payload(index + offset)
            events.append(try NewEvent(line, subject: "invoice:\(line.invoiceId)"))
        }
        sampleBytes = events[0].payload.count
        try store.commit(EventBatch(events: events, cursorMoves: [CursorMove(consumer: "bench", from: cursor, to: cursor + Int64(count))]))
        cursor += Int64(count)
        index += count
    }
}
try store.close()

// 2. A plain prepared-statement loop over the C API with the same schema.
let encoded: [[UInt8]] = try (0..<min(total, 10_000)).map { try CanonicalJSON.encode(payload($0)) }
nonisolated(unsafe) var db: OpaquePointer?
guard sqlite3_open(folder + "/plain.sqlite", &db) == SQLITE_OK else { fatalError("cannot open plain database") }
func exec(_ sql: String) {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { fatalError(String(cString: sqlite3_errmsg(db))) }
}
exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
exec("""
    CREATE TABLE events (seq INTEGER PRIMARY KEY, recorded_at TEXT NOT NULL, stage TEXT NOT NULL, type TEXT NOT NULL,
      version INTEGER NOT NULL, subject TEXT NOT NULL, payload BLOB NOT NULL, prev_hash BLOB NOT NULL, hash BLOB NOT NULL);
    CREATE INDEX events_type_subject ON events(type, subject);
    CREATE INDEX events_subject ON events(subject);
    CREATE TABLE cursors (consumer TEXT PRIMARY KEY, seq INTEGER NOT NULL, updated_at TEXT NOT NULL);
    """)
var insert: OpaquePointer?
sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?,?,?,?,?,?,?,?,?)", -1, &insert, nil)
let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
let hash = [UInt8](repeating: 0xab, count: 32)
let plainSeconds = seconds {
    var seq = 0
    while seq < total {
        exec("BEGIN IMMEDIATE")
        for _ in 0..<min(batchSize, total - seq) {
            seq += 1
            let bytes = encoded[(seq - 1) % encoded.count]
            sqlite3_bind_int64(insert, 1, Int64(seq))
            sqlite3_bind_text(insert, 2, "2026-11-24T21:50:05.123Z", -1, transient)
            sqlite3_bind_text(insert, 3, "ingest", -1, transient)
            sqlite3_bind_text(insert, 4, "ingest.row.parsed", -1, transient)
            sqlite3_bind_int(insert, 5, 1)
            sqlite3_bind_text(insert, 6, "invoice:INV-\((seq - 1) / 5)", -1, transient)
            bytes.withUnsafeBytes { _ = sqlite3_bind_blob(insert, 7, $0.baseAddress, Int32($0.count), transient) }
            hash.withUnsafeBytes { _ = sqlite3_bind_blob(insert, 8, $0.baseAddress, 32, transient) }
            hash.withUnsafeBytes { _ = sqlite3_bind_blob(insert, 9, $0.baseAddress, 32, transient) }
            guard sqlite3_step(insert) == SQLITE_DONE else { fatalError(String(cString: sqlite3_errmsg(db))) }
            sqlite3_reset(insert)
        }
        exec("INSERT INTO cursors VALUES ('bench', \(seq), 'now') ON CONFLICT(consumer) DO UPDATE SET seq = excluded.seq")
        exec("COMMIT")
    }
}
sqlite3_finalize(insert)
sqlite3_close(db)

// Where the API's time goes: canonical encoding and chain hashing alone, over the same payloads.
let sampleCount = min(total, 100_000)
var sink = 0
let prebuilt = (0..<sampleCount).map(payload)
let encodeSeconds = try seconds {
    for line in prebuilt { sink &+= try NewEvent(line, subject: "s").payload.count }
}

let hashSeconds = seconds {
    var previous = ChainHasher.genesis
    for index in 0..<sampleCount {
        previous = ChainHasher.hash(prevHash: previous, seq: Int64(index), type: BenchLine.type, version: 1,
                                    recordedAt: "2026-11-24T21:50:05.123Z", payload: encoded[index % encoded.count])
    }
    sink &+= Int(previous[0])
}

let apiRate = Double(total) / apiSeconds
let plainRate = Double(total) / plainSeconds
print("events: \(total) in batches of \(batchSize), payload ~\(sampleBytes) bytes")
print(String(format: "eventlog API:   %10.0f events/s (%.2f s)", apiRate, apiSeconds))
print(String(format: "plain SQLite:   %10.0f rows/s   (%.2f s)", plainRate, plainSeconds))
print(String(format: "ratio: %.2fx (goal >= 0.50x)", apiRate / plainRate))
print(String(format: "cost per event: encode %.1f us, chain hash %.1f us, insert+commit %.1f us (plain insert %.1f us)",
             encodeSeconds / Double(sampleCount) * 1e6, hashSeconds / Double(sampleCount) * 1e6,
             apiSeconds / Double(total) * 1e6 - (encodeSeconds + hashSeconds) / Double(sampleCount) * 1e6,
             plainSeconds / Double(total) * 1e6))
if sink == 42 { print("") }
