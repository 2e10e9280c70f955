import Foundation
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// Every kind of edit made to a log behind Frontline's back (with GRDB's plain SQLite, or by
/// cutting and extending the file), and what finds it: `verify` (opening the file, SQLite's
/// check, the chain), an anchor noted before the edit, and the cheap head check every command
/// makes on opening a log (writers refuse a log that fails it).
@Suite struct TamperingTests {
    /// How an edit is found.
    enum Finding: Equatable, CustomStringConvertible {
        /// `verify` finds it without an anchor: the text of what it reports contains `fragment`.
        case verify(String)
        /// Only an anchor taken before the edit finds it: the chain verifies on its own.
        case anchorOnly
        /// Nothing finds it (the chain holds, the anchor too): only signed entries would.
        case nothing

        var description: String {
            switch self {
            case let .verify(fragment): "verify (\(fragment))"
            case .anchorOnly: "an anchor only"
            case .nothing: "nothing"
            }
        }
    }

    struct Edit: CustomTestStringConvertible, Sendable {
        let name: String
        let finding: Finding
        /// Whether the cheap head check fails once the edit is made (nil: the file itself is
        /// damaged, so no command gets that far).
        let headCheckFails: Bool?
        let apply: @Sendable (_ path: String) throws -> Void
        var testDescription: String { name }
    }

    /// The log every edit starts from, nine entries: a batch of three place events (1–3), a side
    /// declaration (4), a batch of an area and a snapshot (5–6), a retraction of event 1 (7) and
    /// a batch of two place events (8–9).
    static func makeLog(_ path: String, signer: HeadSigner? = nil) throws {
        let store = try SQLiteEventStore(path: path)
        store.signer = signer
        let first = try store.append([
            try Fixtures.draft("2022-09-10"),
            try Fixtures.draft("2022-09-11", side: "RU"),
            try Fixtures.draft("2022-09-12", place: Fixtures.kupiansk),
        ])
        _ = try store.declareSide(code: "PMC", name: "Wagner Group")
        let snapshot = Snapshot(region: "UA", parts: [.init(side: "RU", geometry: Fixtures.square)])
        try store.append([
            try EventDraft(at: try EventTime(parsing: "2022-09-13"), subject: .area(Fixtures.square), side: "PMC", source: "map"),
            try EventDraft(at: try EventTime(parsing: "2022-09-14"), subject: .snapshot(snapshot), side: "", source: "DeepState"),
        ])
        _ = try store.retract(eventID: first[0].id, reason: "misread")
        try store.append([try Fixtures.draft("2022-09-15", side: "RU"), try Fixtures.draft("2022-09-16")])
    }

    /// Drops the append-only triggers, as anyone with the sqlite3 shell can.
    static let dropTriggers = ["events", "snapshot_parts", "retractions", "batches", "side_declarations"]
        .map { "DROP TRIGGER \($0)_no_update; DROP TRIGGER \($0)_no_delete;" }.joined()

    static func sql(_ statements: String...) -> @Sendable (String) throws -> Void {
        { path in try writeBehindFrontline(path, dropTriggers, statements.joined(separator: ";\n")) }
    }

    /// Recomputes the hash of every entry from `start` on, and the head, as a forger who knows
    /// the canonical form would.
    static func rehash(_ db: Database, from start: Int64) throws {
        var form = CanonicalForm()
        var previous = CanonicalForm.genesisHash
        if start > 1 {
            previous = try String.fetchOne(db, sql: """
                SELECT hash FROM events WHERE seq = ?1 UNION ALL SELECT hash FROM retractions WHERE seq = ?1
                UNION ALL SELECT hash FROM side_declarations WHERE seq = ?1
                """, arguments: [start - 1])!
        }
        let last = try Int64.fetchOne(db, sql: """
            SELECT max(seq) FROM (SELECT seq FROM events UNION ALL SELECT seq FROM retractions UNION ALL SELECT seq FROM side_declarations)
            """)!
        for seq in start...last {
            if let row = try EventRow.fetchOne(db, sql: "SELECT \(EventRow.selection) FROM \(EventRow.tables) WHERE e.seq = ?", arguments: [seq]) {
                let parts = row.kind == "snapshot" ? try SnapshotPartRow.fetchAll(db, forEvent: seq) : []
                previous = row.content(parts: parts, prevHash: previous).hash(using: &form)
                try db.execute(sql: "UPDATE events SET hash = ? WHERE seq = ?", arguments: [previous, seq])
            } else if let row = try RetractionRow.fetchOne(db, sql: "SELECT \(RetractionRow.selection) WHERE r.seq = ?", arguments: [seq]) {
                previous = row.content(prevHash: previous).hash(using: &form)
                try db.execute(sql: "UPDATE retractions SET hash = ? WHERE seq = ?", arguments: [previous, seq])
            } else if let row = try SideDeclarationRow.fetchOne(db, sql: "SELECT \(SideDeclarationRow.selection) WHERE seq = ?", arguments: [seq]) {
                previous = row.content(prevHash: previous).hash(using: &form)
                try db.execute(sql: "UPDATE side_declarations SET hash = ? WHERE seq = ?", arguments: [previous, seq])
            }
        }
        try db.execute(sql: "UPDATE chain_head SET seq = ?, hash = ?", arguments: [last, previous])
    }

