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

    /// How a store reaches its file.
    public enum Access: Sendable, Equatable {
        /// Read and written: the file and its directory are writable. The last connection to
        /// close checkpoints the WAL and removes the `-wal` and `-shm` files.
        case readWrite
        /// Read only, through the `-wal` and `-shm` files that another process keeps (they
        /// existed when the log was opened): SQLite reads them and creates nothing.
        case readOnly
        /// Read only, as an immutable file (SQLite's `immutable=1`: no locks, no `-wal` or
        /// `-shm`): when no `-wal` exists, nobody has the log open for writing, and a read-only
        /// connection would otherwise leave `-wal` and `-shm` files behind, or fail where they
        /// cannot be made. In case a writer comes along all the same (its owner, say), every read
        /// is followed by a check that the file is still the one opened and no `-wal` has
        /// appeared (``EventStoreError/changedWhileRead(_:)``).
        case immutable
    }

    /// How this store was opened.
    public let access: Access
    /// The file as it was when an immutable store opened it (nil otherwise).
    private let openedFile: FileIdentity?

    /// Opens the log at `path` to read and write it, creating the file and its schema when
    /// missing (or migrating an older schema). Idempotent: opening an up-to-date log changes
    /// nothing. A log that cannot be written here (a read-only file, a directory where SQLite
    /// cannot make its `-wal` file, a read-only file system) is refused before SQLite opens it,
    /// so nothing is left behind (``EventStoreError/readOnly(path:reason:)``).
    public convenience init(path: String) throws {
        if let reason = Self.whyNotWritable(path) { throw EventStoreError.readOnly(path: path, reason: reason) }
        try self.init(path: path, access: .readWrite)
    }

    /// Opens an existing log to read it: as ``init(path:)`` does when the log and its directory
    /// are writable (so an older schema is migrated, and the WAL files are cleaned up as the
    /// store closes); otherwise read-only (``Access``), leaving no file behind. A read-only log
    /// of an older schema is refused (upgrading it needs write access).
    public static func openForReading(path: String) throws -> SQLiteEventStore {
        if whyNotWritable(path) == nil { return try SQLiteEventStore(path: path) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw EventStoreError.unusable(path: path, reason: "no such file")
        }
        let walExists = FileManager.default.fileExists(atPath: path + "-wal")
        return try SQLiteEventStore(path: path, access: walExists ? .readOnly : .immutable)
    }

    init(path: String, access: Access) throws {
        _ = SQLiteEventStore.processSettings
        self.path = path
        self.access = access
        var config = Configuration()
        config.readonly = access != .readWrite
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
                // A log from before v4 holds no side declarations, and a reader cannot add the
                // table: an empty temporary one of that name (in memory, not in the file)
                // stands for it, so a read-only v3 log reads as it is.
                if try !db.tableExists("side_declarations", in: "main") {
                    try db.execute(sql: "CREATE TEMP TABLE side_declarations (seq INTEGER PRIMARY KEY, code TEXT, name TEXT, recorded_at TEXT, hash TEXT)")
                }
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
        if access == .immutable {
            guard let identity = FileIdentity(path) else { throw EventStoreError.unusable(path: path, reason: "no such file") }
            openedFile = identity
        } else {
            openedFile = nil
        }
        do {
            pool = try DatabasePool(path: access == .immutable ? Self.immutableURI(path) : path, configuration: config)
        } catch let error as DatabaseError {
            throw EventStoreError.unusable(path: path, reason: error.message ?? error.description)
        }
        if access == .readWrite {
            try migrate()
        } else {
            try requireCurrentSchema()
        }
    }

    /// Why the log at `path` cannot be written here (nil when it can): the file, or (to make the
    /// file, or SQLite's `-wal` and `-shm` beside it) its directory. Asked of the system
    /// (`access(2)`), which knows the user's permissions, ACLs and read-only mounts.
    static func whyNotWritable(_ path: String) -> String? {
        /// `access(2)` for writing; nil when allowed, else the reason.
        func denied(_ path: String, mode: Int32, _ what: String) -> String? {
            guard Glibc.access(path, mode) != 0 else { return nil }
            switch errno {
            case EROFS: return "\(what) is on a read-only file system"
            case ENOENT, ENOTDIR: return "\(what) does not exist"
            default: return "no permission to write \(what)"
            }
        }
        let readersStillWork = "; commands that only read it (control, events, verify, …) still work"
        let exists = FileManager.default.fileExists(atPath: path)
        if exists, let reason = denied(path, mode: W_OK, "the file") {
            return "cannot write to this event log: it is read-only here (\(reason))" + readersStillWork
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dir = directory.isEmpty ? "." : directory
        if let reason = denied(dir, mode: W_OK | X_OK, exists ? "its directory \(dir)" : "the directory \(dir)") {
            return exists
                ? "cannot write to this event log: it is read-only here (\(reason), where SQLite keeps its -wal file)" + readersStillWork
                : "cannot create an event log here (\(reason))"
        }
        return nil
    }

    /// An SQLite URI naming `path` as an immutable file: the absolute path, percent-encoded
    /// where URI syntax needs it.
    static func immutableURI(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var uri = "file:"
        for byte in absolute.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "/"), UInt8(ascii: "-"),
                 UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                uri.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                uri += "%" + (byte < 16 ? "0" : "") + String(byte, radix: 16, uppercase: true)
            }
        }
        return uri + "?immutable=1"
    }

    /// A read-only store cannot migrate an older log: it says so instead, unless all it lacks
    /// is what a reader can do without (``Schema/readableWithout``).
    private func requireCurrentSchema() throws {
        let current: Bool
        do {
            current = try pool.read { db in
                let missing = Set(Schema.migrator.migrations).subtracting(try Schema.migrator.appliedIdentifiers(db))
                return missing.isSubset(of: Schema.readableWithout)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB {
            throw EventStoreError.unusable(path: path, reason: "not a SQLite database (is this a Frontline event log?)")
        } catch let error as DatabaseError {
            throw EventStoreError.unusable(path: path, reason: error.message ?? error.description)
        }
        guard current else {
            throw EventStoreError.readOnly(path: path, reason: "this event log was written by an older Frontline and is read-only here: it can be read once a user who may write it has run any command on it (which upgrades it)")
        }
        try requireUnchanged()
    }

    /// Reads in one transaction; for an immutable store, then checks that the file is still the
    /// one opened (any read that a writer could have met fails, rather than give a wrong answer).
    private func read<T>(_ body: (Database) throws -> T) throws -> T {
        let result = try pool.read(body)
        try requireUnchanged()
        return result
    }

    private func requireUnchanged() throws {
        guard let openedFile else { return }
        if FileIdentity(path) != openedFile || FileManager.default.fileExists(atPath: path + "-wal") {
            throw EventStoreError.changedWhileRead(path)
        }
    }

    private func requireWritable() throws {
        guard access == .readWrite else {
            throw EventStoreError.readOnly(path: path, reason: Self.whyNotWritable(path) ?? "this event log was opened read-only")
        }
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
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
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
        try read { db in
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
        try read { db in
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
        try read { db in
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
        try read { db in
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
        // constraints (SQLite does not even parse them for a file it cannot write). It only
        // reads. A read-only store has no other connection: there the constraints are checked
        // by queries (``SchemaChecks``).
        func check(_ db: Database) throws -> [String] {
            var found = try String.fetchAll(db, sql: "PRAGMA quick_check")
            if found == ["ok"] { found = [] }
            if db.configuration.readonly { found += try SchemaChecks.violations(db).filter { !found.contains($0) } }
            // Foreign keys too: batches insert with SQLite's checks of them off.
            for row in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") {
                let table: String = row[0], rowid: Int64? = row[1], parent: String = row[2]
                found.append("\(table) row \(rowid.map(String.init) ?? "?") refers to a missing row of \(parent)")
            }
            return found
        }
        if access == .readWrite { return try pool.writeWithoutTransaction(check) }
        return try read(check)
    }

    /// Rows hold no previous hash: each entry's hash is recomputed over its content and the hash
    /// of the entry before, so an edit shows at the entry edited, or (when its own hash was
    /// recomputed too) at the next one. Each batch's events must be its run of positions, for
    /// their ids to be derived.
    public func verifyChain() throws -> ChainReport {
        try read { db in
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
