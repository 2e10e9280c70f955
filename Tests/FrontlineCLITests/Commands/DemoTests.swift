import Foundation
import Testing

/// `frontline demo`: the bundled scenario and the report's figures.
@Suite struct DemoTests {
    @Test func theDemoLoadsTheScenarioAndReportsPlausibleFigures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = ["FRONTLINE_CACHE_DIR": ControlCommandTests.cache]
        let result = try CLI.run(["demo", "--out", dir.path], environment: environment)
        #expect(result.status == 0, "\(result.stderr)")
        let out = result.stdout
        // 120 settlements or more, as the scenario promises.
        let loaded = try #require(out.firstMatch(of: /Loaded (\d+) events on (\d+) settlements/))
        #expect(Int(loaded.2)! >= 120)
        // The counteroffensive: more than the conservative 2,500 km², the same order as the claims.
        let gained = try #require(out.firstMatch(of: /UA gained ([\d,]+) km² confirmed, up to ([\d,]+) km² claimed/))
        let confirmed = Int(gained.1.replacingOccurrences(of: ",", with: ""))!
        let claimed = Int(gained.2.replacingOccurrences(of: ",", with: ""))!
        #expect((2_500...10_000).contains(confirmed) && claimed >= confirmed)
        #expect(out.contains("RU gained 0 km² confirmed"))
        // The hubs: Kupiansk and Izium end September held by UA.
        #expect(out.contains("Kupiansk: RU") && out.contains("Izium: RU"))
        #expect(out.firstMatch(of: /Izium: RU .*held by UA 2022-09-1\d/) != nil)
        // November 2025: each side's view gives Kupiansk to that side; confirmed keeps it Ukrainian.
        #expect(out.firstMatch(of: /confirmed +UA/) != nil)
        #expect(out.firstMatch(of: /claimed:RU +RU/) != nil)
        #expect(out.firstMatch(of: /claimed:UA +UA/) != nil)
        for file in ["kharkiv-2022.csv", "frontline.sqlite", "kharkiv-2022-09-13.geojson", "kharkiv-2022-09-13.svg",
                     "kharkiv-2022-09-timeline.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(file).path), "\(file)")
        }
        // Every SVG renders, and GDAL reads the GeoJSON without a warning, when they are installed.
        for name in ["kharkiv-2022-09-13.svg", "kharkiv-2022-09-timeline.svg"] {
            let svg = dir.appendingPathComponent(name).path
            if let rendered = try CLI.tool("/usr/bin/rsvg-convert", ["-o", svg + ".png", svg]) {
                #expect(rendered.status == 0, "\(name): \(rendered.stderr)")
            }
        }
        let geojson = dir.appendingPathComponent("kharkiv-2022-09-13.geojson").path
        if let gdal = try CLI.tool("/usr/bin/ogrinfo", ["-ro", "-al", "-so", geojson]) {
            #expect(gdal.status == 0 && !gdal.stderr.contains("Warning"), "\(gdal.stderr)")
        }
        // Run again: a log that holds only the scenario is the demo's own, and is replaced.
        #expect(try CLI.run(["demo", "--out", dir.path], environment: environment).status == 0)
        #expect(try backups(in: dir).isEmpty)
        #expect(try CLI.run(["verify", "--db", dir.appendingPathComponent("frontline.sqlite").path]).status == 0)
    }

    func backups(in dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("frontline.sqlite.") && $0.hasSuffix(".bak") }
    }

    /// Once the user has written to the demo's log, the demo never removes it: it refuses, with
    /// the way out; --force keeps the log aside, whole.
    @Test func theDemoNeverRemovesALogTheUserWroteTo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-demo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let environment = ["FRONTLINE_CACHE_DIR": ControlCommandTests.cache]
        #expect(try CLI.run(["demo", "--out", dir.path], environment: environment).status == 0)
        let db = dir.appendingPathComponent("frontline.sqlite").path
        func count(_ path: String) throws -> Int { (try CLI.json(["events", "--db", path, "--json"]) as? [Any])?.count ?? -1 }
        let loaded = try count(db)
        let recorded = try CLI.run(["record", "--db", db, "--place", "Kupiansk-Vuzlovyi", "--side", "UA", "--at", "2022-09-26",
                                    "--source", "ISW", "--status", "confirmed"])
        #expect(recorded.status == 0, "\(recorded.stderr)")

        let refused = try CLI.run(["demo", "--out", dir.path], environment: environment)
        #expect(refused.status == 64)
        #expect(refused.stderr.hasPrefix("error: \(db) holds 1 event that is not the scenario's"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--out DIR") && refused.stderr.contains("--force"))
        #expect(refused.stdout.isEmpty)
        #expect(try count(db) == loaded + 1)
        #expect(try backups(in: dir).isEmpty)

        // A retraction is the user's writing too.
        let other = dir.appendingPathComponent("other")
        #expect(try CLI.run(["demo", "--out", other.path], environment: environment).status == 0)
        let otherDB = other.appendingPathComponent("frontline.sqlite").path
        let id = try #require((try CLI.json(["events", "--db", otherDB, "--json"]) as? [[String: Any]])?.first?["id"] as? String)
        #expect(try CLI.run(["retract", id, "--reason", "test", "--db", otherDB]).status == 0)
        let retracted = try CLI.run(["demo", "--out", other.path], environment: environment)
        #expect(retracted.status == 64 && retracted.stderr.contains("holds 1 retraction"), "\(retracted.stderr)")

        let forced = try CLI.run(["demo", "--out", dir.path, "--force"], environment: environment)
        #expect(forced.status == 0, "\(forced.stderr)")
        let kept = try #require(try backups(in: dir).first)
        #expect(try count(dir.appendingPathComponent(kept).path) == loaded + 1)
        #expect(try count(db) == loaded)
        #expect(try CLI.run(["verify", "--db", dir.appendingPathComponent(kept).path]).status == 0)
    }
}
