import CSQLiteConfig
import Foundation
import FrontlineGeometry
import GRDB
import FrontlineSupport

/// The event log in one SQLite file, through GRDB: WAL mode (readers never block the writer),
/// foreign keys on, `synchronous = FULL` (a commit survives power loss), a 10 s busy timeout and
/// `BEGIN IMMEDIATE` write transactions that wait while another process writes (``LockWait``), so
/// two processes recording at once both succeed.
public final class SQLiteEventStore: EventStore, LinkedRowStore {
    public let path: String
    let pool: DatabasePool
    private var ids = EventIDGenerator()

    /// Seconds a connection waits for a lock before SQLite gives up: what a reader may meet (a
    /// writer recovering the WAL) and a migration. A writer waiting for another process's write
    /// lock waits as ``lockWait`` says instead.
    public static let busyTimeout: TimeInterval = 10
    static let lockRetries = 5

    /// How a writing command waits while another process writes the log (an import holds the
    /// write lock from its first row to its commit, all or nothing: minutes for a large one).
    public struct LockWait: Sendable {
        /// Seconds after which the writer gives up (``EventStoreError/busy(_:waited:)``, nothing
        /// written); nil: it waits for as long as the other writer writes.
        public var limit: TimeInterval?
        /// Called once, after ``noticeAfter`` seconds of waiting (to tell the user why nothing
        /// happens); not at all when the lock comes sooner.
        public var onWaiting: (@Sendable () -> Void)?

        public init(limit: TimeInterval? = nil, onWaiting: (@Sendable () -> Void)? = nil) {
            self.limit = limit
            self.onWaiting = onWaiting
        }

        /// Seconds of waiting before ``onWaiting`` is called.
        public static let noticeAfter: TimeInterval = 2
        /// Longest single wait inside SQLite between two looks at the clock, in seconds.
        static let slice: TimeInterval = 0.5
    }