    static func rehashing(_ statements: String, from start: Int64) -> @Sendable (String) throws -> Void {
        { path in
            try writeBehindFrontline(path, dropTriggers, statements)
            let queue = try DatabaseQueue(path: path)
            try queue.write { try rehash($0, from: start) }
            try queue.close()
        }
    }

    static func file(_ change: @escaping @Sendable (FileHandle, UInt64) throws -> Void) -> @Sendable (String) throws -> Void {
        { path in
            let handle = try #require(FileHandle(forUpdatingAtPath: path))
            defer { try? handle.close() }
            try change(handle, try handle.seekToEnd())
        }
    }

    /// The page size of the logs made here (a new log's, 16 KiB).
    static let page = UInt64(SQLiteEventStore.newLogPageSize)

    static let edits: [Edit] = [
        Edit(name: "edit a field of an event", finding: .verify("entry 2"), headCheckFails: false,
             apply: sql("UPDATE events SET source = 'forged' WHERE seq = 2")),
        Edit(name: "edit an event's time", finding: .verify("entry 3"), headCheckFails: false,
             apply: sql("UPDATE events SET at_utc = at_utc + 86400000, at_text = '2022-09-13' WHERE seq = 3")),
        Edit(name: "edit a snapshot's part", finding: .verify("entry 6"), headCheckFails: false,
             apply: sql("UPDATE snapshot_parts SET side = 'UA' WHERE event_seq = 6")),
        Edit(name: "edit a field of a retraction", finding: .verify("entry 7"), headCheckFails: false,
             apply: sql("UPDATE retractions SET reason = 'forged' WHERE seq = 7")),
        Edit(name: "edit a field of a side declaration", finding: .verify("entry 4"), headCheckFails: false,
             apply: sql("UPDATE side_declarations SET name = 'forged' WHERE seq = 4")),
        Edit(name: "edit an event and recompute its hash", finding: .verify("chained to entry 2's hash"), headCheckFails: false,
             apply: { path in
                 try writeBehindFrontline(path, dropTriggers, "UPDATE events SET claimant = 'forged' WHERE seq = 2")
                 let queue = try DatabaseQueue(path: path)
                 try queue.write { db in
                     let row = try #require(try EventRow.fetchOne(db, sql: "SELECT \(EventRow.selection) FROM \(EventRow.tables) WHERE e.seq = 2"))
                     let previous = try #require(try String.fetchOne(db, sql: "SELECT hash FROM events WHERE seq = 1"))
                     var form = CanonicalForm()
                     try db.execute(sql: "UPDATE events SET hash = ? WHERE seq = 2",
                                    arguments: [row.content(parts: [], prevHash: previous).hash(using: &form)])
                 }
                 try queue.close()
             }),
        Edit(name: "give an event a side the log does not have", finding: .verify("refers to a missing row of sides"), headCheckFails: false,
             apply: sql("PRAGMA foreign_keys = OFF", "UPDATE events SET side = 'XX' WHERE seq = 2")),
        Edit(name: "delete an entry in the middle", finding: .verify("entry 2 is not in the log"), headCheckFails: false,
             apply: sql("DELETE FROM events WHERE seq = 2")),
        Edit(name: "delete the retraction", finding: .verify("entry 7 is not in the log"), headCheckFails: true,
             apply: sql("DELETE FROM retractions")),
        Edit(name: "delete a whole batch in the middle", finding: .verify("entries 5–6 are not in the log"), headCheckFails: true,
             apply: sql("DELETE FROM snapshot_parts", "DELETE FROM events WHERE batch = 5", "DELETE FROM batches WHERE first_seq = 5")),
        Edit(name: "delete the side declaration", finding: .verify("entry 4 is not in the log"), headCheckFails: true,
             apply: sql("DELETE FROM side_declarations")),
        Edit(name: "delete the last entry", finding: .verify("entry 9"), headCheckFails: true,
             apply: sql("DELETE FROM events WHERE seq = 9")),
        Edit(name: "delete the last batch", finding: .verify("entries 8–9 are"), headCheckFails: true,
             apply: sql("DELETE FROM events WHERE seq >= 8", "DELETE FROM batches WHERE first_seq = 8")),
        Edit(name: "delete the last batch and reset the head", finding: .anchorOnly, headCheckFails: false,
             apply: sql("DELETE FROM events WHERE seq >= 8", "DELETE FROM batches WHERE first_seq = 8",
                        "UPDATE chain_head SET seq = 7, hash = (SELECT hash FROM retractions WHERE seq = 7)")),
        Edit(name: "edit an event and rehash the whole chain", finding: .anchorOnly, headCheckFails: false,
             apply: rehashing("UPDATE events SET source = 'forged' WHERE seq = 2", from: 1)),
        Edit(name: "swap two entries' positions", finding: .verify("entry 2"), headCheckFails: false,
             apply: sql("UPDATE events SET seq = 1000 WHERE seq = 2", "UPDATE events SET seq = 2 WHERE seq = 3",
                        "UPDATE events SET seq = 3 WHERE seq = 1000")),
        Edit(name: "swap two events' places", finding: .verify("entry 1"), headCheckFails: false,
             apply: sql("UPDATE events SET place_id = CASE seq WHEN 1 THEN \(Fixtures.kupiansk) ELSE \(Fixtures.izium) END WHERE seq IN (1, 3)")),
        Edit(name: "change a batch's recording time", finding: .verify("entry 1"), headCheckFails: false,
             apply: sql("UPDATE batches SET recorded_at = '2020-01-01T00:00:00.000Z' WHERE first_seq = 1")),
        Edit(name: "change a batch's first id", finding: .verify("entry 1"), headCheckFails: false,
             apply: sql("UPDATE batches SET first_id = '01HF7YAT00ABCDEFGHJKMNPQ00' WHERE first_seq = 1")),
        Edit(name: "shrink the last batch", finding: .verify("batch"), headCheckFails: true,
             apply: sql("UPDATE batches SET size = 1 WHERE first_seq = 8")),
        Edit(name: "add an entry after the head", finding: .verify("entry 10"), headCheckFails: true,
             apply: sql("""
                 INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, hash)
                 SELECT 10, 8, 0, '1970-01-01', 'place', 1, 'UA', 'claimed', '', 'x', hash FROM chain_head
                 """)),
        Edit(name: "change the recorded head's hash", finding: .verify("head"), headCheckFails: true,
             apply: sql("UPDATE chain_head SET hash = (SELECT hash FROM events WHERE seq = 8)")),
        Edit(name: "rebuild an index as partial, relabelled through writable_schema", finding: .verify("missing from index events_replay"),
             headCheckFails: false,
             apply: sql("DROP INDEX events_replay",
                        "CREATE INDEX events_replay ON events(at_utc, seq) WHERE side <> 'RU'",
                        "PRAGMA writable_schema = ON",
                        "UPDATE sqlite_master SET sql = 'CREATE INDEX events_replay ON events(at_utc, seq)' WHERE name = 'events_replay'",
                        "PRAGMA writable_schema = OFF")),
        Edit(name: "truncate the file to 0 bytes", finding: .verify("not a Frontline event log (the file is empty: 0 bytes)"), headCheckFails: nil,
             apply: file { handle, _ in try handle.truncate(atOffset: 0) }),
        Edit(name: "cut the file mid-page", finding: .verify("the file is cut short"), headCheckFails: nil,
             apply: file { handle, size in try handle.truncate(atOffset: size - page - 1000) }),
        Edit(name: "cut the file's last page", finding: .verify("the file is cut short"), headCheckFails: nil,
             apply: file { handle, size in try handle.truncate(atOffset: size - page) }),
        Edit(name: "cut the file inside its header", finding: .verify("less than SQLite's 100-byte header"), headCheckFails: nil,
             apply: file { handle, _ in try handle.truncate(atOffset: 60) }),
        Edit(name: "append garbage to the file", finding: .verify("bytes after its last page"), headCheckFails: nil,
             apply: file { handle, _ in try handle.write(contentsOf: Data("garbage\n".utf8)) }),
        Edit(name: "append a whole page of zeros", finding: .verify("bytes after its last page"), headCheckFails: nil,
             apply: file { handle, _ in try handle.write(contentsOf: Data(count: Int(page))) }),
        Edit(name: "overwrite the header of the events table's root page", finding: .verify("damaged"), headCheckFails: nil,
             apply: { path in
                 let root = try DatabaseQueue(path: path).read { try Int64.fetchOne($0, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'events'") }
                 let handle = try #require(FileHandle(forUpdatingAtPath: path))
                 defer { try? handle.close() }
                 try handle.seek(toOffset: UInt64(try #require(root) - 1) * page)
                 try handle.write(contentsOf: Data(repeating: 0xFF, count: 16))
             }),
        // What neither the chain nor an anchor taken earlier can show: entries added after the
        // anchor, correctly chained. Signing entries with a key kept outside the log would.
        Edit(name: "append a forged entry, correctly chained", finding: .nothing, headCheckFails: false,
             apply: rehashing("""
                 INSERT INTO batches (first_seq, first_id, size, recorded_at) VALUES (10, '01J0000000ABCDEFGHJKMNPQRS', 1, '2022-09-20T00:00:00.000Z');
                 INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, hash)
                 VALUES (10, 10, 1663632000000, '2022-09-20', 'place', \(Fixtures.izium), 'RU', 'confirmed', '', 'forged', printf('%064d', 0))
                 """, from: 10)),
    ]

    /// Every row of the log's tables, in order: what a refused write must leave as it was.
    static func rows(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            var rows: [String] = []
            for table in ["events", "snapshot_parts", "retractions", "side_declarations", "batches", "sides", "chain_head"] {
                rows += try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table): \($0)" }
            }
            return rows
        }
    }

    /// What `verify` reports (nil when the log passes), as the command runs it: open the file
    /// without writing, SQLite's check, the chain, then each anchor.
    static func verify(_ path: String, anchors: [ChainEntry]) -> String? {
        do {
            let store = try SQLiteEventStore.openForVerifying(path: path)
            let damage = try store.checkStorage()
            if !damage.isEmpty { return "damaged: " + damage.joined(separator: "; ") }
            if let problem = try store.verifyChain().problem { return "\(problem)" }
            for anchor in anchors where try store.entry(at: anchor.sequence) != anchor {
                return "anchor \(anchor.sequence) no longer holds"
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: edits) func anEditBehindFrontlinesBackIsFound(_ edit: Edit) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        try Self.makeLog(path)
        let anchor = try #require(try SQLiteEventStore.openForVerifying(path: path).head())
        #expect(anchor.sequence == 9)
        #expect(Self.verify(path, anchors: [anchor]) == nil)
        try edit.apply(path)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let withoutAnchor = Self.verify(path, anchors: [])
        let withAnchor = Self.verify(path, anchors: [anchor])
        switch edit.finding {
        case let .verify(fragment):
            let found = try #require(withoutAnchor, "\(edit.name): verify passed")
            #expect(found.contains(fragment), "\(edit.name): \(found)")
        case .anchorOnly:
            #expect(withoutAnchor == nil, "\(edit.name): \(withoutAnchor ?? "")")
            #expect(withAnchor == "anchor 9 no longer holds", "\(edit.name)")
        case .nothing:
            #expect(withoutAnchor == nil && withAnchor == nil, "\(edit.name)")
        }
        // verify wrote nothing: the file is as the edit left it, with nothing beside it.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(edit.name)")
        #expect(ReadOnlyStoreTests.sidecars(of: path) == [], "\(edit.name)")

        guard let headCheckFails = edit.headCheckFails else { return }
        let rows = try Self.rows(path)
        let store = try SQLiteEventStore(path: path)
        #expect((try store.checkHead() != nil) == headCheckFails, "\(edit.name)")
        if headCheckFails {
            // A writer refuses to chain new entries to it, and writes nothing.
            #expect(performing: { try store.append([try Fixtures.draft("2022-09-20")]) }, throws: { error in
                guard case .headMismatch(path, _)? = error as? EventStoreError else { return false }
                return "\(error)".contains("run `frontline verify`")
            })
            #expect(performing: { try store.declareSide(code: "NEW", name: "new") }, throws: { $0 is EventStoreError })
            #expect(try Self.rows(path) == rows, "\(edit.name)")
        }
    }

    /// The partial index passes SQLite's quick check, and a query through it loses every RU
    /// event: why `verify` runs the full integrity check.
    @Test func aPartialIndexRelabelledPassesTheQuickCheckAndHidesEvents() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        try Self.makeLog(path)
        let edit = try #require(Self.edits.first { $0.name.hasPrefix("rebuild an index as partial") })
        try edit.apply(path)
        let quick = try DatabaseQueue(path: path).read { try String.fetchAll($0, sql: "PRAGMA quick_check") }
        #expect(quick == ["ok"])
        let store = try SQLiteEventStore.openForVerifying(path: path)
        #expect(try store.allEvents().filter { $0.side == "RU" }.isEmpty)  // what `events` and `control` would show
        #expect(try store.checkStorage().contains { $0.contains("missing from index events_replay") })
    }

