import Foundation
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// Logs read without being written: as an immutable file (no `-wal`), or through the `-wal`
/// another process keeps. (Whether a user may write a file is the system's answer, which root
/// always gets as yes: the CLI tests run the binary as an unprivileged user for that.)
@Suite struct ReadOnlyStoreTests {
    static let sidecars = ["-wal", "-shm", "-journal"]

    static func sidecars(of path: String) -> [String] {
        sidecars.filter { FileManager.default.fileExists(atPath: path + $0) }
    }

    /// A place, an area and a snapshot event and a retraction, written and closed.
    static func makeLog(_ path: String) throws -> [ControlEvent] {
        let store = try SQLiteEventStore(path: path)
        let snapshot = Snapshot(region: "UA", parts: [.init(side: "RU", geometry: Fixtures.square)])
        let events = try store.append([
            try Fixtures.draft("2022-09-10"),
            try EventDraft(at: try EventTime(parsing: "2022-09-11"), subject: .area(Fixtures.square), side: "RU", source: "map"),
            try EventDraft(at: try EventTime(parsing: "2022-09-12"), subject: .snapshot(snapshot), side: "", source: "DeepState"),
        ])
        _ = try store.retract(eventID: events[0].id, reason: "misread")
        return try store.allEvents()
    }

    static func isReadOnly(_ error: any Error) -> Bool {
        if case .readOnly? = error as? EventStoreError { return true }
        return false
    }

