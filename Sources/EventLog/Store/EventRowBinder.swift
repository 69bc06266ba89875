import GRDB
import GRDBSQLite

/// The append hot path: binds one event row straight onto GRDB's prepared statement with the SQLite C
/// API, avoiding an argument array and a `Data` copy per column (see docs/benchmarks.md). Buffers are
/// bound with SQLITE_STATIC because `sqlite3_step` runs before they go out of scope.
enum EventRowBinder {
    static func insert(
        _ statement: SQLiteStatement, seq: Int64, recordedAt: String, event: NewEvent, prevHash: [UInt8],
        hash: [UInt8]
    ) throws {
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        sqlite3_bind_int64(statement, 1, seq)
        sqlite3_bind_int64(statement, 5, Int64(event.version))
        // withCString hands out the string's own storage for native strings: no copy per column.
        let rc: Int32 = recordedAt.withCString { recordedAtText in
            event.stage.withCString { stageText in
                event.type.withCString { typeText in
                    event.subject.withCString { subjectText in
                        event.payload.withUnsafeBytes { payload in
                            prevHash.withUnsafeBytes { prev in
                                hash.withUnsafeBytes { own in
                                    sqlite3_bind_text(statement, 2, recordedAtText, -1, nil)
                                    sqlite3_bind_text(statement, 3, stageText, -1, nil)
                                    sqlite3_bind_text(statement, 4, typeText, -1, nil)
                                    sqlite3_bind_text(statement, 6, subjectText, -1, nil)
                                    // A zero-length blob needs a non-NULL pointer to stay a blob, not NULL.
                                    sqlite3_bind_blob(
                                        statement, 7, payload.baseAddress ?? UnsafeRawPointer(own.baseAddress!),
                                        Int32(payload.count), nil)
                                    sqlite3_bind_blob(statement, 8, prev.baseAddress, Int32(prev.count), nil)
                                    sqlite3_bind_blob(statement, 9, own.baseAddress, Int32(own.count), nil)
                                    return sqlite3_step(statement)
                                }
                            }
                        }
                    }
                }
            }
        }
        guard rc == SQLITE_DONE else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: rc),
                message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
        }
    }
}
