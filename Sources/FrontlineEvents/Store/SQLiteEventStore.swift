import CSQLiteConfig
import Foundation
import FrontlineGeometry
import GRDB

/// The event log in one SQLite file, through GRDB: WAL mode (readers never block the writer),
/// foreign keys on, `synchronous = FULL` (a commit survives power loss), a 10 s busy timeout and
/// `BEGIN IMMEDIATE` write transactions retried while another process writes, so two processes
/// recording at once both succeed.
public final class SQLiteEventStore: EventStore {
    public let path: String
    let pool: DatabasePool
    private var ids = EventIDGenerator()

    /// Seconds a writer waits for another process's write lock before SQLite gives up, and how many
    /// times Frontline asks again after that.
    public static let busyTimeout: TimeInterval = 10
    static let lockRetries = 5
    /// Page cache per connection (`PRAGMA cache_size`, negative = KiB): 32 MiB normally, 64 MiB
    /// for the writer while a batch is open.
    static let cacheSize = -32768
    static let batchCacheSize = -65536
    /// SQLite's process-wide settings (multi-thread mode, no memory statistics), made once
    /// before the first connection opens; the mutexes they remove took about 5 % of a large
    /// import's CPU time (`perf`). If SQLite was already running (another library opened a database first),
    /// they are left as they are: the defaults are safe, only slower.
    static let processSettings: Void = { _ = frontline_sqlite_configure() }()
    /// Page size of a new log file, in bytes.
    static let newLogPageSize = 16384
    /// Bytes of the file a reader maps (`PRAGMA mmap_size`).
    static let readerMapSize = 1 << 30

