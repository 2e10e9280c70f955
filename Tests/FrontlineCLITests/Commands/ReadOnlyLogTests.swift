import Foundation
import GRDB
import Testing

/// A log the user may read but not write, queried by the built binary run as an unprivileged
/// user: root passes every permission check, so the tests, which run as root, drop to `nobody`
/// (uid and gid 65534) with util-linux's `setpriv`. They fail, not skip, when they cannot.
@Suite struct ReadOnlyLogTests {
    let dir: URL
    /// Where the reader may write (`-o`, the tessellation cache).
    var out: URL { dir.appendingPathComponent("out") }
    static let nobody = "65534"

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: out.path)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
    }

    func cleanUp() {
        // The test may have left a directory read-only: root can remove it anyway.
        try? FileManager.default.removeItem(at: dir)
    }

    /// Runs `executable` as the reader: as `nobody` when the tests run as root, else as the
    /// user running them (who then is not root, and meets the permissions).
    func runAsReader(_ executable: String, _ arguments: [String]) throws -> CLI.Result {
        var command = [executable] + arguments
        if getuid() == 0 {
            let setpriv = "/usr/bin/setpriv"
            try #require(FileManager.default.isExecutableFile(atPath: setpriv),
                         "util-linux's setpriv is needed to run the binary as an unprivileged user (the tests run as root)")
            command = [setpriv, "--reuid=\(Self.nobody)", "--regid=\(Self.nobody)", "--clear-groups", "--"] + command
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: command[0])
        process.arguments = Array(command.dropFirst())
        process.environment = ProcessInfo.processInfo.environment.merging(["FRONTLINE_CACHE_DIR": out.appendingPathComponent("cache").path]) { $1 }
        process.currentDirectoryURL = out
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let o = stdout.fileHandleForReading.readDataToEndOfFile(), e = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLI.Result(status: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                          stderr: String(decoding: e, as: UTF8.self))
    }

    func frontlineAsReader(_ arguments: [String]) throws -> CLI.Result {
        try runAsReader(CLI.binary.path, arguments)
    }

    /// Whether the reader may write `path`, asked of the system as that user (`test -w`).
    func readerMayWrite(_ path: String) throws -> Bool {
        try runAsReader("/usr/bin/test", ["-w", path]).status == 0
    }

    static func sidecars(of path: String) -> [String] {
        ["-wal", "-shm", "-journal"].filter { FileManager.default.fileExists(atPath: path + $0) }
    }

    /// A log with place events (one retracted) written as root, in `logs/`.
    func makeLog() throws -> (path: String, retractable: String) {
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.createDirectory(at: logs, withIntermediateDirectories: true)
        let path = logs.appendingPathComponent("log.sqlite").path
        let csv = dir.appendingPathComponent("events.csv").path
        try Data("""
            at,place,side,status,claimant,source,url,note
            2022-02-27,Kupiansk,RU,confirmed,ISW,ISW assessment,,
            2022-04-01,Izium,RU,confirmed,ISW,ISW assessment,,
            2022-09-10,Kupiansk,UA,confirmed,ISW,ISW assessment,,
            2022-09-11,Izium,UA,confirmed,ISW,ISW assessment,,
            2022-09-11,Kharkiv,RU,claimed,Russian MoD,Russian MoD briefing,,never happened
            """.utf8).write(to: URL(fileURLWithPath: csv))
        let imported = try CLI.run(["import", "--db", path, csv])
        try #require(imported.status == 0, "\(imported.stderr)")
        let events = try #require(try CLI.json(["events", "--db", path, "--json"]) as? [[String: Any]])
        let retracted = try CLI.run(["retract", "--db", path, events[4]["id"] as! String, "--reason", "never happened"])
        try #require(retracted.status == 0)
        try #require(Self.sidecars(of: path).isEmpty)
        return (path, events[0]["id"] as! String)
    }

    /// Every command that only reads the log, with what it prints when the log is writable.
    func readCommands(_ path: String) -> [[String]] {
        [
            ["events", "--db", path, "--json"],
            ["events", "--db", path, "--format", "jsonl"],
            ["control", "--db", path, "--at", "2022-09-11", "--area", "UA-63", "--json"],
            ["change", "--db", path, "--from", "2022-09-01", "--to", "2022-09-12", "--json"],
            ["timeline", "--db", path, "--from", "2022-09-09", "--to", "2022-09-12", "--area", "UA-63", "--json"],
            ["hubs", "--db", path, "--at", "2022-09-11", "--json"],
            ["export", "--db", path, "--at", "2022-09-11", "--area", "UA-63", "--layers", "control,places", "-o", out.appendingPathComponent("map.geojson").path],
            ["render", "--db", path, "--at", "2022-09-11", "--area", "UA-63", "-o", out.appendingPathComponent("map.svg").path],
            ["verify", "--db", path],
        ]
    }

    /// The read commands give, as the reader, what they give as root; the write commands fail
    /// with one line naming the file (exit 74); nothing is left beside the log, and the log is
    /// unchanged.
    func checkReadOnly(_ path: String, retractable: String, expected: [[String]: CLI.Result]) throws {
        try #require(!(try readerMayWrite(path)), "the test's reader may write \(path): privileges were not dropped")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for command in readCommands(path) {
            let result = try frontlineAsReader(command)
            #expect(result.status == 0, "\(command[0]): \(result.stderr)")
            if let root = expected[command], !command.contains("-o") {
                #expect(result.stdout == root.stdout, "\(command[0])")
            }
            #expect(Self.sidecars(of: path) == [], "\(command[0]) left files behind")
        }
        let csv = out.appendingPathComponent("more.csv").path
        try Data("at,place,side,status,claimant,source,url,note\n2022-09-12,Balakliia,UA,confirmed,ISW,ISW,,\n".utf8)
            .write(to: URL(fileURLWithPath: csv))
        let writes: [[String]] = [
            ["record", "--db", path, "--place", "Balakliia", "--side", "UA", "--at", "2022-09-12", "--source", "ISW"],
            ["import", "--db", path, csv],
            ["retract", "--db", path, retractable, "--reason", "test"],
            ["init", "--db", path],
        ]
        for command in writes {
            let result = try frontlineAsReader(command)
            #expect(result.status == 74, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: \(path): ") && result.stderr.hasSuffix("\n")
                    && result.stderr.dropLast().contains("\n") == false, "\(command[0]): \(result.stderr)")
            #expect(result.stderr.contains("read-only"), "\(command[0]): \(result.stderr)")
            #expect(Self.sidecars(of: path) == [], "\(command[0]) left files behind")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
    }

    func rootResults(_ path: String) throws -> [[String]: CLI.Result] {
        var results: [[String]: CLI.Result] = [:]
        for command in readCommands(path) {
            let result = try CLI.run(command, environment: ["FRONTLINE_CACHE_DIR": out.appendingPathComponent("cache").path])
            try #require(result.status == 0, "\(command[0]): \(result.stderr)")
            results[command] = result
        }
        try #require(Self.sidecars(of: path).isEmpty)
        return results
    }

    func setMode(_ mode: Int, _ path: String) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }

    /// A 0444 file in a directory anyone may write: SQLite could make its -wal and -shm there
    /// (and would leave them, owned by the reader); Frontline reads it as an immutable file.
    @Test func aReadOnlyFileInAWritableDirectory() throws {
        defer { cleanUp() }
        let (path, id) = try makeLog()
        let expected = try rootResults(path)
        try setMode(0o444, path)
        try setMode(0o777, (path as NSString).deletingLastPathComponent)
        try #require(try readerMayWrite((path as NSString).deletingLastPathComponent))
        try checkReadOnly(path, retractable: id, expected: expected)
    }

    /// A readable file in a directory the reader may not write (0555): SQLite cannot make a -wal
    /// there, and could not read the log at all without `immutable`.
    @Test func aLogInAReadOnlyDirectory() throws {
        defer { cleanUp() }
        let (path, id) = try makeLog()
        let expected = try rootResults(path)
        try setMode(0o555, (path as NSString).deletingLastPathComponent)
        try checkReadOnly(path, retractable: id, expected: expected)
        // And a new log cannot be made there.
        let new = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("new.sqlite")
        let created = try frontlineAsReader(["init", "--db", new])
        #expect(created.status == 74 && created.stderr.contains("cannot create an event log here"), "\(created.stderr)")
        #expect(!FileManager.default.fileExists(atPath: new))
    }

    /// Another user's log (root's, 0644) in a sticky, world-writable directory such as /tmp: the
    /// reader may create files there, which would be the reader's: an -shm the owner cannot write
    /// would break the owner's next write.
    @Test func anotherUsersLogInASharedDirectory() throws {
        defer { cleanUp() }
        let (path, id) = try makeLog()
        let expected = try rootResults(path)
        try setMode(0o1777, (path as NSString).deletingLastPathComponent)
        try checkReadOnly(path, retractable: id, expected: expected)
        // The owner still writes it.
        let recorded = try CLI.run(["record", "--db", path, "--place", "Balakliia", "--side", "UA", "--at", "2022-09-12", "--source", "ISW"])
        #expect(recorded.status == 0, "\(recorded.stderr)")
        #expect(Self.sidecars(of: path) == [])
    }

    /// A log as an earlier version wrote it (schema v3, before side declarations and numeric
    /// claims), which a reader cannot migrate: it reads as it is, with no declared sides and no claims.
    @Test func aLogOfTheLastSchemaReadsAsItIs() throws {
        defer { cleanUp() }
        let (path, id) = try makeLog()
        let expected = try rootResults(path)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "DROP TABLE side_declarations")
            try db.execute(sql: "DROP TABLE claim_retractions; DROP TABLE claims")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v4: side declarations', 'v5: numeric claims')")
        }
        try setMode(0o444, path)
        try setMode(0o555, (path as NSString).deletingLastPathComponent)
        try checkReadOnly(path, retractable: id, expected: expected)
        let sides = try frontlineAsReader(["sides", "--db", path, "--json"])
        #expect(sides.status == 0 && sides.stdout.contains("\"UA\""), "\(sides.stderr)")
        // Nor numeric claims (v5): none.
        let claims = try frontlineAsReader(["claims", "--db", path, "--json"])
        #expect(claims.status == 0, "\(claims.stderr)")
        #expect((try JSONSerialization.jsonObject(with: Data(claims.stdout.utf8)) as? [Any])?.isEmpty == true, "\(claims.stdout)")
    }

    /// The owner has the log open, with a commit still in the -wal (and -shm) only it may
    /// write: the reader reads through them and leaves them as they are.
    @Test func aLogItsOwnerHasOpenIsReadThroughItsWAL() throws {
        defer { cleanUp() }
        let (path, _) = try makeLog()
        var config = Configuration()
        config.prepareDatabase { try $0.execute(sql: "PRAGMA wal_autocheckpoint = 0") }
        let owner = try DatabaseQueue(path: path, configuration: config)
        defer { try? owner.close() }
        try owner.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER events_no_update; UPDATE events SET note = 'only in the WAL' WHERE seq = 1")
        }
        try #require(!(try readerMayWrite(path + "-shm")) && !(try readerMayWrite((path as NSString).deletingLastPathComponent)))
        let wal = try Data(contentsOf: URL(fileURLWithPath: path + "-wal"))
        let main = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(main.range(of: Data("only in the WAL".utf8)) == nil)
        let listed = try frontlineAsReader(["events", "--db", path, "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("only in the WAL"))
        let verified = try frontlineAsReader(["verify", "--db", path])
        #expect(verified.status == 65 && verified.stderr.contains("changed outside Frontline"), "\(verified.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: path + "-wal")) == wal)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == main)
    }
}
