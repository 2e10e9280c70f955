import Foundation
import GRDB
import Testing

/// The event-log commands, run as a user would: the built binary, real files, real processes.
@Suite struct EventLogCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func initIsIdempotentAndHonoursFRONTLINE_DB() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try CLI.run(["init"], environment: ["FRONTLINE_DB": db])
        #expect(first.status == 0)
        #expect(first.stdout.contains("created an empty event log"))
        let again = try CLI.run(["init", "--db", db])
        #expect(again.status == 0)
        #expect(again.stdout.contains("event log ready (0 events)"))
        // Default: ./frontline.sqlite in the working directory.
        #expect(try CLI.run(["init"], environment: ["FRONTLINE_DB": ""], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("frontline.sqlite").path))
    }

    @Test func recordListRetractVerify() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let recorded = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-10",
                                    "--source", "Ukrainian General Staff", "--claimant", "General Staff"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let id = recorded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 26)

        let asJSON = try CLI.json(["record", "--db", db, "--place", "703656", "--side", "ua", "--status", "confirmed",
                                   "--at", "2022-09-10T11:30+03:00", "--source", "ISW", "--json"]) as! [String: Any]
        #expect(Set(asJSON.keys) == ["id", "at", "place", "side", "status", "claimant", "source", "url", "note", "recordedAt", "retracted"])
        #expect(asJSON["at"] as? String == "2022-09-10T08:30Z")
        #expect(asJSON["place"] as? Int == 703656)
        #expect(asJSON["url"] is NSNull)

        let table = try CLI.run(["events", "--db", db])
        #expect(table.stdout.contains("Izium (707292)"))
        #expect(table.stdout.hasPrefix("ID "))

        let retracted = try CLI.run(["retract", id, "--reason", "misread", "--db", db])
        #expect(retracted.status == 0)
        #expect(retracted.stdout == "retracted \(id)\n")
        let listed = try CLI.json(["events", "--db", db, "--json"]) as! [[String: Any]]
        #expect(listed.map { $0["retracted"] as? Bool } == [true, false])

        let filtered = try CLI.json(["events", "--db", db, "--json", "--status", "confirmed", "--to", "2022-09-10"]) as! [[String: Any]]
        #expect(filtered.count == 1)

        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 0)
        #expect(verified.stdout.hasPrefix("ok: 3 entries, head 3 "))
    }

    @Test func exitStatuses() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["record", "--db", db, "--side", "UA", "--source", "x"]
        #expect(try CLI.run(base + ["--place", "Izium", "--at", "2022-02-30"]).status == 65)
        #expect(try CLI.run(base + ["--place", "Nowhereville", "--at", "2022-02-28"]).status == 65)
        #expect(try CLI.run(base + ["--place", "Izium", "--at", "2022-02-28", "--status", "rumoured"]).status == 65)
        #expect(try CLI.run(base + ["--at", "2022-02-28"]).status == 64)  // neither --place nor --area
        #expect(try CLI.run(["import", "--db", db, dir.appendingPathComponent("missing.csv").path]).status == 74)
        #expect(try CLI.run(["import", "--db", db, try file("x.txt", "")]).status == 64)
        #expect(try CLI.run(["retract", "--db", db, "01HF7YAT00ABCDEFGHJKMNPQRS", "--reason", "x"]).status == 65)
        #expect(try CLI.run(["verify", "--db", dir.appendingPathComponent("none.sqlite").path]).status == 74)

        let bad = try file("bad.csv", "at,place,side,status,claimant,source,url,note\n2022-09-10,Izium,UA,claimed,,ISW,,\n2022-02-30,Izium,UA,claimed,,ISW,,\n")
        let rejected = try CLI.run(["import", "--db", db, bad])
        #expect(rejected.status == 65)
        #expect(rejected.stderr.contains("bad.csv:3: at: '2022-02-30' is not a real date or time"))
        #expect((try CLI.json(["events", "--db", db, "--json"]) as? [Any])?.isEmpty == true)
    }

    @Test func areasAreRecordedAndExportedAsJSONLinesNotCSV() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let area = try file("area.geojson", #"{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49.5],[37,49]]]}}"#)
        let recorded = try CLI.run(["record", "--db", db, "--area", area, "--side", "RU", "--at", "2022-09-10", "--source", "MoD"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        let csv = try CLI.run(["events", "--db", db, "--format", "csv"])
        #expect(csv.status == 65)
        #expect(csv.stderr.contains("use --format jsonl"))
        let jsonl = try CLI.run(["events", "--db", db, "--format", "jsonl"])
        #expect(jsonl.stdout.contains(#""geometry":{"type":"Polygon""#))
        let copy = try file("copy.jsonl", jsonl.stdout)
        let other = dir.appendingPathComponent("other.sqlite").path
        #expect(try CLI.run(["import", "--db", other, copy]).status == 0)
        #expect(try CLI.run(["events", "--db", other, "--format", "jsonl"]).stdout == jsonl.stdout)
    }

    @Test func tamperingIsReportedWithExit65() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for day in 10...12 {
            _ = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-\(day)", "--source", "x"])
        }
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [db, "DROP TRIGGER events_no_delete; DELETE FROM events WHERE seq = 2;"]
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is missing: run tools/setup --test")
        try sqlite.run()
        sqlite.waitUntilExit()
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65)
        #expect(verified.stderr.contains("entry 2"))
        #expect(verified.stderr.contains("missing"))
    }

    @Test func aRowBreakingTheSchemasConstraintsIsReportedWithExit65() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-10", "--source", "x"])
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/sqlite3"), "sqlite3 is missing: run tools/setup --test")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        sqlite.arguments = [db, "DROP TRIGGER events_no_update; PRAGMA ignore_check_constraints = ON; UPDATE events SET status = 'rumour';"]
        try sqlite.run()
        sqlite.waitUntilExit()
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65)
        #expect(verified.stderr.contains("fails SQLite's own check"), "\(verified.stderr)")
        #expect(verified.stderr.contains("CHECK constraint failed in events"))
    }

    /// A log written before the v3 schema (FrontlineEventsTests/Fixtures, with what this command
    /// printed then) is migrated when it is opened, and reads exactly as it did.
    @Test func aLogFromBeforeBatchesReadsAsItDid() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("FrontlineEventsTests/Fixtures")
        try FileManager.default.copyItem(atPath: fixtures.appendingPathComponent("v2-log.sqlite").path, toPath: db)
        let listed = try CLI.run(["events", "--db", db, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout == (try String(contentsOf: fixtures.appendingPathComponent("v2-log.events.json"), encoding: .utf8)))
        let exported = try CLI.run(["events", "--db", db, "--format", "jsonl"])
        #expect(exported.stdout == (try String(contentsOf: fixtures.appendingPathComponent("v2-log.events.jsonl"), encoding: .utf8)))
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 9 entries, head 9 "))
    }
}