    /// A log of an older schema is reported as needing migration, and left as it is.
    @Test func aV2LogNeedsMigrationAndIsNotMigratedByVerifying() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("v2.sqlite")
        try FileManager.default.copyItem(atPath: SchemaTests.fixtures.appendingPathComponent("v2-log.sqlite").path, toPath: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(throws: EventStoreError.needsMigration(path: path, from: "v2")) { try SQLiteEventStore.openForVerifying(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(ReadOnlyStoreTests.sidecars(of: path) == [])
        #expect(try SQLiteEventStore.migrate(path: path) == (from: "v2", to: "v6"))
        #expect(try SQLiteEventStore.migrate(path: path) == (from: "v6", to: "v6"))
        let store = try SQLiteEventStore.openForVerifying(path: path)
        #expect(try store.verifyChain() == ChainReport(entries: 9, problem: nil))
        #expect(try store.head()?.sequence == 9)
    }

    /// Files that are not logs are refused by `migrate` too, before anything is written.
    @Test func migrateRefusesWhatIsNotALog() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let empty = try dir.write("empty.sqlite", "")
        #expect(performing: { try SQLiteEventStore.migrate(path: empty) }, throws: { ($0 as? EventStoreError) == .notALog(path: empty, reason: "the file is empty: 0 bytes") })
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
        let text = try dir.write("events.csv", "at,place,side\n")
        #expect(performing: { try SQLiteEventStore.migrate(path: text) }, throws: { ($0 as? EventStoreError) == .notALog(path: text, reason: "not an SQLite database") })
    }

    /// The head and entries are what an anchor is checked against.
    @Test func theHeadIsTheLastEntryAndEveryEntryHasItsHash() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        #expect(try SQLiteEventStore(path: path).head() == nil)
        try Self.makeLog(path)
        let store = try SQLiteEventStore.openForVerifying(path: path)
        let events = try store.allEvents()
        #expect(try store.head() == ChainEntry(sequence: 9, hash: events.last!.hash))
        for event in events { #expect(try store.entry(at: event.sequence) == ChainEntry(sequence: event.sequence, hash: event.hash)) }
        #expect(try store.entry(at: 4) != nil)  // the declaration
        #expect(try store.entry(at: 7) != nil)  // the retraction
        #expect(try store.entry(at: 10) == nil)
        #expect(try store.checkHead() == nil)
    }
}

/// Heads signed with a key kept outside the log: what a forger who rehashes the chain cannot
/// redo without the key.
@Suite struct SignedHeadTests {
    static func signedLog(_ dir: TempDir) throws -> (String, HeadSigner) {
        let signer = HeadSigner()
        let path = dir.path("log.sqlite")
        try TamperingTests.makeLog(path, signer: signer)
        return (path, signer)
    }

