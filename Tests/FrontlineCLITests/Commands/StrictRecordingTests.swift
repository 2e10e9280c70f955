import Foundation
import Testing

/// Strict where a mistake would be recorded: places named exactly, sides known, views naming what
/// the log holds; and `record` says what it recorded.
@Suite struct StrictRecordingTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func record(_ place: String, side: String, _ more: [String] = []) throws -> CLI.Result {
        try CLI.run(["record", "--db", db, "--place", place, "--side", side, "--at", "2022-09-10", "--source", "ISW"] + more)
    }

    func events() throws -> [[String: Any]] {
        try #require(try CLI.json(["events", "--db", db, "--json"]) as? [[String: Any]])
    }

    @Test func aNearMissIsRefusedAndTheClosestListedWithTheirOblast() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let berdychi = try record("Berdychi", side: "RU", ["--at", "2023-02-10"])
        #expect(berdychi.status == 65)
        #expect(berdychi.stderr.hasPrefix("error: --place: no settlement is named \"Berdychi\"; closest: Berdychiv (Zhytomyr Oblast, id "),
                "\(berdychi.stderr)")
        #expect(berdychi.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: db))  // nothing written, not even a log
        #expect(try record("Kupiansk-Vuz", side: "UA").status == 65)
    }

    @Test func anExactNameInAnySpellingWithOrWithoutItsOblastIsRecorded() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for place in ["Kupiansk, Kharkiv", "Kupyansk", "Куп'янськ", "kupiansk, UA-63", "703656"] {
            let result = try record(place, side: "UA")
            #expect(result.status == 0, "\(place): \(result.stderr)")
        }
        let old = try record("Kharkov", side: "RU")  // the Russian spelling GeoNames carries
        #expect(old.status == 0, "\(old.stderr)")
        #expect(try events().map { $0["place"] as? Int } == [703656, 703656, 703656, 703656, 703656, 706483])
    }

    /// For people, one line on stderr says what was recorded; stdout holds the id alone, so
    /// `id=$(frontline record …)` keeps working.
    @Test func recordSaysWhatItRecordedAndPrintsTheIdAlone() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try record("Izium", side: "Ukraine", ["--status", "confirmed", "--claimant", "General Staff"])
        #expect(result.status == 0, "\(result.stderr)")
        let id = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 26 && result.stdout == id + "\n")
        #expect(result.stderr == "recorded: Izium (Kharkiv Oblast, 707292) → UA at 2022-09-10, confirmed, claimant General Staff\n")
        let area = dir.appendingPathComponent("area.geojson").path
        try Data(#"{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49.5],[37,49]]]}"#.utf8)
            .write(to: URL(fileURLWithPath: area))
        let drawn = try CLI.run(["record", "--db", db, "--area", area, "--side", "RU", "--at", "2022-09-11T06:00+02:00", "--source", "MoD"])
        #expect(drawn.stderr.firstMatch(of: /^recorded: an area of 2,\d\d\d km² → RU at 2022-09-11T04:00Z, claimed, no claimant\n$/) != nil,
                "\(drawn.stderr)")
        // A control character cannot be recorded (FieldRules), and the refusal does not echo it.
        let escaped = try record("Izium", side: "UA", ["--claimant", "Evil\u{1B}[2J"])
        #expect(escaped.status == 65 && escaped.stderr.contains("--claimant: holds a control character (U+001B"), "\(escaped.stderr)")
        #expect(!escaped.stderr.contains("\u{1B}"))
        // --json prints the event alone.
        let json = try record("Izium", side: "UA", ["--json"])
        #expect(json.stderr.isEmpty && json.stdout.hasPrefix("{"))
    }

    @Test func sidesAreKnownByCodeOrNameOrDeclaredOnce() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try record("Izium", side: "Ukraine").status == 0)
        #expect(try record("Izium", side: "russia").status == 0)
        #expect(try record("Izium", side: "CONTESTED").status == 0)
        #expect(try events().map { $0["side"] as? String } == ["UA", "RU", "contested"])

        let unknown = try record("Izium", side: "XX")
        #expect(unknown.status == 65)
        #expect(unknown.stderr == "error: --side: 'XX' is not a known side (known: UA (Ukraine), RU (Russia), contested); "
                + "a new side is declared once, with `frontline sides add XX --name NAME`\n")
        #expect(try events().count == 3)

        let added = try CLI.run(["sides", "add", "xx", "--name", "Exercise side", "--db", db])
        #expect(added.status == 0 && added.stdout == "declared XX (Exercise side)\n", "\(added.stderr)")
        #expect(try CLI.run(["sides", "add", "XX", "--name", "Exercise side", "--db", db]).status == 0)  // the same again
        let renamed = try CLI.run(["sides", "add", "XX", "--name", "Another", "--db", db])
        #expect(renamed.status == 65 && renamed.stderr.contains("already declared"))
        #expect(try CLI.run(["sides", "add", "UA", "--name", "Ukraine", "--db", db]).status == 65)

        #expect(try record("Izium", side: "xx").status == 0)
        #expect(try events().last?["side"] as? String == "XX")
        let listed = try #require(try CLI.json(["sides", "--db", db, "--json"]) as? [[String: Any]])
        #expect(listed.map { $0["code"] as? String } == ["UA", "RU", "contested", "XX"])
        #expect(listed.last?["name"] as? String == "Exercise side" && listed.last?["origin"] as? String == "declared")
        #expect(Set(listed[0].keys) == ["code", "name", "origin"])
        // The declaration is an entry of the chain.
        #expect(try CLI.run(["verify", "--db", db]).stdout.hasPrefix("ok: 5 entries, head 5 "))
        // Without a log, the built-in sides, and no log is created.
        let none = dir.appendingPathComponent("none.sqlite").path
        #expect(try CLI.run(["sides", "--db", none]).stdout.contains("RU         Russia"))
        #expect(!FileManager.default.fileExists(atPath: none))
    }

    /// Every command taking --view refuses a side or a claimant the log does not hold, listing
    /// those it does, rather than showing the confirmed figures.
    @Test func aViewNamingWhatTheLogLacksIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try record("Izium", side: "UA", ["--claimant", "General Staff"]).status == 0)
        #expect(try record("Kupiansk", side: "RU", ["--claimant", "Russian MoD"]).status == 0)
        let svg = dir.appendingPathComponent("map.svg").path
        let commands: [[String]] = [
            ["control", "--at", "2022-09-12"], ["change", "--from", "2022-09-01", "--to", "2022-09-12"],
            ["timeline", "--from", "2022-09-01", "--to", "2022-09-12"], ["export", "--at", "2022-09-12"],
            ["render", "--at", "2022-09-12", "-o", svg], ["hubs", "--at", "2022-09-12"],
        ]
        for command in commands {
            let claimant = try CLI.run(command + ["--db", db, "--view", "claimant:Nobody"])
            #expect(claimant.status == 64, "\(command[0]): \(claimant.stderr)")
            #expect(claimant.stderr == "error: --view claimant:Nobody: no event in the log has claimant \"Nobody\"; "
                    + "claimants in the log: \"General Staff\", \"Russian MoD\"\n", "\(command[0])")
            let side = try CLI.run(command + ["--db", db, "--view", "claimed:XX"])
            #expect(side.status == 64, "\(command[0]): \(side.stderr)")
            #expect(side.stderr == "error: --view claimed:XX: no event in the log is held by side XX; sides in the log: RU, UA\n")
            #expect(side.stdout.isEmpty)
        }
        #expect(try CLI.run(["control", "--at", "2022-09-12", "--db", db, "--view", "claimed:contested"]).status == 64)
        #expect(!FileManager.default.fileExists(atPath: svg))
        // What the log holds is accepted: a claimant in any case, a side by its name.
        let environment = ["FRONTLINE_CACHE_DIR": ControlCommandTests.cache]
        for view in ["claimant:general staff", "claimed:Russia", "claimed:ua"] {
            let result = try CLI.run(["control", "--at", "2022-09-12", "--area", "UA-63", "--db", db, "--view", view], environment: environment)
            #expect(result.status == 0, "\(view): \(result.stderr)")
        }
    }
}
