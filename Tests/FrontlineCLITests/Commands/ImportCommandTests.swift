import Foundation
import Testing

/// `frontline import` of DeepStateMap snapshots, run again and again, as a user would. Needs the
/// shared DeepStateMap files, and fails without them.
@Suite struct ImportCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    static func shared(_ stem: String) throws -> String {
        let path = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/deepstate/\(stem).geojson").path
        try #require(FileManager.default.fileExists(atPath: path), "shared DeepStateMap data missing: \(path)")
        return path
    }

    func importJSON(_ files: [String]) throws -> (json: [String: Any], stderr: String) {
        let result = try CLI.run(["import", "--db", db, "--format", "deepstate", "--json"] + files)
        try #require(result.status == 0, "\(result.stderr)")
        return (try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]), result.stderr)
    }

    @Test func importingTheSameSnapshotsTwiceLeavesOneEventEach() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try ["1662817875", "1664571886"].map(Self.shared)
        let first = try importJSON(files)
        #expect(first.json["imported"] as? Int == 2 && first.json["skipped"] as? Int == 0)
        #expect((first.json["snapshots"] as? [[String: Any]])?.map { $0["skipped"] as? Bool } == [false, false])

        let again = try importJSON(files)
        #expect(again.json["imported"] as? Int == 0 && again.json["skipped"] as? Int == 2)
        let snapshots = try #require(again.json["snapshots"] as? [[String: Any]])
        #expect(snapshots.map { $0["skipped"] as? Bool } == [true, true])
        #expect(Set(snapshots[0].keys) == ["file", "at", "skipped", "sides"])
        let notes = again.stderr.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes.count == 2)
        #expect(notes.first?.contains("the snapshot at 2022-09-10T13:51:15Z is already in the log as event ") == true)

        let forPeople = try CLI.run(["import", "--db", db, "--format", "deepstate"] + files)
        #expect(forPeople.status == 0)
        let last = forPeople.stdout.split(separator: "\n").last ?? ""
        #expect(last.hasPrefix("imported 0 events (") && last.hasSuffix("; skipped 2 snapshots already in the log"), "\(forPeople.stdout)")
        #expect(forPeople.stdout.contains("(skipped: already in the log), as drawn: RU "))
        #expect(forPeople.stdout.contains(", UA liberated "))

        let events = try #require(try CLI.json(["events", "--db", db, "--json"]) as? [[String: Any]])
        #expect(events.count == 2)
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 2 entries, head 2 "))
    }

    @Test func aPolygonFarBeyondTheTheatreIsAWarningNamingIt() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.shared("1675299936")
        let result = try importJSON([file])
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("far beyond the theatre") }
        #expect(warnings.count == 1, "\(result.stderr)")
        // Where the feature starts: the file is one line, and its 56th feature's `{` is byte
        // 193,365 of it (as Python's json.JSONDecoder.raw_decode, walking the array, finds).
        #expect(warnings.first.map { $0.hasPrefix("warning: \(file):1:193365: features[55]: geometry: 'Статус невідомий /// Unknown status' (contested): ") && $0.contains(" km² of it lies far beyond the theatre") } == true,
                "\(result.stderr)")
    }

    @Test func aDeepStateFileWithoutFormatDeepstateIsOneLine() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try Self.shared("1675299936")
        let result = try CLI.run(["import", "--db", db, file])
        #expect(result.status == 65)
        #expect(result.stderr == "error: \(file): this looks like a DeepStateMap snapshot: use --format deepstate\n")
        #expect(result.stdout.isEmpty)
    }
}
