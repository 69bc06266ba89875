import GRDB

/// Forward-only migrations of the event database. Identifiers are permanent: add new ones at the end.
enum Schema {
    static func migrator() -> DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events-cursors-blobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                        seq INTEGER PRIMARY KEY,
                        recorded_at TEXT NOT NULL,
                        stage TEXT NOT NULL,
                        type TEXT NOT NULL,
                        version INTEGER NOT NULL,
                        subject TEXT NOT NULL,
                        payload BLOB NOT NULL,
                        prev_hash BLOB NOT NULL,
                        hash BLOB NOT NULL
                    );
                    CREATE INDEX events_type_subject ON events(type, subject);
                    CREATE INDEX events_subject ON events(subject);
                    CREATE TRIGGER events_refuse_update BEFORE UPDATE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: UPDATE refused'); END;
                    CREATE TRIGGER events_refuse_delete BEFORE DELETE ON events
                    BEGIN SELECT RAISE(ABORT, 'events are append-only: DELETE refused'); END;

                    CREATE TABLE cursors (
                        consumer TEXT PRIMARY KEY,
                        seq INTEGER NOT NULL,
                        updated_at TEXT NOT NULL
                    );

                    CREATE TABLE blobs (
                        sha256 TEXT PRIMARY KEY,
                        data BLOB NOT NULL,
                        size INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TRIGGER blobs_refuse_update BEFORE UPDATE ON blobs
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: UPDATE refused'); END;
                    CREATE TRIGGER blobs_refuse_delete BEFORE DELETE ON blobs
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: DELETE refused'); END;
                    """)
        }
        // Blobs written incrementally by a streaming commit (``StreamingBatch/openBlob(sha256:)``): the zlib
        // stream is cut into fixed-size chunks, one row each, so no step holds a whole file. Plain INSERTs
        // only: SQLite's incremental blob I/O (sqlite3_blob_write) was not used because it bypasses
        // triggers, and the refusal of UPDATE/DELETE must hold for every table that keeps file bytes.
        // The header row in `chunked_blobs` is inserted last, after every chunk.
        migrator.registerMigration("v2-chunked-blobs") { db in
            try db.execute(
                sql: """
                    CREATE TABLE chunked_blobs (
                        sha256 TEXT PRIMARY KEY,
                        size INTEGER NOT NULL,
                        compressed_size INTEGER NOT NULL,
                        chunk_count INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TRIGGER chunked_blobs_refuse_update BEFORE UPDATE ON chunked_blobs
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: UPDATE refused'); END;
                    CREATE TRIGGER chunked_blobs_refuse_delete BEFORE DELETE ON chunked_blobs
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: DELETE refused'); END;

                    CREATE TABLE blob_chunks (
                        sha256 TEXT NOT NULL,
                        idx INTEGER NOT NULL,
                        data BLOB NOT NULL,
                        UNIQUE (sha256, idx)
                    );
                    CREATE TRIGGER blob_chunks_refuse_update BEFORE UPDATE ON blob_chunks
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: UPDATE refused'); END;
                    CREATE TRIGGER blob_chunks_refuse_delete BEFORE DELETE ON blob_chunks
                    BEGIN SELECT RAISE(ABORT, 'blobs are append-only: DELETE refused'); END;
                    """)
        }
        return migrator
    }
}
