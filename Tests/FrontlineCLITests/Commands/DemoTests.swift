import Foundation
import Testing

/// `frontline demo`: the bundled scenario and the report's figures.
@Suite(.tags(.slow)) struct DemoTests {
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
        // Confirmed, then one line per claimant of the scenario (not one "up to").
        let gained = try #require(out.firstMatch(of: /UA gained ([\d,]+) km² confirmed\n((?:     according to [^\n]+: [\d,]+ km²\n)+)/))
        let confirmed = Int(gained.1.replacingOccurrences(of: ",", with: ""))!
        #expect((2_500...10_000).contains(confirmed))
        let told = gained.2.split(separator: "\n")
        #expect(told.count == 3 && told.contains { $0.contains("according to pro-Russian Telegram channels: ") }, "\(told)")
        #expect(!out.contains("up to"))
        #expect(out.contains("RU gained 0 km² confirmed"))
        // The claims of September 2022, each against DeepStateMap's maps of its window, as
        // `frontline claims` computes them on the demo's log.
        let db = dir.appendingPathComponent("frontline.sqlite").path
        let claims = try #require(try CLI.json(["claims", "--db", db, "--json"]) as? [[String: Any]])
        #expect(claims.map { $0["claimant"] as? String ?? "" } == ["Volodymyr Zelensky", "ISW", "Volodymyr Zelensky", "Valerii Zaluzhnyi",
                                                                   "Volodymyr Zelensky", "Hanna Maliar", "Hanna Maliar"])
        #expect(claims.map { $0["km2"] as? Double ?? 0 } == [1_000, 2_500, 2_000, 3_000, 6_000, 3_800, 8_500])
        for claim in claims {
            let name = try #require(claim["claimant"] as? String), km2 = try #require(claim["km2"] as? Double)
            let confirmed = try #require((claim["measured"] as? [[String: Any]])?.first)
            #expect(confirmed["view"] as? String == "confirmed")
            let shown = Int((try #require(confirmed["km2"] as? Double)).rounded())
            let grouped = shown >= 1000 ? "\(shown / 1000),\(String(format: "%03d", shown % 1000))" : "\(shown)"
            let claimed = "\(Int(km2) / 1000),\(String(format: "%03d", Int(km2) % 1000))"
            #expect(out.contains("\(name): claimed \(claimed) km², DeepStateMap's maps show \(grouped) km²"), "\(name) \(claimed): \(grouped)")
        }
        // Maliar's 3,800 km² of 13 September: the maps show about twice as much (she said the real
        // figure was almost double), and her 8,500 of the 14th is about what they show.
        let maliar = try #require(out.firstMatch(of: /Hanna Maliar: claimed 3,800 km², DeepStateMap's maps show [\d,]+ km² \((\d\.\d)×\)/))
        #expect((1.5...2.5).contains(Double(maliar.1)!))
        #expect(out.firstMatch(of: /Hanna Maliar: claimed 8,500 km², DeepStateMap's maps show [\d,]+ km² \((0\.9\d|1\.0\d?)×\)/) != nil)
        // 10 September: the claims of the day are a real range against the confirmed map.
        let tenth = try #require(out.firstMatch(of: /confirmed +UA +RU +UA +([\d,]+) +([\d,]+)/))
        let claimedUA = try #require(out.firstMatch(of: /claimed:UA +UA +UA +UA +([\d,]+) +([\d,]+)/))
        // (Izium's cell: some 80 km² since GeoData has the villages around it.)
        #expect(Int(claimedUA.2.replacingOccurrences(of: ",", with: ""))! > Int(tenth.2.replacingOccurrences(of: ",", with: ""))! + 50)
        #expect(out.firstMatch(of: /claimant:pro-Russian Telegram channels +contested +UA/) != nil)
        // November 2025 stands against the latest map the scenario holds, and says which.
        #expect(out.contains("DeepStateMap's map of\n   2025-08-01T19:52:40Z (the last of the shared archive), where Kupiansk is held by UA"))
        #expect(out.contains("No independent map of November 2025 is in the scenario"))

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
        // Every SVG renders, and GDAL reads the GeoJSON without a warning.
        for name in ["kharkiv-2022-09-13.svg", "kharkiv-2022-09-timeline.svg"] {
            let svg = dir.appendingPathComponent(name).path
            let rendered = try CLI.tool("/usr/bin/rsvg-convert", ["-o", svg + ".png", svg])
            #expect(rendered.status == 0, "\(name): \(rendered.stderr)")
        }
        let geojson = dir.appendingPathComponent("kharkiv-2022-09-13.geojson").path
        let gdal = try CLI.tool("/usr/bin/ogrinfo", ["-ro", "-al", "-so", geojson])
        #expect(gdal.status == 0 && !gdal.stderr.contains("Warning"), "\(gdal.stderr)")
        // Run again: a log that holds only the scenario is the demo's own, and is replaced.
        #expect(try CLI.run(["demo", "--out", dir.path], environment: environment).status == 0)
        #expect(try backups(in: dir).isEmpty)
        #expect(try CLI.run(["verify", "--db", dir.appendingPathComponent("frontline.sqlite").path]).status == 0)
        #expect((try CLI.json(["claims", "--db", db, "--json"]) as? [Any])?.count == 7)
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

        // A numeric claim of the user's, or a retraction of one of the demo's, is the user's writing too.
        let third = dir.appendingPathComponent("third")
        #expect(try CLI.run(["demo", "--out", third.path], environment: environment).status == 0)
        let thirdDB = third.appendingPathComponent("frontline.sqlite").path
        let claimID = try #require((try CLI.json(["claims", "--db", thirdDB, "--json"]) as? [[String: Any]])?.first?["id"] as? String)
        #expect(try CLI.run(["retract", claimID, "--reason", "test", "--db", thirdDB]).status == 0)
        let claimRetracted = try CLI.run(["demo", "--out", third.path], environment: environment)
        #expect(claimRetracted.status == 64 && claimRetracted.stderr.contains("holds 1 retraction of a numeric claim"), "\(claimRetracted.stderr)")

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