    @Test func anImmutableStoreReadsEverythingAndLeavesNoFileBehind() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let events = try Self.makeLog(path)
        #expect(Self.sidecars(of: path) == [])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let store = try SQLiteEventStore(path: path, access: .immutable)
            #expect(store.access == .immutable)
            #expect(try store.allEvents() == events)
            #expect(try store.count(matching: EventFilter(includeRetracted: false)) == 2)
            #expect(try store.sides() == ["RU", "UA"])
            #expect(try store.earliestGeometricEvent(to: nil)?.sequence == events[1].sequence)
            #expect(try store.verifyChain() == ChainReport(entries: 4, problem: nil))
            #expect(try store.checkStorage() == [])
            #expect(Self.sidecars(of: path) == [])
            #expect(performing: { try store.append([try Fixtures.draft("2022-09-13")]) }, throws: Self.isReadOnly)
            #expect(performing: { try store.retract(eventID: events[1].id, reason: "x") }, throws: Self.isReadOnly)
            #expect(try store.allEvents() == events)
        }
        #expect(Self.sidecars(of: path) == [])
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    /// A writer that comes along while an immutable store reads: the next read fails rather
    /// than read a file that is being changed.
    @Test func anImmutableStoreFailsOnceAnotherProcessWrites() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let events = try Self.makeLog(path)
        let reader = try SQLiteEventStore(path: path, access: .immutable)
        #expect(try reader.allEvents() == events)
        func changed(_ error: any Error) -> Bool { (error as? EventStoreError) == .changedWhileRead(path) }
        // Open for writing (a -wal exists):
        let writer = try DatabaseQueue(path: path)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(performing: { try reader.allEvents() }, throws: changed)
        try writer.close()
        // Written and closed again (the file itself changed):
        try SQLiteEventStore(path: path).append([try Fixtures.draft("2022-09-13")])
        #expect(Self.sidecars(of: path) == [])
        #expect(performing: { try reader.count(matching: EventFilter()) }, throws: changed)
        #expect(performing: { try reader.verifyChain() }, throws: changed)
        #expect(try SQLiteEventStore(path: path, access: .immutable).count(matching: EventFilter()) == 4)
    }

    /// Another process has the log open, with a commit still in its -wal: a read-only store
    /// reads through it, and leaves the files as they are.
    @Test func aReadOnlyStoreReadsThroughTheWALAnotherProcessKeeps() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        _ = try Self.makeLog(path)
        var config = Configuration()
        config.prepareDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let other = try DatabaseQueue(path: path, configuration: config)
        try other.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_no_update; UPDATE events SET note = 'only in the WAL' WHERE seq = 2")
        }
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(main.range(of: Data("only in the WAL".utf8)) == nil)
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        do {
            let store = try SQLiteEventStore(path: path, access: .readOnly)
            #expect(try store.allEvents()[1].note == "only in the WAL")
            #expect(performing: { try store.append([try Fixtures.draft("2022-09-13")]) }, throws: Self.isReadOnly)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")) == wal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == main)
        try other.close()
    }

    /// SQLite does not parse the CHECK constraints of a file it opened read-only, so its own check
    /// cannot see a row that breaks them: the store checks them by queries.
    @Test func aRowBreakingACheckConstraintIsFoundInAReadOnlyFile() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        _ = try Self.makeLog(path)
        try writeBehindFrontline(path, "DROP TRIGGER events_no_update; PRAGMA ignore_check_constraints = ON",
                                 "UPDATE events SET source = '' WHERE seq = 2")
        let store = try SQLiteEventStore(path: path, access: .immutable)
        #expect(try store.checkStorage() == ["CHECK constraint failed in events"])
        let quickCheck = try DatabaseQueue(path: SQLiteEventStore.immutableURI(path), configuration: {
            var config = Configuration(); config.readonly = true; return config
        }()).read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        #expect(quickCheck == ["ok"])  // what the queries are for
        #expect(try SQLiteEventStore(path: path).checkStorage() == ["CHECK constraint failed in events"])
    }

    @Test func checkClausesAreFoundOutsideLiteralsQuotedNamesAndComments() {
        let sql = """
            CREATE TABLE t (
                a TEXT CHECK (a <> ')' AND a <> 'check (x)'),
                "check" INTEGER, [check (y)] INTEGER, -- CHECK (no)
                b INTEGER /* CHECK (b > 0) */ CHECK(b IN (1, (2), 3)),
                rechecked INTEGER,
                check ((b IS NULL) OR (b > 0))
            )
            """
        #expect(SchemaChecks.expressions(in: sql) == ["a <> ')' AND a <> 'check (x)'", "b IN (1, (2), 3)", "(b IS NULL) OR (b > 0)"])
        // Every CHECK of the log's own tables is found: as many as the schema writes.
        let events = Schema.eventsTable("events")
        #expect(SchemaChecks.expressions(in: events).count == events.components(separatedBy: "CHECK (").count - 1)
    }

    @Test func anImmutableStoreOpensAPathWithAnyCharacter() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let odd = dir.url.appendingPathComponent("a b?c#d%e&f=g;é")
        try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: true)
        let path = odd.appendingPathComponent("log?immutable=0.sqlite").path
        let events = try Self.makeLog(path)
        #expect(try SQLiteEventStore(path: path, access: .immutable).allEvents() == events)
        #expect(Self.sidecars(of: path) == [])
    }

    /// A log from before schema v3 needs migrating, which a read-only store cannot do.
    @Test func aReadOnlyStoreRefusesALogItWouldHaveToUpgrade() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/v2-log.sqlite")
        let path = dir.path("v2.sqlite")
        try FileManager.default.copyItem(atPath: fixture.path, toPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(performing: { try SQLiteEventStore(path: path, access: .immutable) }, throws: { error in
            Self.isReadOnly(error) && "\(error)".contains("older Frontline")
        })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(Self.sidecars(of: path) == [])
        #expect(try SQLiteEventStore(path: path).verifyChain().isIntact)  // upgraded when writable
    }

    /// As root (as the tests run) the file is writable: reading opens it as `init(path:)` does.
    @Test func aWritableLogIsReadAsBefore() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let events = try Self.makeLog(path)
        #expect(SQLiteEventStore.whyNotWritable(path) == nil)
        do {
            let store = try SQLiteEventStore.openForReading(path: path)
            #expect(store.access == .readWrite)
            #expect(try store.allEvents() == events)
        }
        #expect(Self.sidecars(of: path) == [])
    }
}