    /// How this store's writes wait for another process's write lock: by default, as long as it
    /// takes, silently.
    public var lockWait = LockWait()
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
    /// Signs the head after each write (``HeadSigner``), when set.
    public var signer: HeadSigner?
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
        guard FileManager.default.fileExists(atPath: path) else {
            throw EventStoreError.unusable(path: path, reason: "no such file")
        }
        // An empty file, or one that is not SQLite, is not a log to make one of: a command that
        // reads never creates a log.
        try inspectFile(path, wholeFile: false)
        if whyNotWritable(path) == nil { return try SQLiteEventStore(path: path) }
        let walExists = FileManager.default.fileExists(atPath: path + "-wal")
        return try SQLiteEventStore(path: path, access: walExists ? .readOnly : .immutable)
    }

    /// Opens an existing log for `verify`, which never writes: read-only whoever may write it
    /// (through the `-wal` and `-shm` another process keeps, or as an immutable file when there
    /// is no `-wal`), creating, migrating and checkpointing nothing. Before SQLite opens it, the
    /// file's own header is checked (``inspectFile(_:wholeFile:)``): an empty file or one that is
    /// not SQLite is ``EventStoreError/notALog(path:reason:)``, a file cut short or with bytes
    /// beyond its last page ``EventStoreError/damaged(path:reason:)``; a log of an older schema is
    /// ``EventStoreError/needsMigration(path:from:)``.
    public static func openForVerifying(path: String) throws -> SQLiteEventStore {
        guard FileManager.default.fileExists(atPath: path) else {
            throw EventStoreError.unusable(path: path, reason: "no such file")
        }
        let walExists = FileManager.default.fileExists(atPath: path + "-wal")
        let before = FileIdentity(path)
        try inspectFile(path, wholeFile: !walExists)
        let store = try SQLiteEventStore(path: path, access: walExists ? .readOnly : .immutable, verifying: true)
        // The header was read before the immutable store took the file's identity: a writer in
        // between would make one or the other stale.
        if !walExists, store.openedFile != before { throw EventStoreError.changedWhileRead(path) }
        return store
    }

    /// SQLite's file header: the 16 bytes every database begins with.
    static let sqliteMagic = Array("SQLite format 3\u{0}".utf8)

    /// Checks what the file's first bytes say, before SQLite reads it: an empty file or one not
    /// beginning as an SQLite database is not a log; one shorter than its header, or (with
    /// `wholeFile`: no `-wal` exists, so the file alone is the database and SQLite keeps its
    /// size at its pages) not as long as its header's page count says, is damaged. SQLite
    /// itself reads a file cut short as if the missing pages were never written, and ignores
    /// bytes past its last page.
    static func inspectFile(_ path: String, wholeFile: Bool) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw EventStoreError.unusable(path: path, reason: "cannot be read (no permission)")
        }
        defer { try? handle.close() }
        let size = (try? handle.seekToEnd()) ?? 0
        try? handle.seek(toOffset: 0)
        let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
        if size == 0 { throw EventStoreError.notALog(path: path, reason: "the file is empty: 0 bytes") }
        let magic = min(header.count, sqliteMagic.count)
        guard header.count >= 16 ? Array(header[0..<16]) == sqliteMagic : Array(header[0..<magic]) == Array(sqliteMagic[0..<magic]) else {
            throw EventStoreError.notALog(path: path, reason: "not an SQLite database")
        }
        guard header.count == 100 else {
            throw EventStoreError.damaged(path: path, reason: "the file is cut short: \(size) bytes, less than SQLite's 100-byte header")
        }
        func be32(_ at: Int) -> UInt64 { header[at..<at + 4].reduce(0) { $0 << 8 | UInt64($1) } }
        let rawPageSize = UInt64(header[16]) << 8 | UInt64(header[17])
        let pageSize = rawPageSize == 1 ? 65536 : rawPageSize
        guard pageSize >= 512, pageSize <= 65536, pageSize & (pageSize - 1) == 0 else {
            throw EventStoreError.damaged(path: path, reason: "its header is overwritten (page size \(rawPageSize))")
        }
        if let reason = versionDamage(header) { throw EventStoreError.damaged(path: path, reason: reason) }
        guard wholeFile else { return }
        // The page count in the header is valid when the change counter (offset 24) equals the
        // "version valid for" number (offset 92): every SQLite since 3.7.0 keeps it so.
        let pages = be32(28)
        guard pages > 0, be32(24) == be32(92) else {
            guard UInt64(size) % pageSize == 0 else {
                throw EventStoreError.damaged(path: path, reason: "the file is cut short or has bytes appended: \(size) bytes is not a whole number of its \(pageSize)-byte pages")
            }
            return
        }
        let expected = pages * pageSize
        if UInt64(size) < expected {
            throw EventStoreError.damaged(path: path, reason: "the file is cut short: \(size) bytes, where its header counts \(pages) pages of \(pageSize) bytes (\(expected) bytes)")
        }
        if UInt64(size) > expected {
            throw EventStoreError.damaged(path: path, reason: "the file has \(UInt64(size) - expected) bytes after its last page (\(pages) pages of \(pageSize) bytes): appended or damaged outside Frontline")
        }
    }

    /// What is wrong with SQLite's file format versions (header bytes 18 and 19, for writing and
    /// reading), nil when each is 1 (a rollback journal) or 2 (WAL), all SQLite writes. With a
    /// larger one SQLite opens the file read-only or not at all: a writing command would fail
    /// with "attempt to write a readonly database" on a file the user may write.
    static func versionDamage(_ header: [UInt8]) -> String? {
        guard header.count >= 20, !(1...2).contains(header[18]) || !(1...2).contains(header[19]) else { return nil }
        return "its header is overwritten (file format versions \(header[18]) for writing and \(header[19]) for reading, where SQLite writes 1 or 2)"
    }

    /// Whether this store was opened by ``openForVerifying(path:)``: a file that is not a log, or
    /// needs migrating, is reported as such rather than as read-only.
    private let verifying: Bool
    /// The log's schema as a store opened read-only found it (`v3` … `v6`; empty for a store
    /// that may write, which brings it to the current one).
    public private(set) var schema = ""

    init(path: String, access: Access, verifying: Bool = false) throws {
        _ = SQLiteEventStore.processSettings
        self.path = path
        self.access = access
        self.verifying = verifying
        var config = Configuration()
        config.readonly = access != .readWrite
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(SQLiteEventStore.busyTimeout)
        config.label = "frontline-events"
        let storeIsReadOnly = access != .readWrite
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
                // stands for it, so a read-only v3 log reads as it is. Only in a store that
                // cannot write: a writable store's readers are read-only connections too, and
                // one opened before the store's migrations ran (to ask whether they had) would
                // otherwise hide the real table, made by v4, behind the empty one for good.
                if storeIsReadOnly, try !db.tableExists("side_declarations", in: "main") {
                    try db.execute(sql: "CREATE TEMP TABLE side_declarations (seq INTEGER PRIMARY KEY, code TEXT, name TEXT, recorded_at TEXT, hash TEXT)")
                }
                if storeIsReadOnly { try Schema.numericClaimStandIns(db) }
                // The same for a log from before v6, which holds no added places.
                if storeIsReadOnly, try !db.tableExists("places", in: "main") {
                    try db.execute(sql: """
                        CREATE TEMP TABLE places (seq INTEGER PRIMARY KEY, id INTEGER, name TEXT, lat REAL, lon REAL, area TEXT,
                                                  source TEXT, alternates TEXT, recorded_at TEXT, hash TEXT);
                        CREATE TEMP TABLE place_retractions (seq INTEGER PRIMARY KEY, place_id INTEGER, reason TEXT,
                                                             recorded_at TEXT, hash TEXT)
                        """)
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
        if access == .readWrite, let handle = FileHandle(forReadingAtPath: path) {
            // An existing log's header, before SQLite opens it for writing (``versionDamage(_:)``).
            let header = [UInt8]((try? handle.read(upToCount: 100)) ?? Data())
            try? handle.close()
            if header.count == 100, Array(header[0..<16]) == Self.sqliteMagic, let reason = Self.versionDamage(header) {
                throw EventStoreError.damaged(path: path, reason: reason)
            }
        }
        do {
            pool = try DatabasePool(path: access == .immutable ? Self.immutableURI(path) : path, configuration: config)
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path) ?? EventStoreError.unusable(path: path, reason: error.message ?? error.description)
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
        var lastApplied = "v0"
        do {
            current = try pool.read { db in
                let migrations = Schema.migrator.migrations
                let applied = try Schema.migrator.appliedIdentifiers(db)
                if verifying {
                    guard try db.tableExists("chain_head", in: "main") || db.tableExists("grdb_migrations", in: "main") else {
                        throw EventStoreError.notALog(path: path, reason: "an SQLite database without the log's tables")
                    }
                }
                if let last = migrations.last(where: applied.contains) {
                    lastApplied = String(last.prefix { $0 != ":" })
                }
                return Set(migrations).subtracting(applied).isSubset(of: Schema.readableWithout)
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_NOTADB && !verifying {
            throw EventStoreError.unusable(path: path, reason: "not a SQLite database (is this a Frontline event log?)")
        } catch let error as DatabaseError {
            throw Self.storeError(error, path: path) ?? EventStoreError.unusable(path: path, reason: error.message ?? error.description)
        }
        schema = lastApplied
        if !current && verifying { throw EventStoreError.needsMigration(path: path, from: lastApplied) }
        guard current else {
            throw EventStoreError.readOnly(path: path, reason: "this event log was written by an older Frontline and is read-only here: it can be read once a user who may write it has run any command on it (which upgrades it)")
        }
        try requireUnchanged()
    }

    /// Reads in one transaction; for an immutable store, then checks that the file is still the
    /// one opened (any read that a writer could have met fails, rather than give a wrong answer).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        let result: T
        do {
            result = try pool.read(body)
        } catch let error as DatabaseError {
            try requireUnchanged()
            throw Self.storeError(error, path: path) ?? error
        } catch let error as RowDecodingError {
            try requireUnchanged()
            throw Self.storeError(error, path: path)
        }
        try requireUnchanged()
        return result
    }

    /// What an SQLite error means for the log, when it means the file is not a log or is
    /// damaged (nil otherwise): one line naming the file, not SQLite's message alone.
    static func storeError(_ error: DatabaseError, path: String) -> EventStoreError? {
        switch error.resultCode {
        case .SQLITE_NOTADB:
            return .notALog(path: path, reason: "not an SQLite database")
        case .SQLITE_CORRUPT:
            return .damaged(path: path, reason: "SQLite cannot read its pages (\(error.message ?? "database disk image is malformed")): the file was cut short or overwritten; run `frontline verify`")
        case .SQLITE_IOERR where error.extendedResultCode == .SQLITE_IOERR_SHORT_READ:
            return .damaged(path: path, reason: "the file ends before its last page: it was cut short; run `frontline verify`")
        default:
            return nil
        }
    }

    /// A value a column cannot hold by the schema (a NULL where it allows none), met while
    /// reading: the file was changed outside Frontline.
    static func storeError(_ error: RowDecodingError, path: String) -> EventStoreError {
        // GRDB's description, without the row's values it ends with.
        let text = String(describing: error)
        let what = text.range(of: ", row: ").map { String(text[..<$0.lowerBound]) } ?? text
        return .damaged(path: path, reason: "a row holds what its column cannot (\(VisibleText.escaped(what))): the file was changed outside Frontline; run `frontline verify`")
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
                // Temporary storage in files while migrating, so that memory stays bounded
                // whatever the log's size. Inside the migration's transaction, SQLite keeps a
                // statement journal of every page a statement changes that the file already
                // had: dropping the v2 events table puts all its pages there (377 MB for a
                // million events), and the new indexes' sort holds every key. In memory
                // (`temp_store = MEMORY`) both grow with the log (a million-event v2 log peaked
                // at 442 MB); in files, SQLite keeps a small part of them in memory. Set outside
                // the transaction (SQLite takes it only there), on the writer the migrator uses.
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA temp_store = FILE") }
                // Changing temp_store resets the connection's schema: read it again at once, so
                // that no later statement reloads it under whatever limits it runs with.
                defer {
                    try? pool.writeWithoutTransaction {
                        try $0.execute(sql: "PRAGMA temp_store = MEMORY")
                        _ = try Int.fetchOne($0, sql: "SELECT count(*) FROM sqlite_master")
                    }
                }
                try migrator.migrate(pool)
                return
            } catch let error as DatabaseError {
                attempt += 1
                if error.resultCode == .SQLITE_NOTADB {
                    throw EventStoreError.unusable(path: path, reason: "not a SQLite database (is this a Frontline event log?)")
                }
                // Pages SQLite cannot read do not come right by asking again.
                if let damage = Self.storeError(error, path: path) { throw damage }
                if attempt > SQLiteEventStore.lockRetries {
                    // A migration that still fails (a table it makes is already there) in a file
                    // whose record of migrations lost some: changed outside Frontline.
                    if error.resultCode == .SQLITE_ERROR {
                        throw EventStoreError.damaged(path: path, reason: "its tables do not match the migrations it records (\(VisibleText.escaped(error.message ?? "SQL error"))): it was changed outside Frontline; run `frontline verify`")
                    }
                    throw error
                }
            }
        }
    }

    // MARK: Writing

    /// Takes the write lock (`BEGIN IMMEDIATE`) on `db`, waiting while another process holds it
    /// as ``lockWait`` says: in slices of SQLite's own busy wait (which sleeps and retries), with
    /// a look at the clock between them for the notice and the limit.
    private func beginImmediate(_ db: Database) throws {
        let wait = lockWait
        let start = DispatchTime.now().uptimeNanoseconds
        var noticed = false
        func elapsed() -> TimeInterval { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
        func setBusyTimeout(_ seconds: TimeInterval) throws {
            try db.execute(sql: "PRAGMA busy_timeout = \(max(1, Int((seconds * 1000).rounded())))")
        }
        defer { try? setBusyTimeout(SQLiteEventStore.busyTimeout) }
        while true {
            let waited = elapsed()
            var slice = LockWait.slice
            if !noticed, wait.onWaiting != nil { slice = min(slice, LockWait.noticeAfter - waited) }
            if let limit = wait.limit { slice = min(slice, limit - waited) }
            try setBusyTimeout(max(slice, 0.001))
            do {
                try db.execute(sql: "BEGIN IMMEDIATE TRANSACTION")
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED {
                let waited = elapsed()
                if let limit = wait.limit, waited >= limit { throw EventStoreError.busy(path, waited: limit) }
                if !noticed, waited >= LockWait.noticeAfter {
                    noticed = true
                    wait.onWaiting?()
                }
            }
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, taking the write lock before `body` reads
    /// any input, so waiting for another writer never costs input.
    ///
    /// With `checkingForeignKeys` false, SQLite does not look up each new row's side code (and a
    /// snapshot part's event) in the parent table: for a batch, which registers every side code
    /// before the rows that use it and inserts parts right after their event, so the keys hold
    /// by construction. The lookups were a fifteenth of SQLite's instructions on a large import
    /// (callgrind); ``checkStorage()`` still has SQLite check every key of the file. SQLite takes
    /// the setting only outside a transaction, so it is made before `BEGIN` and undone after.
    func writeTransaction<R>(checkingForeignKeys: Bool = true, _ body: (Database, inout ChainHead) throws -> R) throws -> R {
        try requireWritable()
        return try pool.writeWithoutTransaction { db in
            if !checkingForeignKeys { try db.execute(sql: "PRAGMA foreign_keys = OFF") }
            defer { if !checkingForeignKeys { try? db.execute(sql: "PRAGMA foreign_keys = ON") } }
            try beginImmediate(db)
            let locked = DispatchTime.now().uptimeNanoseconds
            defer {
                if Trace.enabled {
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - locked) / 1e6
                    FileHandle.standardError.write(Data("trace: store: write lock held \(String(format: "%.1f", ms)) ms\n".utf8))
                }
            }
            do {
                var head = try ChainHead.fetch(db)
                // Appending to a chain that does not end at its recorded head would chain new
                // entries to a tampered log (or fail on a position taken).
                if let reason = try Self.headProblem(db, head: head) {
                    throw EventStoreError.headMismatch(path: path, reason: reason)
                }
                let start = head
                let result = try body(db, &head)
                if head != start {
                    try db.execute(sql: "UPDATE chain_head SET seq = ?, hash = ? WHERE singleton = 1",
                                   arguments: [head.seq, head.hash])
                    if let signer { try Self.sign(db, head: head, with: signer) }
                }
                try Trace.total("store: commit (WAL written, then checkpointed into the file)") {
                    try db.execute(sql: "COMMIT TRANSACTION")
                }
                return result
            } catch {
                if db.isInsideTransaction { try? db.execute(sql: "ROLLBACK TRANSACTION") }
                if let error = error as? DatabaseError, let storeError = Self.storeError(error, path: path) { throw storeError }
                if let error = error as? RowDecodingError { throw Self.storeError(error, path: path) }
                throw error
            }
        }
    }

    /// Whether an import appends through the store's pipeline (``LinkedRowStore``; the default)
    /// or row by row, as into any store (``ImportAppending/rowByRow``): the same log, slower.
    public var pipelinesImports = true

    public var importAppending: ImportAppending { pipelinesImports ? ImportAppending(pipeline: self) : .rowByRow }

    public func appendBatch<R>(_ body: (any EventBatch) throws -> R) throws -> R {
        try appendSQLiteBatch(body)
    }

    func appendLinkedBatch<R>(_ body: (any LinkedRowBatch) throws -> R) throws -> R {
        try appendSQLiteBatch(body)
    }

    private func appendSQLiteBatch<R>(_ body: (SQLiteEventBatch) throws -> R) throws -> R {
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
        do { code = try Side.normalizedCode(rawCode) } catch let error as EventFieldError { throw EventStoreError.invalid(error.on("code")) }
        let name = rawName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw EventStoreError.invalid(EventFieldError("is required: what the side is called", field: "name")) }
        if let builtIn = Side.builtIn.first(where: { $0.side.code == code }) {
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

    public func addPlace(_ draft: PlaceDraft, check: ([AddedPlace]) throws -> Void) throws -> AddedPlace {
        try writeTransaction { db, head in
            let existing = try PlaceRow.fetchAll(db, sql: "SELECT \(PlaceRow.selection) ORDER BY p.seq").map(\.place)
            try check(existing)
            let number = (try Int.fetchOne(db, sql: "SELECT max(id) FROM places")).map { $0 - AddedPlace.firstID } ?? 0
            let id = AddedPlace.firstID + number + 1
            let recordedAt = EventTime.now()
            let alternates = PlaceRow.joined(draft.alternateNames)
            let content = PlaceContent(seq: head.seq + 1, id: id, name: draft.name, lat: draft.coordinate.lat,
                                       lon: draft.coordinate.lon, area: draft.areaISO, source: draft.source,
                                       alternates: alternates, recordedAt: recordedAt.iso8601, prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: """
                INSERT INTO places (seq, id, name, lat, lon, area, source, alternates, recorded_at, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [content.seq, id, content.name, content.lat, content.lon, content.area, content.source,
                                 alternates, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return AddedPlace(id: id, name: draft.name, coordinate: draft.coordinate, areaISO: draft.areaISO,
                              source: draft.source, alternateNames: draft.alternateNames, recordedAt: recordedAt,
                              sequence: content.seq)
        }
    }

    /// How many of the events still naming a place a refusal to retract it lists.
    static let placeInUseListed = 5

    public func retractPlace(id: Int, reason rawReason: String) throws -> PlaceRetraction {
        let reason = rawReason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw EventStoreError.invalid(EventFieldError("is required: say why", field: "reason")) }
        if let problem = FieldRules.problem(reason, as: .source) { throw EventStoreError.invalid(EventFieldError(problem, field: "reason")) }
        return try writeTransaction { db, head in
            guard let place = try PlaceRow.fetchOne(db, sql: "SELECT \(PlaceRow.selection) WHERE p.id = ?", arguments: [id])?.place else {
                throw EventStoreError.unknownPlace(id)
            }
            if let earlier = place.retraction { throw EventStoreError.placeAlreadyRetracted(id, reason: earlier.reason) }
            // Events that still stand on the place would lose their territory: they are
            // retracted first, by the user, each with its own reason.
            let standing = try EventRow.fetchAll(db, sql: """
                SELECT \(EventRow.selection) FROM \(EventRow.tables) WHERE e.place_id = ? AND r.seq IS NULL ORDER BY e.seq
                """, arguments: [id])
            if !standing.isEmpty {
                throw EventStoreError.placeInUse(id, name: place.name, events: standing.prefix(Self.placeInUseListed).map(\.id),
                                                 count: standing.count)
            }
            let recordedAt = EventTime.now()
            let content = PlaceRetractionContent(seq: head.seq + 1, placeID: id, reason: reason, recordedAt: recordedAt.iso8601,
                                                 prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: "INSERT INTO place_retractions (seq, place_id, reason, recorded_at, hash) VALUES (?, ?, ?, ?, ?)",
                           arguments: [content.seq, id, reason, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return PlaceRetraction(placeID: id, reason: reason, recordedAt: recordedAt, sequence: content.seq)
        }
    }

    public func addedPlaces() throws -> [AddedPlace] {
        try read { db in
            try PlaceRow.fetchAll(db, sql: "SELECT \(PlaceRow.selection) ORDER BY p.seq").map(\.place)
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
        if let side = filter.side { clauses.append("e.side = ?"); arguments += [side.code] }
        if let status = filter.status { clauses.append("e.status = ?"); arguments += [status.rawValue] }
        if let kinds = filter.kinds {
            let sorted = kinds.map(\.rawValue).sorted()
            clauses.append("e.kind IN (\(sorted.map { _ in "?" }.joined(separator: ", ")))")
            arguments += StatementArguments(sorted)
        }
        if !filter.includeRetracted { clauses.append("r.seq IS NULL") }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    public func sides() throws -> [Side] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT code FROM sides WHERE code <> '*' ORDER BY code").map(Side.init(normalized:))
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

    // MARK: Signing

    /// Stores `signer`'s signature of `head` (the table, append-only, made with the first).
    static func sign(_ db: Database, head: ChainHead, with signer: HeadSigner) throws {
        if try !db.tableExists("head_signatures", in: "main") {
            try db.execute(sql: """
                CREATE TABLE head_signatures (
                    seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                    hash TEXT NOT NULL CHECK (length(hash) = 64),
                    public_key TEXT NOT NULL CHECK (length(public_key) = 64),
                    signature TEXT NOT NULL CHECK (length(signature) = 128)
                )
                """)
            try Schema.appendOnly(db, tables: ["head_signatures"])
        }
        try db.execute(sql: "INSERT INTO head_signatures (seq, hash, public_key, signature) VALUES (?, ?, ?, ?)",
                       arguments: [head.seq, head.hash, signer.publicKey, try signer.signature(seq: head.seq, hash: head.hash)])
    }

    /// Checks the head signatures against `publicKey` (64 hex digits): every one is that key's,
    /// over an entry the log holds with that hash, and the last is the head's. Nil when they
    /// hold (or the log is empty); otherwise what is wrong. Run after ``verifyChain()``: the
    /// entries' hashes are then the chain's.
    public func verifySignatures(publicKey rawKey: String) throws -> String? {
        let publicKey = rawKey.lowercased()
        return try read { db in
            let head = try ChainHead.fetch(db)
            guard head.seq > 0 else { return nil }
            guard try db.tableExists("head_signatures", in: "main") else {
                return "no entry of the log is signed"
            }
            var lastSigned: Int64 = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT seq, hash, public_key, signature FROM head_signatures ORDER BY seq")
            while let row = try rows.next() {
                let seq: Int64 = try row.decode(atIndex: 0), hash: String = try row.decode(atIndex: 1)
                let key: String = try row.decode(atIndex: 2), signature: String = try row.decode(atIndex: 3)
                guard key == publicKey else { return "entry \(seq) is signed by another key (\(key))" }
                guard HeadSigner.isValid(signature: signature, publicKey: publicKey, seq: seq, hash: hash) else {
                    return "the signature of entry \(seq) does not verify with the key: changed outside Frontline"
                }
                guard let stored = try Self.entryHash(db, seq) else {
                    return "entry \(seq), which is signed, is not in the log"
                }
                guard stored == hash else {
                    return "entry \(seq) does not have the hash that was signed: the chain was rewritten"
                }
                lastSigned = seq
            }
            if lastSigned < head.seq {
                let span = head.seq > lastSigned + 1 ? "entries \(lastSigned + 1)–\(head.seq) are" : "entry \(head.seq) is"
                return "\(span) not signed (written without the key, or outside Frontline)"
            }
            return nil
        }
    }

    /// The tables whose rows are entries of the chain, each with its `seq` and `hash`.
    static let chainTables = ["events", "retractions", "side_declarations", "claims", "claim_retractions", "places", "place_retractions"]

    static func entryHash(_ db: Database, _ sequence: Int64) throws -> String? {
        for table in chainTables {
            if let hash = try String.fetchOne(db, sql: "SELECT hash FROM \(table) WHERE seq = ?", arguments: [sequence]) {
                return hash
            }
        }
        return nil
    }

    // MARK: Verifying

    /// The cheap check of the chain's end that every command can afford (a few lookups by
    /// primary key, whatever the number of events): the last entry of the chain's tables is the
    /// recorded head (position and hash), the first is entry 1, the last event's batch is the
    /// last batch and ends at that event, and the entries the log records (its batches' sizes,
    /// its retractions, side declarations, added places and their retractions: small tables, one
    /// row per command) are as many as the head's position. Nil when it holds; otherwise what is wrong. An event removed from
    /// the middle of its batch, or an edit, is for ``verifyChain()`` to find.
    static func headProblem(_ db: Database, head: ChainHead) throws -> String? {
        var last: (seq: Int64, hash: String)?
        var first: Int64?
        for table in Self.chainTables {
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM \(table) ORDER BY seq DESC LIMIT 1") {
                let seq: Int64 = try row.decode(atIndex: 0)
                if seq > last?.seq ?? .min { last = (seq, try row.decode(atIndex: 1)) }
            }
            if let seq = try Int64.fetchOne(db, sql: "SELECT seq FROM \(table) ORDER BY seq LIMIT 1") {
                first = min(first ?? seq, seq)
            }
        }
        guard let last else {
            if head.seq != 0 { return "it holds no entries, but its recorded head is entry \(head.seq)" }
            if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM batches)") == true {
                return "it holds no entries, but records a batch"
            }
            return nil
        }
        if last.seq != head.seq {
            return "its last entry is entry \(last.seq), its recorded head entry \(head.seq)"
        }
        if last.hash != head.hash {
            return "its last entry, entry \(last.seq), does not have the recorded head's hash"
        }
        if let first, first != 1 { return "its first entry is entry \(first), not entry 1" }
        let lastEvent = try Row.fetchOne(db, sql: "SELECT seq, batch FROM events ORDER BY seq DESC LIMIT 1")
        let lastBatch = try Row.fetchOne(db, sql: "SELECT first_seq, size FROM batches ORDER BY first_seq DESC LIMIT 1")
        switch (lastEvent, lastBatch) {
        case (nil, nil): break
        case let (event?, batch?):
            let eventSeq: Int64 = event[0], eventBatch: Int64 = event[1]
            let batchFirst: Int64 = batch[0], batchSize: Int64 = batch[1]
            if eventBatch != batchFirst || batchFirst + batchSize - 1 != eventSeq {
                return "its last event, entry \(eventSeq), does not end its last batch (entries \(batchFirst)–\(batchFirst + batchSize - 1))"
            }
        case (nil, _?): return "it holds no events, but records a batch"
        case (_?, nil): return "it holds events, but records no batch"
        }
        let recorded = try Int64.fetchOne(db, sql: """
            SELECT (SELECT coalesce(sum(size), 0) FROM batches) + (SELECT count(*) FROM retractions)
                 + (SELECT count(*) FROM side_declarations) + (SELECT count(*) FROM claims)
                 + (SELECT count(*) FROM claim_retractions) + (SELECT count(*) FROM places)
                 + (SELECT count(*) FROM place_retractions)
            """) ?? 0
        if recorded != head.seq {
            return "its batches, retractions, side declarations, numeric claims and added places count \(recorded) entries, its recorded head is entry \(head.seq)"
        }
        return nil
    }

    /// The cheap check of the chain's end (``headProblem(_:head:)``) that commands make on
    /// opening a log: nil when the chain ends at its recorded head, otherwise what is wrong.
    /// Writing commands refuse such a log (``EventStoreError/headMismatch(path:reason:)``).
    public func checkHead() throws -> String? {
        try read { db in try Self.headProblem(db, head: try ChainHead.fetch(db)) }
    }

    /// The chain's recorded head: its last entry's position and hash (nil for an empty log).
    public func head() throws -> ChainEntry? {
        try read { db in
            let head = try ChainHead.fetch(db)
            return head.seq == 0 ? nil : ChainEntry(sequence: head.seq, hash: head.hash)
        }
    }

    /// The entry at position `sequence` (an event, a retraction, a side declaration, an added
    /// place or its retraction) with its
    /// stored hash, or nil when the log holds none there: what an anchor is checked against.
    public func entry(at sequence: Int64) throws -> ChainEntry? {
        try read { db in try Self.entryHash(db, sequence).map { ChainEntry(sequence: sequence, hash: $0) } }
    }

    /// Brings the log at `path` to the current schema (what any writing command does on
    /// opening it) and returns the schema it had and has (`v2`, `v6`). A file that is not a
    /// log, or is damaged, is refused as ``openForVerifying(path:)`` refuses it, before
    /// anything is written.
    public static func migrate(path: String) throws -> (from: String, to: String) {
        if let reason = whyNotWritable(path) { throw EventStoreError.readOnly(path: path, reason: reason) }
        let from: String
        do {
            from = try openForVerifying(path: path).schema
        } catch let EventStoreError.needsMigration(_, old) {
            from = old
        }
        _ = try SQLiteEventStore(path: path)
        return (from, Self.currentSchema)
    }

    /// The schema a log has once migrated: the last migration's number (`v6`).
    static var currentSchema: String {
        String((Schema.migrator.migrations.last ?? "v0").prefix { $0 != ":" })
    }

    public func checkStorage() throws -> [String] {
        // On the writer's connection: on a read-only one, SQLite's check skips the CHECK
        // constraints (SQLite does not even parse them for a file it cannot write). It only
        // reads. A read-only store has no other connection: there the constraints are checked
        // by queries (``SchemaChecks``).
        func check(_ db: Database) throws -> [String] {
            // The full check, not `quick_check`: it also compares every index with its table,
            // so an index rebuilt to leave rows out (and relabelled as the full index through
            // `writable_schema`), which queries would read as the table, is found.
            var found = try String.fetchAll(db, sql: "PRAGMA integrity_check")
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
            var others = try OtherEntries(db)
            var nextEvent = try events.next()
            // The batch of the last event: its first position, its size, and its events seen.
            var batch: (first: Int64, size: Int64, seen: Int64)?
            var batchCount = 0
            func unfinished(_ batch: (first: Int64, size: Int64, seen: Int64)?) -> ChainReport? {
                guard let batch, batch.seen != batch.size else { return nil }
                return problem(batch.first + batch.seen, nil, "the batch that begins at entry \(batch.first) holds \(batch.seen) events, not the \(batch.size) it recorded: the log was changed outside Frontline")
            }
            while nextEvent != nil || others.next != nil {
                let seq: Int64, label: String, storedHash: String, computed: String
                var bboxProblem = false
                var eventRow: EventRow?
                // The next entry is whichever of the tables holds the lowest position.
                let otherSeq = others.next?.seq ?? .max
                if let event = nextEvent, event.seq <= otherSeq {
                    seq = event.seq; label = event.id.isEmpty ? "event with no batch" : "event \(event.id)"
                    if event.seq == otherSeq {
                        let other = others.next?.kind ?? "another entry"
                        return problem(event.seq, label, "position \(event.seq) is used twice (by \(other) too): an entry was inserted outside Frontline")
                    }
                    let parts = event.kind == "snapshot" ? try SnapshotPartRow.fetchAll(db, forEvent: event.seq) : []
                    storedHash = event.hash
                    computed = event.content(parts: parts, prevHash: previousHash).hash(using: &form)
                    bboxProblem = !event.boundingBoxMatches() || parts.contains { !$0.boundingBoxMatches() }
                    eventRow = event
                    nextEvent = try events.next()
                } else if let other = others.next {
                    seq = other.seq; label = other.label
                    storedHash = other.hash
                    computed = other.computeHash(previousHash, &form)
                    try others.advance()
                    if others.next?.seq == seq {
                        let again = others.next!.kind
                        return problem(seq, label, "position \(seq) is used twice (by \(again) too): an entry was inserted outside Frontline")
                    }
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

/// The chain's entries other than events (retractions, side declarations, added places and their
/// retractions), merged in order of position from one cursor per table, for ``SQLiteEventStore/verifyChain()``.
struct OtherEntries {
    struct Entry {
        var seq: Int64
        /// How `verify` names it: "retraction of event 01J…".
        var label: String
        /// What kind of entry it is: "a retraction".
        var kind: String
        var hash: String
        /// Its hash recomputed over its content, chained to the given previous hash.
        var computeHash: (String, inout CanonicalForm) -> String
    }

    private var sources: [() throws -> Entry?]
    private var heads: [Entry?]
    /// The entry of lowest position not yet taken.
    private(set) var next: Entry?

    init(_ db: Database) throws {
        let retractions = try RetractionRow.fetchCursor(db, sql: "SELECT \(RetractionRow.selection) ORDER BY r.seq")
        let declarations = try SideDeclarationRow.fetchCursor(db, sql: "SELECT \(SideDeclarationRow.selection) ORDER BY seq")
        let places = try PlaceRow.fetchCursor(db, sql: "SELECT \(PlaceRow.selection) ORDER BY p.seq")
        let placeRetractions = try PlaceRetractionRow.fetchCursor(db, sql: "SELECT \(PlaceRetractionRow.selection) ORDER BY seq")
        sources = [
            {
                try retractions.next().map { row in
                    Entry(seq: row.seq, label: "retraction of event \(row.eventID.isEmpty ? "(missing)" : row.eventID)",
                          kind: "a retraction", hash: row.hash) { row.content(prevHash: $0).hash(using: &$1) }
                }
            },
            {
                try declarations.next().map { row in
                    Entry(seq: row.seq, label: "declaration of side \(VisibleText.escaped(row.code))", kind: "a side declaration",
                          hash: row.hash) { row.content(prevHash: $0).hash(using: &$1) }
                }
            },
            {
                try places.next().map { row in
                    Entry(seq: row.seq, label: "added place \(row.id) (\(VisibleText.escaped(row.name)))", kind: "an added place",
                          hash: row.hash) { row.content(prevHash: $0).hash(using: &$1) }
                }
            },
            {
                try placeRetractions.next().map { row in
                    Entry(seq: row.seq, label: "retraction of added place \(row.placeID)", kind: "a place's retraction",
                          hash: row.hash) { row.content(prevHash: $0).hash(using: &$1) }
                }
            },
        ]
        // Numeric claims and their retractions (small tables: one row per command), in order.
        var claims = try SQLiteEventStore.claimChainEntries(db)[...]
        sources.append {
            claims.popFirst().map { entry in
                Entry(seq: entry.seq, label: entry.label, kind: "a numeric claim or its retraction", hash: entry.hash) {
                    entry.computedHash(prevHash: $0, using: &$1)
                }
            }
        }
        heads = try sources.map { try $0() }
        pick()
    }

    /// Takes ``next`` and reads the one after it.
    mutating func advance() throws {
        guard let index = heads.indices.filter({ heads[$0] != nil }).min(by: { heads[$0]!.seq < heads[$1]!.seq }) else { return }
        heads[index] = try sources[index]()
        pick()
    }

    private mutating func pick() {
        next = heads.compactMap { $0 }.min { $0.seq < $1.seq }
    }
}

/// One entry of the chain as an anchor names it: its position and stored hash.
public struct ChainEntry: Hashable, Sendable {
    public var sequence: Int64
    public var hash: String

    public init(sequence: Int64, hash: String) {
        self.sequence = sequence
        self.hash = hash
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
        // Decoded with checks: a NULL here (a file changed outside Frontline) is damage, not a crash.
        return ChainHead(seq: try row.decode(forColumn: "seq"), hash: try row.decode(forColumn: "hash"))
    }
}