/// Faults: a killed import, and two writers at once.
@Suite(.serialized) struct EventLogFaultTests {
    static func csv(rows: Int, source: String) -> String {
        var text = "at,place,side,status,claimant,source,url,note\n"
        text.reserveCapacity(rows * 60)
        let ids = [707292, 703656, 706483]
        for i in 0..<rows {
            text += "2022-0\(1 + i % 9)-1\(i % 10)T10:00Z,\(ids[i % 3]),\(i % 2 == 0 ? "UA" : "RU"),claimed,,\(source) \(i),,\n"
        }
        return text
    }

    /// Whether another connection holds `db`'s write lock (a write transaction is open), asked
    /// without waiting.
    static func holdsWriteLock(_ db: String) -> Bool {
        var config = Configuration()
        config.busyMode = .immediateError
        guard let queue = try? DatabaseQueue(path: db, configuration: config) else { return false }
        defer { try? queue.close() }
        do {
            try queue.writeWithoutTransaction { try $0.execute(sql: "BEGIN IMMEDIATE; ROLLBACK") }
            return false
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            return true
        } catch {
            return false
        }
    }

    @Test func killedMidImportLeavesAllOrNothingAndAnIntactChain() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-kill-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        let rows = 100_000
        let big = dir.appendingPathComponent("big.csv")
        try Data(Self.csv(rows: rows, source: "kill").utf8).write(to: big)
        #expect(try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-01-01", "--source", "before"]).status == 0)

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["import", "--db", db, big.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the import has been inside its transaction for a while (it holds the log's
        // write lock: its rows may still be only in its page cache, so the WAL is no sign),
        // then kill it without warning while it still does.
        var killedInsideTheTransaction = false
        let deadline = Date().addingTimeInterval(20)
        var lockedSince: Date?
        while Date() < deadline && process.isRunning {
            if Self.holdsWriteLock(db) {
                if let since = lockedSince, Date().timeIntervalSince(since) > 0.2 {
                    kill(process.processIdentifier, SIGKILL)
                    killedInsideTheTransaction = true
                    break
                }
                lockedSince = lockedSince ?? Date()
            }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()

        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
        let count = (try CLI.json(["events", "--db", db, "--json", "--from", "2022-01-02"]) as! [Any]).count
        #expect(count == 0 || count == rows)
        #expect(killedInsideTheTransaction, "the import ended before it could be killed inside its transaction")
        #expect(count == 0)
        // The log still takes writes.
        #expect(try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2022-01-01", "--source", "after"]).status == 0)
        #expect(try CLI.run(["verify", "--db", db]).status == 0)
    }

    /// A `record` run while a long import writes the log waits for it, saying so after a couple
    /// of seconds, and both are kept; with `--wait`, it gives up after that long (exit 74),
    /// writing nothing. (Before, a writer gave up silently after 10 s and five retries, ~60 s:
    /// any import longer than that made a `record` fail.)
    @Test func recordDuringALongImportWaitsAndBothAreKept() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        // Large enough that the import holds the write lock for several seconds (a debug build
        // takes about 7 s): the two records below need about 3 s of it.
        let rows = 200_000
        let big = dir.appendingPathComponent("big.csv")
        try Data(Self.csv(rows: rows, source: "import").utf8).write(to: big)
        #expect(try CLI.run(["init", "--db", db]).status == 0)

        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = ["import", "--db", db, big.path]
        let importOut = dir.appendingPathComponent("import.out"), importErr = dir.appendingPathComponent("import.err")
        _ = FileManager.default.createFile(atPath: importOut.path, contents: nil)
        _ = FileManager.default.createFile(atPath: importErr.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: importOut)
        process.standardError = try FileHandle(forWritingTo: importErr)
        try process.run()
        defer { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline && process.isRunning && !Self.holdsWriteLock(db) { usleep(10_000) }
        #expect(process.isRunning, "the import ended before the records could start: make the file larger")

        let record = ["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2024-01-01"]
        let gaveUp = try CLI.run(record + ["--source", "gave up", "--wait", "0.5"])
        #expect(gaveUp.status == 74, "\(gaveUp.stderr)")
        #expect(gaveUp.stderr.contains("another command was still writing to the log after 0.5 s of waiting; nothing was written"), "\(gaveUp.stderr)")
        #expect(gaveUp.stdout.isEmpty)

        let started = Date()
        let waited = try CLI.run(record + ["--source", "waited"])
        let waitedFor = Date().timeIntervalSince(started)
        #expect(waited.status == 0, "\(waited.stderr)")
        // How long it waits depends on the machine's speed; past the notice's 2 s it says so
        // (``aWriterThatWaitsSaysSo`` holds the lock for a known time).
        if waitedFor > 2.5 {
            #expect(waited.stderr.contains("note: waiting for \(db): another command is writing to it (Ctrl-C to stop)"),
                    "record waited \(waitedFor) s without saying so: \(waited.stderr)")
        }
        let id = waited.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 26)

        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\((try? String(contentsOf: importErr, encoding: .utf8)) ?? "")")
        #expect((try? String(contentsOf: importOut, encoding: .utf8))?.contains("imported \(rows) events") == true)
        // Both are in the log, and the record that gave up is not.
        let late = try CLI.json(["events", "--db", db, "--json", "--from", "2024-01-01"]) as! [[String: Any]]
        #expect(late.map { $0["id"] as? String } == [id])
        #expect(late.map { $0["source"] as? String } == ["waited"])
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.stdout.hasPrefix("ok: \(rows + 1) entries, head \(rows + 1) "), "\(verified.stdout)\(verified.stderr)")
    }

    /// A writer that finds the log locked waits as long as the other writes, and says so after
    /// two seconds: here the lock is held for 4 s by a connection of the test's own, opened as
    /// Frontline opens a log (a GRDB pool, which leaves the WAL file non-empty).
    @Test func aWriterThatWaitsSaysSo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        #expect(try CLI.run(["init", "--db", db]).status == 0)
        let holder = try DatabasePool(path: db)
        let locked = DispatchSemaphore(value: 0), released = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? holder.writeWithoutTransaction { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                Thread.sleep(forTimeInterval: 4)
                try db.execute(sql: "COMMIT")
            }
            released.signal()
        }
        locked.wait()
        let started = Date()
        let result = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2024-01-01", "--source", "x"])
        let waitedFor = Date().timeIntervalSince(started)
        released.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(waitedFor >= 3.5, "record ended after \(waitedFor) s, while the log was locked for 4 s")
        let notes = result.stderr.components(separatedBy: "note: waiting for \(db): another command is writing to it (Ctrl-C to stop)")
        #expect(notes.count == 2, "\(result.stderr)")
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 1 entries"))
    }

    @Test func waitTakesSecondsOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-wait-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        for bad in ["--wait=-1", "--wait=inf", "--wait=nan", "--wait=soon"] {
            let result = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "RU", "--at", "2024-01-01", "--source", "x", bad])
            #expect(result.status == 64, "\(bad): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: db))
    }

    @Test func twoWritersAtOnceLoseNothing() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-two-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("log.sqlite").path
        let a = dir.appendingPathComponent("a.csv"), b = dir.appendingPathComponent("b.csv")
        try Data(Self.csv(rows: 3_000, source: "A").utf8).write(to: a)
        try Data(Self.csv(rows: 3_000, source: "B").utf8).write(to: b)

        // Two imports and a burst of single records, all started together on a log that does not exist yet.
        var processes: [Process] = []
        for arguments in [["import", "--db", db, a.path], ["import", "--db", db, b.path]]
            + (0..<4).map({ ["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-1\($0)", "--source", "R\($0)"] }) {
            let process = Process()
            process.executableURL = CLI.binary
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            let err = Pipe()
            process.standardError = err
            try process.run()
            processes.append(process)
        }
        for process in processes {
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
        let events = try CLI.json(["events", "--db", db, "--json"]) as! [[String: Any]]
        #expect(events.count == 6_004)
        let sources = Set(events.compactMap { ($0["source"] as? String)?.split(separator: " ").first.map(String.init) })
        #expect(sources == ["A", "B", "R0", "R1", "R2", "R3"])
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.stdout.hasPrefix("ok: 6004 entries, head 6004 "))
    }
}