    /// Opens the log at `path`, creating the file and its schema when missing (or migrating an
    /// older schema). Idempotent: opening an up-to-date log changes nothing.
    public init(path: String) throws {
        _ = SQLiteEventStore.processSettings
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(SQLiteEventStore.busyTimeout)
        config.label = "frontline-events"
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA cache_size = \(SQLiteEventStore.cacheSize)")
            // Readers map the file: a replay latest first visits table rows in random order, and
            // mapped pages come straight from the OS page cache instead of being copied by a
            // read() each (a fifth of `control` over a million events). The mapped pages count
            // in the process's RSS, but they are the file's cache, shared and reclaimable. The
            // writer keeps read(): an import's RSS stays its own memory.
            if db.configuration.readonly {
                try db.execute(sql: "PRAGMA mmap_size = \(SQLiteEventStore.readerMapSize)")
            } else {
                // Temporary storage (statement journals, a migration's index sort: tens of MB over
                // a million events) in memory rather than in temporary files. SQLite decides where
                // when a transaction begins. (The batch's grouped inserts, `OR ROLLBACK`, keep no
                // statement journal at all.)
                try db.execute(sql: "PRAGMA temp_store = MEMORY")
                // A new log is laid out in 16 KiB pages (an existing one keeps its own: SQLite
                // fixes the size when the file is first written): fewer pages and system calls for
                // a large import, which writes each page to the WAL and then into the file (a
                // fifth less system time; its wall time is the same as with 4 KiB pages within
                // the host's noise).
                try db.execute(sql: "PRAGMA page_size = \(SQLiteEventStore.newLogPageSize)")
            }
        }
        do {
            pool = try DatabasePool(path: path, configuration: config)
        } catch let error as DatabaseError {
            throw EventStoreError.unusable(path: path, reason: error.message ?? error.description)
        }
        try migrate()
    }

    private func migrate() throws {
        let migrator = Schema.migrator
        // Two processes creating the same new file race for the migrations: the loser's CREATE
        // fails inside its own rolled-back transaction, and asking again finds the work done.
        var attempt = 0
        while true {
            do {
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError {
                attempt += 1
                if error.resultCode == .SQLITE_NOTADB {
                    throw EventStoreError.unusable(path: path, reason: "not a SQLite database (is this a Frontline event log?)")
                }
                if attempt > SQLiteEventStore.lockRetries { throw error }
            }
        }
    }

    // MARK: Writing

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, taking the write lock before `body` reads
    /// any input, so waiting for another writer never costs input.
    ///
    /// With `checkingForeignKeys` false, SQLite does not look up each new row's side code (and a
    /// snapshot part's event) in the parent table: for a batch, which registers every side code
    /// before the rows that use it and inserts parts right after their event, so the keys hold
    /// by construction. The lookups were a fifteenth of SQLite's instructions on a large import
    /// (callgrind); ``checkStorage()`` still has SQLite check every key of the file. SQLite takes
    /// the setting only outside a transaction, so it is made before `BEGIN` and undone after.
    private func writeTransaction<R>(checkingForeignKeys: Bool = true, _ body: (Database, inout ChainHead) throws -> R) throws -> R {
        try pool.writeWithoutTransaction { db in
            if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            var attempt = 0
            while true {
                do {
                    try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
                    break
                } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                    attempt += 1
                    if attempt > SQLiteEventStore.lockRetries { throw EventStoreError.busy(path) }
                }
            }
            do {
                var head = try ChainHead.fetch(db)
                let start = head
                let result = try body(db, &head)
                if head != start {
                    try db.execute(sql: "UPDATE chain_head SET seq = ?, hash = ? WHERE singleton = 1",
                                   arguments: [head.seq, head.hash])
                }
                try Trace.total("store: commit (WAL written, then checkpointed into the file)") {
                    try db.execute(sql: "COMMIT TRANSACTION")
                }
                return result
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                throw error
            }
        }
    }

    public func appendBatch<R>(_ body: (any EventBatch) throws -> R) throws -> R {
        try writeTransaction(checkingForeignKeys: false) { db, head in
            // A large import touches the whole `(at_utc, seq)` index at random: give this
            // connection a larger page cache while the batch runs so those pages stay in memory
            // instead of being spilled to the WAL and read back (memory grows only as it is used).
            try db.execute(sql: "PRAGMA cache_size = \(SQLiteEventStore.batchCacheSize)")
            // The batch checks every row against the schema's CHECK constraints itself, before
            // the insert (``PreparedEvent/requireStorable(_:)``), at a fraction of what
            // SQLite's evaluation of them costs per row (a third of SQLite's time on a large
            // import). The constraints stay in the schema for every other writer, and `verify`
            // has SQLite check them over the whole file.
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            defer {
                try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
                try? db.execute(sql: "PRAGMA cache_size = \(SQLiteEventStore.cacheSize)")
            }
            let batch = try SQLiteEventBatch(db: db, head: head, ids: ids)
            defer { ids = batch.ids }
            let result = try body(batch)
            try batch.finish()
            head = batch.head
            return result
        }
    }

    public func retract(eventID: String, reason: String) throws -> Retraction {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw EventStoreError.invalid(EventFieldError("is required: say why", field: "reason")) }
        let id = eventID.uppercased()
        return try writeTransaction { db, head in
            guard let eventSeq = try Self.sequence(ofEvent: id, db) else {
                throw EventStoreError.unknownEvent(eventID)
            }
            if let earlier = try String.fetchOne(db, sql: "SELECT reason FROM retractions WHERE event_seq = ?", arguments: [eventSeq]) {
                throw EventStoreError.alreadyRetracted(id, reason: earlier)
            }
            let recordedAt = EventTime.now()
            let content = RetractionContent(seq: head.seq + 1, eventID: id, reason: reason,
                                            recordedAt: recordedAt.iso8601, prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: """
                INSERT INTO retractions (seq, event_seq, reason, recorded_at, hash) VALUES (?, ?, ?, ?, ?)
                """, arguments: [content.seq, eventSeq, reason, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return Retraction(eventID: id, reason: reason, recordedAt: recordedAt, sequence: content.seq)
        }
    }

    public func declareSide(code rawCode: String, name rawName: String) throws -> SideDeclaration {
        let code: String
        do { code = try Side.normalize(rawCode) } catch let error as EventFieldError { throw EventStoreError.invalid(error.on("code")) }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw EventStoreError.invalid(EventFieldError("is required: what the side is called", field: "name")) }
        if let builtIn = Side.builtIn.first(where: { $0.code == code }) {
            throw EventStoreError.invalid(EventFieldError("'\(code)' is built in (\(builtIn.name)): every log knows it", field: "code"))
        }
        return try writeTransaction { db, head in
            if let earlier = try SideDeclarationRow.fetchOne(db, sql: "SELECT \(SideDeclarationRow.selection) WHERE code = ?", arguments: [code]) {
                throw EventStoreError.invalid(EventFieldError(
                    "'\(code)' is already declared, as \"\(VisibleText.escaped(earlier.name))\" (\(earlier.recordedAt)); a declaration is kept for good",
                    field: "code"))
            }
            let recordedAt = EventTime.now()
            let content = SideDeclarationContent(seq: head.seq + 1, code: code, name: name, recordedAt: recordedAt.iso8601,
                                                 prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: "INSERT INTO side_declarations (seq, code, name, recorded_at, hash) VALUES (?, ?, ?, ?, ?)",
                           arguments: [content.seq, code, name, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return SideDeclaration(code: code, name: name, recordedAt: recordedAt, sequence: content.seq)
        }
    }

    // MARK: Reading

    public func forEachEvent(matching filter: EventFilter, _ body: (ControlEvent) throws -> Void) throws {
        try forEachEvent(matching: filter, order: "ASC") { try body($0); return true }
    }

    public func forEachEventLatestFirst(matching filter: EventFilter, while body: (ControlEvent) throws -> Bool) throws {
        try forEachEvent(matching: filter, order: "DESC", body)
    }

    /// Both walk the `(at_utc, seq)` index, one way or the other.
    private func forEachEvent(matching filter: EventFilter, order: String, _ body: (ControlEvent) throws -> Bool) throws {
        try pool.read { db in
            let (whereSQL, arguments) = try Self.whereClause(filter, db)
            let sql = """
                SELECT \(EventRow.selection)
                FROM \(EventRow.tables)
                \(whereSQL)
                ORDER BY e.at_utc \(order), e.seq \(order)
                """
            let rows = try EventRow.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                let parts = row.kind == "snapshot" ? try SnapshotPartRow.fetchAll(db, forEvent: row.seq) : []
                guard try body(try row.event(parts: parts)) else { return }
            }
        }
    }

    public func earliestGeometricEvent(to: EventTime?) throws -> ReplayPosition? {
        try pool.read { db in
            // The partial index `events_geometric` holds exactly these rows (the condition is
            // spelled as in the index, so that SQLite uses it).
            let row = try Row.fetchOne(db, sql: """
                SELECT at_utc, seq FROM events INDEXED BY events_geometric
                WHERE kind IN ('area', 'snapshot') AND at_utc <= ?
                ORDER BY at_utc, seq LIMIT 1
                """, arguments: [to?.millisecondsSinceEpoch ?? Int64.max])
            return row.map { ReplayPosition(at: $0[0], sequence: $0[1]) }
        }
    }

    public func count(matching filter: EventFilter) throws -> Int {
        try pool.read { db in
            let (whereSQL, arguments) = try Self.whereClause(filter, db)
            return try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM events e LEFT JOIN retractions r ON r.event_seq = e.seq \(whereSQL)
                """, arguments: arguments) ?? 0
        }
    }

    /// The position of the event with id `id` (upper case), found from its batch: the batch with
    /// the greatest first id not after it, if `id` lies within its size.
    static func sequence(ofEvent id: String, _ db: Database) throws -> Int64? {
        guard let batch = try Row.fetchOne(db, sql: """
            SELECT first_seq, first_id, size FROM batches WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1
            """, arguments: [id]) else { return nil }
        let firstSeq: Int64 = batch[0], firstID: String = batch[1], size: Int64 = batch[2]
        guard let offset = id == firstID ? 0 : EventIDGenerator.offset(of: id, from: firstID), offset < size else { return nil }
        return try Int64.fetchOne(db, sql: "SELECT seq FROM events WHERE seq = ? AND batch = ?",
                                  arguments: [firstSeq + offset, firstSeq])
    }

    static func whereClause(_ filter: EventFilter, _ db: Database) throws -> (String, StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let id = filter.id {
            // Ids are not stored per row: the id becomes a position (none: no row matches).
            clauses.append("e.seq = ?"); arguments += [try sequence(ofEvent: id.uppercased(), db) ?? 0]
        }
        if let from = filter.from { clauses.append("e.at_utc >= ?"); arguments += [from.millisecondsSinceEpoch] }
        if let to = filter.to { clauses.append("e.at_utc <= ?"); arguments += [to.millisecondsSinceEpoch] }
        if let place = filter.placeID { clauses.append("e.place_id = ?"); arguments += [place] }
        if let side = filter.side { clauses.append("e.side = ?"); arguments += [side] }
        if let status = filter.status { clauses.append("e.status = ?"); arguments += [status.rawValue] }
        if let kinds = filter.kinds {
            let sorted = kinds.map(\.rawValue).sorted()
            clauses.append("e.kind IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(sorted)
        }
        if !filter.includeRetracted { clauses.append("r.seq IS NULL") }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    public func sides() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT code FROM sides WHERE code <> '*' ORDER BY code")
        }
    }

    public func sideDeclarations() throws -> [SideDeclaration] {
        try pool.read { db in
            try SideDeclarationRow.fetchAll(db, sql: "SELECT \(SideDeclarationRow.selection) ORDER BY seq").map(\.declaration)
        }
    }

    public func claimants() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT claimant FROM events WHERE claimant <> '' ORDER BY claimant")
        }
    }

    public func hasClaimant(_ name: String) throws -> Bool {
        // SQLite's NOCASE folds ASCII letters only: a name it does not find may still differ by
        // the case of other letters (Cyrillic), which the list of claimants settles.
        let found = try pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM events WHERE claimant = ? COLLATE NOCASE)", arguments: [name]) ?? false
        }
        return try found || claimants().contains { $0.caseInsensitiveCompare(name) == .orderedSame }
    }

    // MARK: Verifying

    public func checkStorage() throws -> [String] {
        // On the writer's connection: on a read-only one, SQLite's check skips the CHECK
        // constraints. It only reads.
        try pool.writeWithoutTransaction { db in
            var found = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if found == ["ok"] { found = [] }
            // Foreign keys too: batches insert with SQLite's checks of them off.
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
                found.append("\(table) row \(rowid.map(String.init) ?? "?") refers to a missing row of \(parent)")
            }
            return found
        }
    }

    /// Rows hold no previous hash: each entry's hash is recomputed over its content and the hash
    /// of the entry before, so an edit shows at the entry edited, or (when its own hash was
    /// recomputed too) at the next one. Each batch's events must be its run of positions, for
    /// their ids to be derived.
    public func verifyChain() throws -> ChainReport {
        try pool.read { db in
            let head = try ChainHead.fetch(db)
            var form = CanonicalForm()
            var expected: Int64 = 1
            var previousHash = CanonicalForm.genesisHash
            var previousLabel: String?
            func problem(_ seq: Int64, _ label: String?, _ reason: String) -> ChainReport {
                ChainReport(entries: Int(expected - 1), problem: .init(sequence: seq, entry: label, reason: reason))
            }
            let events = try EventRow.fetchCursor(db, sql: "SELECT \(EventRow.selection) FROM \(EventRow.tables) ORDER BY e.seq")
            let retractions = try RetractionRow.fetchCursor(db, sql: "SELECT \(RetractionRow.selection) ORDER BY r.seq")
            let declarations = try SideDeclarationRow.fetchCursor(db, sql: "SELECT \(SideDeclarationRow.selection) ORDER BY seq")
            var nextEvent = try events.next()
            var nextRetraction = try retractions.next()
            var nextDeclaration = try declarations.next()
            // The batch of the last event: its first position, its size, and its events seen.
            var batch: (first: Int64, size: Int64, seen: Int64)?
            var batchCount = 0
            func unfinished(_ batch: (first: Int64, size: Int64, seen: Int64)?) -> ChainReport? {
                guard let batch, batch.seen != batch.size else { return nil }
                return problem(batch.first + batch.seen, nil, "the batch that begins at entry \(batch.first) holds \(batch.seen) events, not the \(batch.size) it recorded: the log was changed outside Frontline")
            }
            while nextEvent != nil || nextRetraction != nil || nextDeclaration != nil {
                let seq: Int64, label: String, storedHash: String, computed: String
                var bboxProblem = false
                var eventRow: EventRow?
                // The next entry is whichever of the three tables holds the lowest position.
                let otherSeq = min(nextRetraction?.seq ?? .max, nextDeclaration?.seq ?? .max)
                if let event = nextEvent, event.seq <= otherSeq {
                    seq = event.seq; label = event.id.isEmpty ? "event with no batch" : "event \(event.id)"
                    if event.seq == otherSeq {
                        let other = nextRetraction?.seq == otherSeq ? "a retraction" : "a side declaration"
                        return problem(event.seq, label, "position \(event.seq) is used twice (by \(other) too): an entry was inserted outside Frontline")
                    }
                    let parts = event.kind == "snapshot" ? try SnapshotPartRow.fetchAll(db, forEvent: event.seq) : []
                    storedHash = event.hash
                    computed = event.content(parts: parts, prevHash: previousHash).hash(using: &form)
                    bboxProblem = !event.boundingBoxMatches() || parts.contains { !$0.boundingBoxMatches() }
                    eventRow = event
                    nextEvent = try events.next()
                } else if let retraction = nextRetraction, retraction.seq == otherSeq {
                    seq = retraction.seq; label = "retraction of event \(retraction.eventID.isEmpty ? "(missing)" : retraction.eventID)"
                    storedHash = retraction.hash
                    computed = retraction.content(prevHash: previousHash).hash(using: &form)
                    nextRetraction = try retractions.next()
                } else if let declaration = nextDeclaration {
                    seq = declaration.seq; label = "declaration of side \(VisibleText.escaped(declaration.code))"
                    storedHash = declaration.hash
                    computed = declaration.content(prevHash: previousHash).hash(using: &form)
                    nextDeclaration = try declarations.next()
                } else { break }

                if seq > expected {
                    let span = seq - 1 > expected ? "entries \(expected)–\(seq - 1) are" : "entry \(expected) is"
                    return problem(expected, nil, "missing: \(span) not in the log (removed outside Frontline); the log continues with \(label)")
                }
                if seq < expected {
                    return problem(seq, label, "position \(seq) is used twice: an entry was inserted outside Frontline")
                }
                if computed != storedHash {
                    let chained = seq > 1 ? ", chained to entry \(seq - 1)'s hash (this entry or that hash was edited)" : ""
                    return problem(seq, label, "changed outside Frontline: its hash no longer matches its content\(chained)")
                }
                if bboxProblem {
                    return problem(seq, label, "changed outside Frontline: its bounding box no longer matches its geometry")
                }
                if let event = eventRow {
                    if let current = batch, current.first == event.batch, current.seen < current.size,
                       event.seq == current.first + current.seen {
                        batch?.seen += 1
                    } else {
                        if let report = unfinished(batch) { return report }
                        guard let size = event.batchSize, event.seq == event.batch else {
                            return problem(seq, label, "changed outside Frontline: its batch (entry \(event.batch)) does not hold it")
                        }
                        batch = (event.batch, size, 1)
                        batchCount += 1
                    }
                } else if let report = unfinished(batch) {
                    return report
                } else {
                    batch = nil
                }
                previousHash = storedHash
                previousLabel = label
                expected += 1
            }
            let last = expected - 1
            if let report = unfinished(batch) { return report }
            if head.seq > last {
                let span = head.seq > last + 1 ? "entries \(last + 1)–\(head.seq) are" : "entry \(head.seq) is"
                return problem(last + 1, nil, "missing: \(span) not in the log (removed outside Frontline); the log recorded \(head.seq) entries")
            }
            if head.seq < last || head.hash != previousHash {
                return problem(last, previousLabel, "the log's recorded head (entry \(head.seq)) does not match its last entry: entries were added or changed outside Frontline")
            }
            let recordedBatches = try Int.fetchOne(db, sql: "SELECT count(*) FROM batches") ?? 0
            if recordedBatches != batchCount {
                return problem(last, previousLabel, "the log records \(recordedBatches) batches but its events form \(batchCount): batches were added outside Frontline")
            }
            return ChainReport(entries: Int(last), problem: nil)
        }
    }
}

/// The last position of the chain and its hash.
struct ChainHead: Equatable {
    var seq: Int64
    var hash: String

    static func fetch(_ db: Database) throws -> ChainHead {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM chain_head WHERE singleton = 1") else {
            throw EventStoreError.unusable(path: db.description, reason: "the chain head is missing")
        }
        return ChainHead(seq: row["seq"], hash: row["hash"])
    }
}
