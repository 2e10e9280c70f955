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
        #expect(out.contains("Kupyansk: RU") && out.contains("Izyum: RU"))
        #expect(out.firstMatch(of: /Izyum: RU .*held by UA 2022-09-1\d/) != nil)
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
        // Run again: the first log is kept aside, not overwritten.
        #expect(try CLI.run(["demo", "--out", dir.path], environment: environment).status == 0)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
        #expect(names.contains { $0.hasPrefix("frontline.sqlite.") && $0.hasSuffix(".bak") })
        #expect(try CLI.run(["verify", "--db", dir.appendingPathComponent("frontline.sqlite").path]).status == 0)
    }
}