    static func signatures(_ path: String, _ key: String) throws -> String? {
        let store = try SQLiteEventStore.openForVerifying(path: path)
        #expect(try store.checkStorage() == [])
        #expect(try store.verifyChain().isIntact)
        return try store.verifySignatures(publicKey: key)
    }

    @Test func everyWriteSignsItsHeadAndTheKeyFileRoundTrips() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (path, signer) = try Self.signedLog(dir)
        #expect(try Self.signatures(path, signer.publicKey) == nil)
        #expect(try Self.signatures(path, signer.publicKey.uppercased()) == nil)
        let heads = try DatabaseQueue(path: path).read { try Int64.fetchAll($0, sql: "SELECT seq FROM head_signatures ORDER BY seq") }
        #expect(heads == [3, 4, 6, 7, 9])  // each batch, the declaration, the retraction
        let again = try HeadSigner(keyFileText: signer.keyFileText)
        #expect(again.publicKey == signer.publicKey)
        #expect(throws: EventFieldError.self) { try HeadSigner(keyFileText: "00") }
        #expect(try Self.signatures(path, HeadSigner().publicKey)?.contains("signed by another key") == true)
        // Unsigned logs, and empty ones.
        let plain = dir.path("plain.sqlite")
        try TamperingTests.makeLog(plain)
        #expect(try Self.signatures(plain, signer.publicKey) == "no entry of the log is signed")
        let empty = dir.path("empty.sqlite")
        _ = try SQLiteEventStore(path: empty)
        #expect(try Self.signatures(empty, signer.publicKey) == nil)
    }

