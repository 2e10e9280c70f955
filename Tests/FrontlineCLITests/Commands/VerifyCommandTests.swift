import Foundation
import GRDB
import Testing

/// `verify` (head, anchors, files that are not logs or are damaged, logs that need migrating),
/// `migrate`, and the head check the other commands make on opening a log.
@Suite struct VerifyCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-verify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func record(_ day: Int, side: String = "UA") throws {
        let recorded = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", side, "--at", "2022-09-\(day)", "--source", "x"])
        try #require(recorded.status == 0, "\(recorded.stderr)")
    }

    /// Runs SQL on the log behind Frontline's back (the append-only triggers dropped first).
    func tamper(_ sql: String) throws {
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_no_delete; DROP TRIGGER batches_no_delete; DROP TRIGGER events_no_update")
            try db.execute(sql: sql)
        }
        try queue.close()
    }

    /// The log's entries, batches and head. (Opening a writable log rewrites SQLite's header
    /// even when nothing is written: GRDB creates and drops a table to make the `-wal` file.)
    func rows() throws -> [String] {
        let queue = try DatabaseQueue(path: db)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: """
                SELECT 'event ' || seq || ' ' || hash FROM events UNION ALL SELECT 'batch ' || first_seq || ' ' || size FROM batches
                UNION ALL SELECT 'head ' || seq || ' ' || hash FROM chain_head UNION ALL SELECT 'side ' || code FROM sides
                UNION ALL SELECT 'declared ' || code FROM side_declarations
                """)
        }
    }

    static let sidecars = ["-wal", "-shm", "-journal"]
    func sidecars(of path: String) -> [String] { Self.sidecars.filter { FileManager.default.fileExists(atPath: path + $0) } }

    @Test func verifyPrintsTheHeadAndChecksAnchors() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        #expect(try CLI.run(["verify", "--db", db]).stdout == "ok: 0 entries\n")
        let empty = try CLI.json(["verify", "--db", db, "--json"]) as! [String: Any]
        #expect(empty["entries"] as? Int == 0)
        #expect(empty["head"] is NSNull)

        for day in 10...12 { try record(day) }
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 0)
        let words = verified.stdout.split(separator: " ")
        #expect(verified.stdout.hasPrefix("ok: 3 entries, head 3 ") && words.count == 6)
        let hash = String(words[5].dropLast())  // the newline
        #expect(hash.count == 64)
        let json = try CLI.json(["verify", "--db", db, "--json"]) as! [String: Any]
        #expect(json["entries"] as? Int == 3)
        let head = try #require(json["head"] as? [String: Any])
        #expect(head["seq"] as? Int == 3 && head["hash"] as? String == hash)
        #expect(Set(json.keys) == ["entries", "head"])

        // Anchors that hold: the head, and an earlier entry (repeated), given in any case.
        let earlier = try #require(try DatabaseQueue(path: db).read { try String.fetchOne($0, sql: "SELECT hash FROM events WHERE seq = 1") })
        let anchored = try CLI.run(["verify", "--db", db, "--anchor", "3:\(hash)", "--anchor", "1:\(earlier.uppercased())"])
        #expect(anchored.status == 0, "\(anchored.stderr)")
        #expect(anchored.stdout == verified.stdout)

        // Remove the last batch and reset the head: the chain alone verifies, the anchor does not.
        try tamper("""
            DELETE FROM events WHERE seq = 3; DELETE FROM batches WHERE first_seq = 3;
            UPDATE chain_head SET seq = 2, hash = (SELECT hash FROM events WHERE seq = 2)
            """)
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 2 entries, head 2 "))
        let cut = try CLI.run(["verify", "--db", db, "--anchor", "1:\(earlier)", "--anchor", "3:\(hash)"])
        #expect(cut.status == 65)
        #expect(cut.stdout == "")
        #expect(cut.stderr == "error: \(db): anchor 3:\(hash): entry 3 is not in the log (it ends at entry 2): entries were removed since the anchor was taken\n")

        // An anchor whose hash differs.
        let other = String(repeating: "0", count: 64)
        let rewritten = try CLI.run(["verify", "--db", db, "--anchor", "2:\(other)"])
        #expect(rewritten.status == 65)
        #expect(rewritten.stderr.contains("anchor 2:\(other): entry 2 now has hash "))
        #expect(rewritten.stderr.contains("the chain was rewritten"))

        // An anchor that is not SEQ:HASH is a usage error.
        for bad in ["3", "3:abc", "x:\(hash)", "0:\(hash)", "3:\(hash)0"] {
            #expect(try CLI.run(["verify", "--db", db, "--anchor", bad]).status == 64, "\(bad)")
        }
    }

    @Test func verifyNeverWritesAndNamesFilesThatAreNotLogsOrAreDamaged() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let empty = dir.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        let verified = try CLI.run(["verify", "--db", empty])
        #expect(verified.status == 65)
        #expect(verified.stderr == "error: \(empty): not a Frontline event log (the file is empty: 0 bytes)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)
        #expect(sidecars(of: empty) == [])
        // Nor does a command that reads make a log of it.
        let listed = try CLI.run(["events", "--db", empty])
        #expect(listed.status == 65)
        #expect(listed.stderr == "error: \(empty): not a Frontline event log (the file is empty: 0 bytes)\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: empty)).isEmpty)

        let text = dir.appendingPathComponent("events.csv").path
        _ = FileManager.default.createFile(atPath: text, contents: Data("at,place,side\n".utf8))
        let notSQLite = try CLI.run(["verify", "--db", text])
        #expect(notSQLite.status == 65)
        #expect(notSQLite.stderr == "error: \(text): not a Frontline event log (not an SQLite database)\n")

        for day in 10...12 { try record(day) }
        let size = try #require(try FileManager.default.attributesOfItem(atPath: db)[.size] as? Int)
        for (name, change) in [
            ("mid-page", { (handle: FileHandle) in try handle.truncate(atOffset: UInt64(size / 2 + 123)) }),
            ("garbage", { (handle: FileHandle) in _ = try handle.seekToEnd(); try handle.write(contentsOf: Data("garbage".utf8)) }),
        ] {
            let copy = dir.appendingPathComponent("\(name).sqlite").path
            try FileManager.default.copyItem(atPath: db, toPath: copy)
            let handle = try #require(FileHandle(forUpdatingAtPath: copy))
            try change(handle)
            try handle.close()
            let bytes = try Data(contentsOf: URL(fileURLWithPath: copy))
            let damaged = try CLI.run(["verify", "--db", copy])
            #expect(damaged.status == 65, "\(name)")
            // One line, naming the file.
            #expect(damaged.stderr.hasPrefix("error: \(copy): the event log is damaged: the file "), "\(name): \(damaged.stderr)")
            #expect(damaged.stderr.filter { $0 == "\n" }.count == 1, "\(name): \(damaged.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == bytes)
            #expect(sidecars(of: copy) == [])
            // Other commands name it too, rather than print SQLite's message alone or crash.
            if name == "mid-page" {
                let listed = try CLI.run(["events", "--db", copy])
                #expect(listed.status == 65, "\(listed.stderr)")
                #expect(listed.stderr.hasPrefix("error: \(copy): the event log is damaged"), "\(listed.stderr)")
            }
        }
    }

    /// Found by tools/fuzz (seed 18, case 33): one bit flipped in the schema text renamed a
    /// column that a CHECK constraint names. `verify` opens logs read-only, where SQLite does
    /// not parse CHECK constraints and Frontline evaluates them by queries: the query failed
    /// ("no such column: seq") and `verify` exited 70 with SQLite's message. It is damage:
    /// exit 65 naming the file and the table, as for a command that opens the log for writing.
    @Test func aSchemaWhoseConstraintsNameAMissingColumnIsDamage() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try record(10)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        let column = Data("seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),\n    code TEXT".utf8)
        let range = try #require(bytes.range(of: column), "the schema text of side_declarations")
        bytes.replaceSubrange(range, with: Data("se1 INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),\n    code TEXT".utf8))
        try bytes.write(to: URL(fileURLWithPath: db))
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65, "\(verified.stderr)")
        #expect(verified.stderr.hasPrefix("error: \(db): the database fails SQLite's own check"), "\(verified.stderr)")
        #expect(verified.stderr.contains("malformed database schema (side_declarations): its CHECK constraints cannot be evaluated: no such column: seq"),
                "\(verified.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
        #expect(sidecars(of: db) == [])
    }

    /// Found by tools/fuzz (seed 2024, case 330): a damaged page made the chain head read as
    /// NULL, and every command but `verify` crashed (a trap decoding the head on opening the
    /// log). Made here by dropping the column's NOT NULL behind Frontline's back: a NULL where
    /// the schema allows none is damage (exit 65, naming the file), for every command.
    @Test func aNULLWhereTheSchemaAllowsNoneIsDamageNotACrash() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try record(10)
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: """
                UPDATE sqlite_master SET sql = replace(sql, 'seq INTEGER NOT NULL CHECK (seq >= 0)', 'seq INTEGER')
                WHERE name = 'chain_head'
                """)
        }
        try queue.close()
        let again = try DatabaseQueue(path: db)
        try again.write { try $0.execute(sql: "UPDATE chain_head SET seq = NULL") }
        try again.close()
        for command in [["verify"], ["events"], ["sides"], ["control", "--at", "2022-09-11"],
                        ["record", "--place", "Izium", "--side", "UA", "--at", "2022-09-11", "--source", "x"]] {
            let result = try CLI.run([command[0], "--db", db] + command.dropFirst())
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(db): the event log is damaged: a row holds what its column cannot (could not decode Int64 from database value NULL - column: \"seq\""),
                    "\(command): \(result.stderr)")
        }
    }

    /// Found by tools/fuzz (seed 7, cases 156 and 204): a command that opens a log it may write
    /// first brings it to the current schema, and damage to the log's record of migrations
    /// made it exit 70 with SQLite's message: a page of `grdb_migrations` SQLite could not read
    /// ("database disk image is malformed", after retrying as for a lock), or a migration
    /// recorded no more whose CREATE TABLE then met its table ("table sides already exists").
    /// Both are damage: exit 65, naming the file.
    @Test func damageToTheRecordOfMigrationsIsDamage() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try record(10)
        let forgotten = dir.appendingPathComponent("forgotten.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: forgotten)
        let queue = try DatabaseQueue(path: forgotten)
        try queue.write { try $0.execute(sql: "DELETE FROM grdb_migrations WHERE identifier LIKE 'v1:%'") }
        try queue.close()

        let unreadable = dir.appendingPathComponent("unreadable.sqlite").path
        try FileManager.default.copyItem(atPath: db, toPath: unreadable)
        let reader = try DatabaseQueue(path: unreadable)
        let (root, pageSize) = try reader.read { db in
            (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'grdb_migrations'")!,
             try Int.fetchOne(db, sql: "PRAGMA page_size")!)
        }
        try reader.close()
        var bytes = try Data(contentsOf: URL(fileURLWithPath: unreadable))
        bytes[(root - 1) * pageSize + (root == 1 ? 100 : 0)] = 0xFF  // not a page type
        try bytes.write(to: URL(fileURLWithPath: unreadable))

        for path in [forgotten, unreadable] {
            for command in [["events"], ["control", "--at", "2022-09-11", "--json"]] {
                let result = try CLI.run([command[0], "--db", path] + command.dropFirst())
                #expect(result.status == 65, "\(path) \(command): \(result.stderr)")
                #expect(result.stderr.hasPrefix("error: \(path): the event log is damaged: "), "\(path) \(command): \(result.stderr)")
            }
        }
    }

    /// Found by tools/fuzz (seed 99, case 418): a bit flipped in SQLite's file format version
    /// for writing (header byte 18: 2, WAL, became 175) makes SQLite open the file read-only.
    /// `verify`, which only reads, said ok; `events` and `record` failed with SQLite's "attempt
    /// to write a readonly database" (exit 74) on a file the user may write. The header is
    /// damaged: every command says so, naming the file, exit 65.
    @Test func aFileFormatVersionSQLiteNeverWritesIsDamage() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try record(10)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        #expect(bytes[18] == 2 && bytes[19] == 2)  // WAL
        bytes[18] = 0xAF
        try bytes.write(to: URL(fileURLWithPath: db))
        for command in [["verify"], ["events"], ["record", "--place", "Izium", "--side", "UA", "--at", "2022-09-11", "--source", "x"]] {
            let result = try CLI.run([command[0], "--db", db] + command.dropFirst())
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr == "error: \(db): the event log is damaged: its header is overwritten (file format versions 175 for writing and 2 for reading, where SQLite writes 1 or 2)\n",
                    "\(command): \(result.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
    }

    @Test func aV2LogNeedsMigrationWhichMigrateDoes() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("FrontlineEventsTests/Fixtures")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("v2-log.sqlite").path, toPath: db)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: db))
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65)
        #expect(verified.stderr.hasPrefix("error: \(db): needs migration: "))
        #expect(verified.stderr.contains("run `frontline migrate`"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == bytes)
        #expect(sidecars(of: db) == [])

        let migrated = try CLI.run(["migrate", "--db", db])
        #expect(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout == "\(db): migrated from schema v2 to v6\n")
        #expect(try CLI.run(["migrate", "--db", db]).stdout == "\(db): already at schema v6\n")
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 9 entries, head 9 "))
        #expect(try CLI.run(["migrate", "--db", dir.appendingPathComponent("none.sqlite").path]).status == 74)
    }

    @Test func aWriteIsRefusedWhenTheChainDoesNotEndAtItsHead() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for day in 10...12 { try record(day) }
        // The last entry removed, the head left as it was.
        try tamper("DELETE FROM events WHERE seq = 3; DELETE FROM batches WHERE first_seq = 3")
        let rows = try self.rows()
        let refused = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2022-09-13", "--source", "x"])
        #expect(refused.status == 65)
        #expect(refused.stderr == "error: \(db): the log's chain does not end where it should (its last entry is entry 2, its recorded head entry 3): run `frontline verify`\n")
        #expect(try CLI.run(["sides", "add", "PMC", "--name", "Wagner", "--db", db]).status == 65)
        #expect(try self.rows() == rows)
        // Readers still read, with a warning.
        let listed = try CLI.run(["events", "--db", db, "--json"])
        #expect(listed.status == 0)
        #expect((try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [Any])?.count == 2)
        #expect(listed.stderr.hasPrefix("warning: \(db): the log's chain does not end where it should"))
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65)
        #expect(verified.stderr.contains("entry 3 is not in the log"))

        // An entry added after the head: refused with the same message, not SQLite's "UNIQUE
        // constraint failed".
        try FileManager.default.removeItem(atPath: db)
        for day in 10...11 { try record(day) }
        try tamper("""
            INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, hash)
            SELECT 3, 2, 0, '1970-01-01', 'place', 707292, 'UA', 'claimed', '', 'x', hash FROM chain_head
            """)
        let again = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2022-09-13", "--source", "x"])
        #expect(again.status == 65)
        #expect(again.stderr.contains("its last entry is entry 3, its recorded head entry 2"), "\(again.stderr)")
        #expect(!again.stderr.contains("UNIQUE"))
    }

    @Test func signedHeadsAreCheckedWithThePublicKey() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let keyFile = dir.appendingPathComponent("frontline.key").path
        let made = try CLI.run(["keys", "new", "--out", keyFile])
        #expect(made.status == 0, "\(made.stderr)")
        let publicKey = made.stdout.trimmingCharacters(in: .newlines)
        #expect(publicKey.count == 64)
        #expect((try FileManager.default.attributesOfItem(atPath: keyFile)[.posixPermissions] as? Int) == 0o600)
        #expect(try CLI.run(["keys", "new", "--out", keyFile]).status == 74)  // never overwritten

        let signing = ["FRONTLINE_SIGNING_KEY": keyFile]
        for day in 10...11 {
            let recorded = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-\(day)", "--source", "x"], environment: signing)
            #expect(recorded.status == 0, "\(recorded.stderr)")
        }
        let verified = try CLI.run(["verify", "--db", db, "--public-key", publicKey])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout.hasPrefix("ok: 2 entries, head 2 "))
        let other = try CLI.run(["keys", "new", "--out", dir.appendingPathComponent("other.key").path]).stdout.trimmingCharacters(in: .newlines)
        let wrongKey = try CLI.run(["verify", "--db", db, "--public-key", other])
        #expect(wrongKey.status == 65)
        #expect(wrongKey.stderr.contains("signatures: entry 1 is signed by another key"), "\(wrongKey.stderr)")
        #expect(try CLI.run(["verify", "--db", db, "--public-key", "abc"]).status == 64)

        // A write without the key leaves the head unsigned.
        try record(12)
        let unsigned = try CLI.run(["verify", "--db", db, "--public-key", publicKey])
        #expect(unsigned.status == 65)
        #expect(unsigned.stderr == "error: \(db): signatures: entry 3 is not signed (written without the key, or outside Frontline)\n")
        // A key file that is not a key is refused before anything is written.
        let bad = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-13", "--source", "x"],
                              environment: ["FRONTLINE_SIGNING_KEY": db])
        #expect(bad.status == 74)
        #expect(bad.stderr.contains("not a Frontline signing key"))
    }
}
