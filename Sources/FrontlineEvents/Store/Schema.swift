import GRDB

/// The log's schema, as named migrations. Plain SQL types (INTEGER, REAL, TEXT, BLOB), constraints
/// and indexes that PostgreSQL also has, so a PostGIS store can follow the same shape.
///
/// The chain: events and retractions draw their `seq` from one counter (`chain_head.seq`), so
/// together they form a single gap-free sequence 1, 2, 3, …; each row's `prev_hash` is the hash
/// of the entry at `seq - 1`, whichever table holds it. `chain_head` holds the last position and
/// hash, so a removed last entry is noticed too.
///
/// `hash` has no UNIQUE index: the chain already makes hashes distinct (each covers its own
/// position `seq`, which the primary keys and `verify` keep unique, and the previous hash), and
/// nothing looks entries up by hash. A unique index over 64 random hex characters cost an import
/// a random B-tree insert per row (most of SQLite's time on large imports); `verify` checks the
/// chain itself.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: events, sides, snapshot parts, retractions, hash chain") { db in
            try db.execute(sql: """
                CREATE TABLE sides (
                    code TEXT PRIMARY KEY NOT NULL CHECK (code <> '' AND length(code) <= 16),
                    first_recorded_at TEXT NOT NULL
                );

                CREATE TABLE events (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                    id TEXT NOT NULL UNIQUE CHECK (length(id) = 26),
                    at_utc INTEGER NOT NULL,
                    at_text TEXT NOT NULL CHECK (at_text <> ''),
                    kind TEXT NOT NULL CHECK (kind IN ('place', 'area', 'snapshot')),
                    place_id INTEGER,
                    geometry BLOB,
                    region TEXT,
                    min_lon REAL, min_lat REAL, max_lon REAL, max_lat REAL,
                    side TEXT NOT NULL REFERENCES sides(code),
                    status TEXT NOT NULL CHECK (status IN ('claimed', 'confirmed')),
                    claimant TEXT NOT NULL,
                    source TEXT NOT NULL CHECK (source <> ''),
                    url TEXT CHECK (url <> ''),
                    note TEXT CHECK (note <> ''),
                    recorded_at TEXT NOT NULL,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL CHECK (length(hash) = 64),
                    CHECK ((kind = 'place') = (place_id IS NOT NULL)),
                    CHECK ((kind = 'area') = (geometry IS NOT NULL)),
                    CHECK ((kind = 'snapshot') = (region IS NOT NULL)),
                    CHECK ((kind = 'snapshot') = (side = '*')),
                    CHECK ((geometry IS NULL) = (min_lon IS NULL) AND (min_lon IS NULL) = (min_lat IS NULL)
                           AND (min_lat IS NULL) = (max_lon IS NULL) AND (max_lon IS NULL) = (max_lat IS NULL))
                );
                CREATE INDEX events_replay ON events(at_utc, seq);

                CREATE TABLE snapshot_parts (
                    event_seq INTEGER NOT NULL REFERENCES events(seq),
                    position INTEGER NOT NULL CHECK (position >= 0),
                    side TEXT NOT NULL REFERENCES sides(code) CHECK (side <> '*'),
                    geometry BLOB NOT NULL,
                    min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
                    PRIMARY KEY (event_seq, position)
                );

                CREATE TABLE retractions (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                    event_id TEXT NOT NULL UNIQUE REFERENCES events(id),
                    reason TEXT NOT NULL CHECK (reason <> ''),
                    recorded_at TEXT NOT NULL,
                    prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
                    hash TEXT NOT NULL CHECK (length(hash) = 64)
                );

                CREATE TABLE chain_head (
                    singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
                    seq INTEGER NOT NULL CHECK (seq >= 0),
                    hash TEXT NOT NULL CHECK (length(hash) = 64)
                );
                INSERT INTO chain_head (singleton, seq, hash) VALUES (1, 0, '\(CanonicalForm.genesisHash)');
                """)
            // The log is append-only: Frontline never updates or deletes an entry. (Someone with
            // the sqlite3 shell can drop these triggers; `verify` catches what they do next.)
            for table in ["events", "snapshot_parts", "retractions"] {
                try db.execute(sql: """
                    CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: retract instead'); END;
                    CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: retract instead'); END;
                    """)
            }
        }
        migrator.registerMigration("v2: index of area and snapshot events") { db in
            // Replaying a long log latest first stops once place events have taken every cell,
            // unless an older area or snapshot still shows: this finds the earliest one without
            // reading the place events (a partial index stays small, and PostgreSQL has them).
            try db.execute(sql: """
                CREATE INDEX events_geometric ON events(at_utc, seq) WHERE kind IN ('area', 'snapshot')
                """)
        }
        return migrator
    }
}