    @Test(arguments: [
        ("edit an event and rehash the whole chain", "UPDATE events SET source = 'forged' WHERE seq = 2", Int64(1),
         "entry 3 does not have the hash that was signed"),
        ("... and drop the signatures", "UPDATE events SET source = 'forged' WHERE seq = 2; DROP TABLE head_signatures", Int64(1),
         "no entry of the log is signed"),
        ("edit the last batch, rehash it and drop its signature", "UPDATE events SET source = 'forged' WHERE seq = 8; DELETE FROM head_signatures WHERE seq = 9",
         Int64(8), "entries 8–9 are not signed"),
        ("re-sign with a key of one's own", "UPDATE head_signatures SET public_key = '\(HeadSigner().publicKey)'", Int64(9),
         "signed by another key"),
        ("forge a signature", "UPDATE head_signatures SET signature = replace(signature, substr(signature, 1, 1), CASE substr(signature, 1, 1) WHEN '0' THEN '1' ELSE '0' END) WHERE seq = 9",
         Int64(9), "does not verify"),
        ("append a forged entry, correctly chained", """
            INSERT INTO batches (first_seq, first_id, size, recorded_at) VALUES (10, '01J0000000ABCDEFGHJKMNPQRS', 1, '2022-09-20T00:00:00.000Z');
            INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, hash)
            VALUES (10, 10, 1663632000000, '2022-09-20', 'place', \(Fixtures.izium), 'RU', 'confirmed', '', 'forged', printf('%064d', 0))
            """, Int64(10), "entry 10 is not signed"),
    ]) func aRehashedChainIsFoundWithThePublicKey(_ name: String, _ sql: String, _ rehashFrom: Int64, _ expected: String) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (path, signer) = try Self.signedLog(dir)
        try writeBehindFrontline(path, TamperingTests.dropTriggers, "DROP TRIGGER head_signatures_no_update; DROP TRIGGER head_signatures_no_delete", sql)
        let queue = try DatabaseQueue(path: path)
        try queue.write { try TamperingTests.rehash($0, from: rehashFrom) }
        try queue.close()
        let found = try #require(try Self.signatures(path, signer.publicKey), "\(name)")
        #expect(found.contains(expected), "\(name): \(found)")
    }

    @Test func aWriteWithoutTheKeyLeavesAnUnsignedHead() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (path, signer) = try Self.signedLog(dir)
        try SQLiteEventStore(path: path).append([try Fixtures.draft("2022-09-20")])
        #expect(try Self.signatures(path, signer.publicKey) == "entry 10 is not signed (written without the key, or outside Frontline)")
    }
}
