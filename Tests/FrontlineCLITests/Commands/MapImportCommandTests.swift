import Foundation
import Testing

/// `import --format isw` and `--format layer` on the shared data, then the views and gains
/// they give, run as a user would. The shared data is required: these tests fail without it.
extension ControlCommandTests {
    static let sharedData: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data")
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func sharedFiles(_ folder: String, count: Int) throws -> [String] {
        let directory = sharedData.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".geojson") }.sorted()
        try #require(names.count >= count, "the shared data \(directory.path) is missing or incomplete")
        return names.map { directory.appendingPathComponent($0).path }
    }

    /// What `control --area UA` gives each side in Ukraine under a view.
    func inUkraine(at day: String, view: String) throws -> [String: Double] {
        let report = try #require(try json(["control", "--at", day, "--area", "UA", "--view", view]) as? [String: Any])
        let sides = try #require((report["countries"] as? [String: [String: Any]])?["UA"]?["sides"] as? [String: [String: Double]])
        return sides.compactMapValues { $0["km2"] }
    }

    @Test func iswDaysShowTheRangeBetweenAssessedAndClaimed() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.sharedFiles("isw", count: 9)
        // Without --format, a .geojson is Frontline's GeoJSON of events: an ISW map is recognised.
        let guessed = try run(["import", files[3]])
        #expect(guessed.status == 65 && guessed.stderr.contains("this looks like an ISW map") && guessed.stderr.contains("--format isw"),
                "\(guessed.stderr)")
        let imported = try #require(try json(["import", "--format", "isw"] + files) as? [String: Any])
        #expect(Set(imported.keys) == ["imported", "skipped", "snapshots"])
        #expect(imported["imported"] as? Int == 27 && imported["skipped"] as? Int == 0)
        let snapshots = try #require(imported["snapshots"] as? [[String: Any]])
        #expect(snapshots.count == 9 && Set(snapshots[0].keys) == ["file", "at", "skipped", "layers"])
        let layers = try #require(snapshots[3]["layers"] as? [String: [String: Any]])
        #expect(Set(layers.keys) == ["VIEW_RussiaCoTinUkraine_V3", "MDS_AssessedRussianAdvanceInUkraine_view",
                                     "VIEW_ClaimedRussianTerritoryinUkraine_V2", "VIEW_ClaimedUkrainianCounteroffensives_V2"])
        let russianClaims = try #require(layers["VIEW_ClaimedRussianTerritoryinUkraine_V2"])
        #expect(russianClaims["side"] as? String == "RU" && russianClaims["status"] as? String == "claimed"
                && russianClaims["claimant"] as? String == "Russian sources (per ISW)")
        // Again: everything skipped, nothing added.
        let again = try #require(try json(["import", "--format", "isw", files[3]]) as? [String: Any])
        #expect(again["imported"] as? Int == 0 && again["skipped"] as? Int == 3)

        // On every day, Russia's claims add to RU, Ukraine's to UA; the confirmed map has neither.
        for file in files {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let day = "\(stem.prefix(4))-\(stem.dropFirst(4).prefix(2))-\(stem.suffix(2))"
            let confirmed = try inUkraine(at: day, view: "confirmed")
            let claimedRU = try inUkraine(at: day, view: "claimed:RU")
            let claimedUA = try inUkraine(at: day, view: "claimed:UA")
            func km2(_ sides: [String: Double], _ side: String) -> String { String(format: "%.0f", sides[side] ?? 0) }
            print("ISW \(day) in Ukraine: confirmed RU \(km2(confirmed, "RU")) UA \(km2(confirmed, "UA")) contested \(km2(confirmed, "contested"))"
                  + "; claimed:RU RU \(km2(claimedRU, "RU")) UA \(km2(claimedRU, "UA")) contested \(km2(claimedRU, "contested"))"
                  + "; claimed:UA RU \(km2(claimedUA, "RU")) UA \(km2(claimedUA, "UA")) contested \(km2(claimedUA, "contested"))")
            #expect(claimedRU["RU"]! > confirmed["RU"]! + 100, "\(day)")
            #expect(abs(claimedUA["RU"]! - confirmed["RU"]!) < 1, "\(day)")
            if day >= "2023-06-01" {
                #expect(claimedUA["UA"]! > confirmed["UA"]! + 100, "\(day)")
            } else {
                // The Japanese-named days: their Ukrainian layer (on 1 May, the 2022 counteroffensives)
                // is the rest, UA, in the confirmed map too (see ISWFormat).
                #expect(abs(claimedUA["UA"]! - confirmed["UA"]!) < 5, "\(day)")
            }
        }
        let people = try run(["control", "--at", "2023-06-15", "--view", "claimant:Ukrainian sources (per ISW)", "--area", "UA"])
        #expect(people.status == 0 && people.stdout.hasPrefix("Control at 2023-06-15T23:59:59.999Z, view claimant:Ukrainian sources (per ISW):"))

        // Gains between two ISW days, per claimant: each claimant's view is the side's claimed one.
        let change = try #require(try json(["change", "--from", "2023-06-01", "--to", "2023-08-24", "--area", "UA"]) as? [String: Any])
        let gains = try #require(change["gains"] as? [String: [String: Any]])
        let ua = try #require(gains["UA"]), ru = try #require(gains["RU"])
        let uaBy = try #require(ua["byClaimant"] as? [String: Double]), ruBy = try #require(ru["byClaimant"] as? [String: Double])
        #expect(Set(uaBy.keys) == ["Russian sources (per ISW)", "Ukrainian sources (per ISW)"])
        #expect(uaBy["Ukrainian sources (per ISW)"] == ua["claimed"] as? Double)
        #expect(ruBy["Russian sources (per ISW)"] == ru["claimed"] as? Double)
        #expect(uaBy["Ukrainian sources (per ISW)"]! > (ua["confirmed"] as? Double ?? .infinity))
        print("ISW change 2023-06-01 → 2023-08-24 in Ukraine: UA \(ua), RU \(ru)")
        let lines = try run(["change", "--from", "2023-06-01", "--to", "2023-08-24", "--area", "UA"]).stdout
        #expect(lines.contains("\n  In Ukraine: UA gained \(Self.km2(ua["confirmed"] as! Double)) km² confirmed\n"
                               + "    according to Russian sources (per ISW): \(Self.km2(uaBy["Russian sources (per ISW)"]!)) km²\n"
                               + "    according to Ukrainian sources (per ISW): \(Self.km2(uaBy["Ukrainian sources (per ISW)"]!)) km²\n"), "\(lines)")
    }

    /// DeepState's daily layer as RU's map: RU in Ukraine is the layer's own area within
    /// Ukraine's areas, as GDAL measures the intersection (GeoData's borders are generalised: the
    /// slivers between them and the layer's go to its side, under half a percent).
    @Test func aDailyLayerIsOneSidesMapOfUkraine() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.sharedFiles("deepstate-daily", count: 3)
        let imported = try #require(try json(["import", "--format", "layer", "--side", "RU", "--rest", "UA", "--claimant", "DeepStateMap"] + files)
                                    as? [String: Any])
        #expect(imported["imported"] as? Int == files.count)
        let snapshots = try #require(imported["snapshots"] as? [[String: Any]])
        #expect(Set(snapshots[0].keys) == ["file", "at", "skipped", "sides"])
        let ogrinfo = "/usr/bin/ogrinfo"
        try #require(FileManager.default.isExecutableFile(atPath: ogrinfo), "GDAL's ogrinfo is needed (apt-get install gdal-bin)")
        let areas = Self.repository.appendingPathComponent("GeoData/areas.geojson").path
        for (file, snapshot) in zip(files, snapshots) {
            let stem = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
            let day = try #require(snapshot["at"] as? String)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ogrinfo)
            process.arguments = ["-q", "-dialect", "sqlite", "-sql",
                                 "select ST_Area(ST_Intersection(d.g, u.g), 1) / 1e6 as km2 from (select ST_Union(geometry) g from \"\(stem)\") d, "
                                 + "(select ST_Union(geometry) g from \"\(areas)\".areas where country = 'UA') u", file]
            let out = Pipe()
            process.standardOutput = out
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let gdal = try #require(text.firstMatch(of: /km2 \(Real\) = ([0-9.]+)/).flatMap { Double($0.1) }, "\(text)")
            let ru = try #require(try inUkraine(at: day, view: "confirmed")["RU"])
            print("DeepState daily \(day): RU in Ukraine \(ru) km², layer within Ukraine's areas (GDAL) \(gdal) km²")
            #expect(ru >= gdal - 1 && ru <= gdal * 1.005, "\(day): \(ru) vs \(gdal)")
        }
        // Between the first and last day, each side's gains are what moved to it, the rest's
        // too: UA has no event of its own in this log (it is each snapshot's rest), yet it took
        // back ground, and `change` gives its gains like RU's.
        let change = try #require(try json(["change", "--from", "2024-07-08", "--to", "2025-06-01", "--area", "UA"]) as? [String: Any])
        let transfers = try #require(change["transfers"] as? [[String: Any]])
        let gains = try #require(change["gains"] as? [String: [String: Any]])
        for side in ["RU", "UA"] {
            let moved = transfers.filter { $0["to"] as? String == side }.compactMap { $0["km2"] as? Double }.reduce(0, +)
            #expect(moved > 1, "\(side) gained \(moved) km²")
            let gained = try #require(gains[side]?["confirmed"] as? Double, "no gains of \(side): \(gains)")
            #expect(abs(gained - moved) < 0.01, "\(side): \(gained) vs \(moved)")
        }
        // Options: a layer needs its side and claimant; they apply to no other format.
        let noSide = try run(["import", "--format", "layer", "--claimant", "X", files[0]])
        #expect(noSide.status == 64 && noSide.stderr.contains("--side"))
        let unknown = try run(["import", "--format", "layer", "--side", "XX", "--claimant", "X", files[0]])
        #expect(unknown.status != 0 && unknown.stderr.contains("--side") && unknown.stderr.contains("not a known side"), "\(unknown.stderr)")
        let notARegion = try run(["import", "--format", "layer", "--side", "RU", "--rest", "contested", "--claimant", "X", files[0]])
        #expect(notARegion.status != 0 && notARegion.stderr.contains("--rest"), "\(notARegion.stderr)")
        let elsewhere = try run(["import", "--side", "RU", files[0]])
        #expect(elsewhere.status == 64 && elsewhere.stderr.contains("--side applies to --format layer only"))
    }
}
