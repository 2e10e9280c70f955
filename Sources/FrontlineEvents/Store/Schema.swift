import GRDB

/// The log's schema, as named migrations. Plain SQL types (INTEGER, REAL, TEXT, BLOB), constraints
/// and indexes that PostgreSQL also has, so a PostGIS store can follow the same shape.
///
/// The chain: events, retractions, side declarations (v4), numeric claims and their retractions (v5) draw their `seq` from one counter
/// (`chain_head.seq`), so together they form a single gap-free sequence 1, 2, 3, …; each row's `hash` covers its content
/// and the hash of the entry at `seq - 1`, whichever table holds it (since v3 that previous hash
/// is not stored again: `verify` takes it from the entry before). `chain_head` holds the last
/// position and hash, so a removed last entry is noticed too.
///
/// Since v3 an event's id and recording time are its batch's (`batches`: one row per `record`
/// or `import`, with the batch's first position, first id, size and recording time): a batch's
/// ids follow each other, so each is derived from the first and the event's position.
///
/// `hash` has no UNIQUE index: the chain already makes hashes distinct (each covers its own
/// position `seq`, which the primary keys and `verify` keep unique, and the previous hash), and
/// nothing looks entries up by hash. A unique index over 64 random hex characters cost an import
/// a random B-tree insert per row (most of SQLite's time on large imports); `verify` checks the
/// chain itself.
enum Schema {
    /// Migrations a log may lack and still be read where it cannot be written (and so not
    /// migrated): v4 only adds a table, which a reader takes as empty.
    static let readableWithout: Set<String> = ["v4: side declarations", "v5: numeric claims"]

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
            try appendOnly(db, tables: ["events", "snapshot_parts", "retractions"])
        }
        migrator.registerMigration("v2: index of area and snapshot events") { db in
            // Replaying a long log latest first stops once place events have taken every cell,
            // unless an older area or snapshot still shows: this finds the earliest one without
            // reading the place events (a partial index stays small, and PostgreSQL has them).
            try db.execute(sql: """
                CREATE INDEX events_geometric ON events(at_utc, seq) WHERE kind IN ('area', 'snapshot')
                """)
        }
        migrator.registerMigration("v3: one row per batch holds its ids and recording time") { db in
            try migrateToBatches(db)
        }
        migrator.registerMigration("v4: side declarations") { db in
            // A side other than UA, RU and contested is declared once before events use it
            // (`frontline sides add`). A declaration is something the user recorded: an entry of
            // the chain, drawing its position from the same counter as events and retractions.
            try db.execute(sql: """
                CREATE TABLE side_declarations (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                    code TEXT NOT NULL UNIQUE CHECK (code <> '' AND length(code) <= 16),
                    name TEXT NOT NULL CHECK (name <> ''),
                    recorded_at TEXT NOT NULL,
                    hash TEXT NOT NULL CHECK (length(hash) = 64)
                )
                """)
            try appendOnly(db, tables: ["side_declarations"])
        }
        migrator.registerMigration("v5: numeric claims") { db in
            // "SIDE gained N km² between T1 and T2", said by someone: entries of the chain
            // (NumericClaimStore.swift), with their retractions.
            try createNumericClaims(db)
        }
        return migrator
    }

    /// The events table as of v3, under `name`: a row no longer holds its id, its recording time or
    /// the previous entry's hash. Its batch's row (`batches`) holds the batch's first id and its
    /// recording time, and the event's id is derived from its position in the batch
    /// (``EventIDGenerator/id(_:advancedBy:)``); `verify` takes the previous hash from the entry
    /// before. A large import writes a third fewer bytes per row and keeps no index of ids.
    static func eventsTable(_ name: String) -> String {
        """
        CREATE TABLE \(name) (
            seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
            batch INTEGER NOT NULL REFERENCES batches(first_seq) CHECK (batch <= seq),
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
            hash TEXT NOT NULL CHECK (length(hash) = 64),
            CHECK ((kind = 'place') = (place_id IS NOT NULL)),
            CHECK ((kind = 'area') = (geometry IS NOT NULL)),
            CHECK ((kind = 'snapshot') = (region IS NOT NULL)),
            CHECK ((kind = 'snapshot') = (side = '*')),
            CHECK ((geometry IS NULL) = (min_lon IS NULL) AND (min_lon IS NULL) = (min_lat IS NULL)
                   AND (min_lat IS NULL) = (max_lon IS NULL) AND (max_lon IS NULL) = (max_lat IS NULL))
        )
        """
    }

    /// v2 → v3. Events keep their positions, ids, recording times and hashes: the rows of one
    /// batch are found as runs of consecutive positions recorded at the same time whose ids
    /// follow each other as a generator made them; any other event becomes a batch of its own,
    /// its id kept as written. Retractions name their event by position.
    static func migrateToBatches(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE batches (
                first_seq INTEGER PRIMARY KEY NOT NULL CHECK (first_seq > 0),
                first_id TEXT NOT NULL UNIQUE CHECK (length(first_id) = 26),
                size INTEGER NOT NULL CHECK (size > 0),
                recorded_at TEXT NOT NULL
            )
            """)
        let insertBatch = try db.makeStatement(sql: "INSERT INTO batches (first_seq, first_id, size, recorded_at) VALUES (?, ?, ?, ?)")
        var batch: (firstSeq: Int64, firstID: String, size: Int64, recordedAt: String)?
        func endBatch() throws {
            guard let batch else { return }
            try insertBatch.execute(arguments: [batch.firstSeq, batch.firstID, batch.size, batch.recordedAt])
        }
        let rows = try Row.fetchCursor(db, sql: "SELECT seq, id, recorded_at FROM events ORDER BY seq")
        while let row = try rows.next() {
            let seq: Int64 = row[0], id: String = row[1], recordedAt: String = row[2]
            if let current = batch, seq == current.firstSeq + current.size, recordedAt == current.recordedAt,
               EventIDGenerator.id(current.firstID, advancedBy: current.size) == id {
                batch?.size += 1
            } else {
                try endBatch()
                batch = (seq, id, 1, recordedAt)
            }
        }
        try endBatch()

        try db.execute(sql: eventsTable("events_v3"))
        try db.execute(sql: """
            INSERT INTO events_v3 (seq, batch, at_utc, at_text, kind, place_id, geometry, region,
                                   min_lon, min_lat, max_lon, max_lat, side, status, claimant, source, url, note, hash)
            SELECT seq, (SELECT max(first_seq) FROM batches WHERE first_seq <= seq), at_utc, at_text, kind, place_id,
                   geometry, region, min_lon, min_lat, max_lon, max_lat, side, status, claimant, source, url, note, hash
            FROM events;

            CREATE TABLE retractions_v3 (
                seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                event_seq INTEGER NOT NULL UNIQUE REFERENCES events(seq),
                reason TEXT NOT NULL CHECK (reason <> ''),
                recorded_at TEXT NOT NULL,
                hash TEXT NOT NULL CHECK (length(hash) = 64)
            );
            INSERT INTO retractions_v3 (seq, event_seq, reason, recorded_at, hash)
            SELECT r.seq, (SELECT e.seq FROM events e WHERE e.id = r.event_id), r.reason, r.recorded_at, r.hash
            FROM retractions r;

            DROP TABLE retractions;
            DROP TABLE events;
            ALTER TABLE events_v3 RENAME TO events;
            ALTER TABLE retractions_v3 RENAME TO retractions;
            CREATE INDEX events_replay ON events(at_utc, seq);
            CREATE INDEX events_geometric ON events(at_utc, seq) WHERE kind IN ('area', 'snapshot');
            """)
        try appendOnly(db, tables: ["events", "retractions", "batches"])
    }

    /// The log is append-only: Frontline never updates or deletes an entry. (Someone with the
    /// sqlite3 shell can drop these triggers; `verify` catches what they do next.)
    static func appendOnly(_ db: Database, tables: [String]) throws {
        for table in tables {
            try db.execute(sql: """
                CREATE TRIGGER \(table)_no_update BEFORE UPDATE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only: retract instead'); END;
                CREATE TRIGGER \(table)_no_delete BEFORE DELETE ON \(table)
                BEGIN SELECT RAISE(ABORT, 'the event log is append-only: retract instead'); END;
                """)
        }
    }
}
