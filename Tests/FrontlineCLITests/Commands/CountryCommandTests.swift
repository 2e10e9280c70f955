import Foundation
import Testing

/// Figures per country, and `--area UA` / `--area RU` selecting a country's areas, on every
/// command that takes `--area`, run as a user would.
extension ControlCommandTests {
    typealias Sides = [String: [String: Double]]

    static func countries(_ report: [String: Any]) throws -> [String: [String: Any]] {
        try #require(report["countries"] as? [String: [String: Any]])
    }

    @Test func controlLeadsWithEachCountryAndItsShares() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let control = try #require(try json(["control", "--at", "2022-09-06"]) as? [String: Any])
        let countries = try Self.countries(control)
        #expect(Set(countries.keys) == ["UA", "RU"])
        let areas = try #require(control["areas"] as? [[String: Any]])
        func held(by side: String, in prefix: String) -> Double {
            areas.filter { ($0["iso"] as? String)?.hasPrefix(prefix) == true }
                .reduce(0) { $0 + (($1["sides"] as? Sides)?[side]?["km2"] ?? 0) }
        }
        let ukraine = try #require(countries["UA"]), russia = try #require(countries["RU"])
        #expect(Set(ukraine.keys) == ["km2", "officialKm2", "sides"])
        #expect(ukraine["officialKm2"] as? Double == 603_628 && russia["officialKm2"] as? Double == 17_098_246)
        let inUkraine = try #require(ukraine["sides"] as? Sides)
        let ru = try #require(inUkraine["RU"]?["km2"])
        #expect(ru > 10 && abs(ru - held(by: "RU", in: "UA-")) < 0.01)
        #expect(abs(try #require(inUkraine["RU"]?["share"]) - ru / 603_628) < 1e-8)
        #expect(abs((ukraine["km2"] as? Double ?? 0) - held(by: "RU", in: "UA-") - held(by: "UA", in: "UA-")) < 0.01)
        // Russia's oblasts, held by Russia: no Ukrainian figure until Ukraine holds some.
        let inRussia = try #require(russia["sides"] as? Sides)
        #expect(Array(inRussia.keys) == ["RU"] && abs(inRussia["RU"]!["km2"]! - held(by: "RU", in: "RU-")) < 0.01)

        let people = try run(["control", "--at", "2022-09-06"])
        let lines = people.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[1].hasPrefix("In Ukraine: RU holds \(Self.km2(ru)) km² ("), "\(lines[1])")
        #expect(lines[1].contains(", UA ") && !lines[1].contains("contested"))
        #expect(lines[2].hasPrefix("In Russia: UA holds 0 km², RU "), "\(lines[2])")
        #expect(lines[3] == "" && lines[4].hasPrefix("area "))

        // A country's areas alone: the same figures; one area: no country, as before.
        let ofUkraine = try #require(try json(["control", "--at", "2022-09-06", "--area", "ua"]) as? [String: Any])
        #expect((ofUkraine["areas"] as? [[String: Any]])?.allSatisfy { ($0["iso"] as? String)?.hasPrefix("UA-") == true } == true)
        #expect((ofUkraine["areas"] as? [[String: Any]])?.count == 27 && ofUkraine["outside"] == nil)
        let only = try Self.countries(ofUkraine)
        #expect(Array(only.keys) == ["UA"] && (only["UA"]?["sides"] as? Sides)?["RU"]?["km2"] == ru)
        let ofRussia = try #require(try json(["control", "--at", "2022-09-06", "--area", "RU"]) as? [String: Any])
        #expect((ofRussia["areas"] as? [[String: Any]])?.compactMap { $0["iso"] as? String }
                == ["RU-BEL", "RU-BRY", "RU-KRS", "RU-ROS", "RU-VOR"])
        #expect(Array(try Self.countries(ofRussia).keys) == ["RU"])
        let kharkiv = try #require(try json(["control", "--at", "2022-09-06", "--area", "UA-63"]) as? [String: Any])
        #expect(Set(kharkiv.keys) == ["at", "view", "sides", "areas"])
        #expect(!(try run(["control", "--at", "2022-09-06", "--area", "UA-63"])).stdout.contains("In Ukraine"))
        let unknown = try run(["control", "--at", "2022-09-06", "--area", "XX"])
        #expect(unknown.status == 64 && unknown.stderr.contains("no admin area 'XX'"))
    }

    @Test func changeSplitsEachTransferAndGainByCountry() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let change = try #require(try json(["change", "--from", "2022-09-06", "--to", "2022-09-13"]) as? [String: Any])
        let transfer = try #require((change["transfers"] as? [[String: Any]])?.first)
        let split = try #require(transfer["countries"] as? Sides)
        let km2 = try #require(transfer["km2"] as? Double)
        #expect(Array(split.keys) == ["UA"] && split["UA"]?["km2"] == km2)
        #expect(abs(try #require(split["UA"]?["share"]) - km2 / 603_628) < 1e-8)
        #expect(Set(change.keys) == ["from", "to", "view", "transfers", "places", "gains", "countryGains"])
        let gain = try #require(Self.gains(change["gains"])?["UA"])
        let byCountry = try #require(Self.countryGains(change["countryGains"]))
        #expect(Set(byCountry.keys) == ["UA", "RU"] && byCountry["RU"]?.isEmpty == true)
        #expect(byCountry["UA"]?["UA"] == gain)
        // Russia's claim on Kharkiv counts in its own view only, in Ukraine.
        #expect(byCountry["UA"]?["RU"]?["confirmed"] == 0 && (byCountry["UA"]?["RU"]?["claimed"] ?? 0) > 0)

        let people = try run(["change", "--from", "2022-09-06", "--to", "2022-09-13"])
        #expect(people.stdout.contains("\n  In Ukraine: UA gained \(Self.km2(km2)) km² confirmed\n    according to "), "\(people.stdout)")
        #expect(!people.stdout.contains("In Russia"))
        // Over Ukraine's areas the same transfer, and Ukraine alone.
        let inUkraine = try #require(try json(["change", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "UA"]) as? [String: Any])
        #expect((inUkraine["transfers"] as? [[String: Any]])?.map { $0["km2"] as? Double } == [km2])
        #expect((inUkraine["countryGains"] as? [String: Any]).map { Array($0.keys) } == ["UA"])
        // Over Russia's areas nothing changed; over one area, the report is as it was.
        let inRussia = try #require(try json(["change", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "RU"]) as? [String: Any])
        #expect((inRussia["transfers"] as? [Any])?.isEmpty == true && (inRussia["places"] as? [Any])?.isEmpty == true)
        #expect(try run(["change", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "RU"]).stdout.contains("No territory changed hands."))
        let kharkiv = try #require(try json(["change", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "UA-63"]) as? [String: Any])
        #expect((kharkiv["transfers"] as? [[String: Any]])?.first?["countries"] == nil)
        #expect(Set(kharkiv.keys) == ["from", "to", "view", "transfers", "places", "gains"])
        #expect(try run(["change", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "UA-63"]).stdout
            .contains("\n  UA gained \(Self.km2(km2)) km² confirmed"))
    }

    @Test func timelineExportRenderAndHubsTakeACountry() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let rows = try #require(try json(["timeline", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "RU"]) as? [[String: Any]])
        #expect(rows.count == 8)
        for row in rows {
            #expect((row["areas"] as? [[String: Any]])?.allSatisfy { ($0["iso"] as? String)?.hasPrefix("RU-") == true } == true)
            #expect((row["sides"] as? Sides).map { Array($0.keys) } == ["RU"])
        }
        let ofUkraine = try #require(try json(["timeline", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "UA"]) as? [[String: Any]])
        #expect(ofUkraine.map { ($0["areas"] as? [Any])?.count } == Array(repeating: 27, count: 8))

        // The chart's default scope is Ukraine, without UA's own land: RU's line alone here.
        let chart = dir.appendingPathComponent("chart.svg").path
        #expect(try run(["timeline", "--from", "2022-09-06", "--to", "2022-09-13", "--svg", chart]).status == 0)
        let svg = try String(contentsOfFile: chart, encoding: .utf8)
        #expect(svg.contains("Ukraine: km² held per side (view confirmed)"))
        #expect(svg.components(separatedBy: "<polyline").count == 2 && svg.contains(">RU ") && !svg.contains(">UA "))

        let out = dir.appendingPathComponent("russia.geojson").path
        #expect(try run(["export", "--at", "2022-09-13", "--area", "RU", "--layers", "control,places,areas", "-o", out]).status == 0)
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        let properties = try #require(collection["features"] as? [[String: Any]]).compactMap { $0["properties"] as? [String: Any] }
        let areas = properties.filter { $0["layer"] as? String == "areas" }.compactMap { $0["iso"] as? String }
        #expect(areas == ["RU-BEL", "RU-BRY", "RU-KRS", "RU-ROS", "RU-VOR"])
        let places = properties.filter { $0["layer"] as? String == "places" }
        #expect(places.count > 100 && places.allSatisfy { ($0["area"] as? String)?.hasPrefix("RU-") == true })
        #expect(properties.filter { $0["layer"] as? String == "control" }.compactMap { $0["side"] as? String } == ["RU"])

        for (code, name) in [("RU", "Russia"), ("ua", "Ukraine")] {
            let map = dir.appendingPathComponent("\(code).svg").path
            #expect(try run(["render", "--at", "2022-09-13", "--area", code, "-o", map]).status == 0)
            #expect(try String(contentsOfFile: map, encoding: .utf8).contains(">\(name) on 2022-09-13 (view confirmed)<"))
        }

        func hubs(_ area: String) throws -> Set<String> {
            Set(try #require(try json(["hubs", "--at", "2022-09-06", "--area", area]) as? [[String: Any]]).compactMap { $0["id"] as? String })
        }
        let all = Set(try #require(try json(["hubs", "--at", "2022-09-06"]) as? [[String: Any]]).compactMap { $0["id"] as? String })
        let (inUkraine, inRussia, inKharkiv) = (try hubs("UA"), try hubs("RU"), try hubs("UA-63"))
        #expect(inRussia.contains("belgorod") && !inRussia.contains("izium") && inUkraine.contains("izium"))
        #expect(inUkraine.union(inRussia) == all && inUkraine.isDisjoint(with: inRussia))
        #expect(inKharkiv.contains("kupiansk") && inKharkiv.isSubset(of: inUkraine) && inKharkiv.count < inUkraine.count)
        // The table: the rows after its two header lines, up to the blank line before the lines
        // of communication.
        let table = try run(["hubs", "--at", "2022-09-06", "--area", "RU"]).stdout
            .split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).prefix { !$0.isEmpty }
        #expect(!table.isEmpty && table.allSatisfy { $0.contains(" RU-") })
        let history = try #require(try json(["hubs", "--from", "2022-09-06", "--to", "2022-09-13", "--area", "UA-63"]) as? [[String: Any]])
        #expect(Set(history.compactMap { $0["id"] as? String }) == inKharkiv)
    }

    static func km2(_ value: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: value.rounded()))!
    }

    static let snapshots: URL = deepState.deletingLastPathComponent()

    /// DeepStateMap on 1 November and 1 December 2024: Ukraine holds part of Kursk oblast, and
    /// Russia retakes some of it in November. UA's ground in Russia is a figure of its own, and
    /// RU's gains in Ukraine leave out what it retook of Kursk.
    @Test func kurskIsItsOwnFigureAndNotAGainInUkraine() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = ["1730495471", "1733089579"].map { Self.snapshots.appendingPathComponent("\($0).geojson").path }
        for file in files { #expect(FileManager.default.fileExists(atPath: file), "shared DeepStateMap data not found: \(file)") }
        let imported = try run(["import", "--format", "deepstate"] + files)
        try #require(imported.status == 0, "\(imported.stderr)")

        let control = try #require(try json(["control", "--at", "2024-11-01"]) as? [String: Any])
        let areas = try #require(control["areas"] as? [[String: Any]])
        func held(by side: String, in prefix: String) -> Double {
            areas.filter { ($0["iso"] as? String)?.hasPrefix(prefix) == true }
                .reduce(0) { $0 + (($1["sides"] as? Sides)?[side]?["km2"] ?? 0) }
        }
        let countries = try Self.countries(control)
        let inRussia = try #require(countries["RU"]?["sides"] as? Sides)
        let inUkraine = try #require(countries["UA"]?["sides"] as? Sides)
        let kursk = try #require(inRussia["UA"]?["km2"])
        print("DeepState 2024-11-01: UA holds \(kursk) km² in Russia, RU \(inUkraine["RU"]!["km2"]!) km² in Ukraine")
        #expect(abs(kursk - held(by: "UA", in: "RU-")) < 0.01)
        let krs = try #require(areas.first { $0["iso"] as? String == "RU-KRS" }?["sides"] as? Sides)
        #expect(kursk > 500 && krs["UA"]!["km2"]! > 0.9 * kursk)  // Kursk oblast above all
        let occupied = try #require(inUkraine["RU"]?["km2"])
        #expect(abs(occupied - held(by: "RU", in: "UA-")) < 0.01 && occupied > 100_000)
        #expect(abs(inUkraine["RU"]!["share"]! - occupied / 603_628) < 1e-8)
        // The figure for all of RU still counts its own oblasts, as before.
        #expect(((control["sides"] as? Sides)?["RU"]?["km2"] ?? 0) > occupied + 200_000)

        let change = try #require(try json(["change", "--from", "2024-11-01", "--to", "2024-12-01"]) as? [String: Any])
        let transfers = try #require(change["transfers"] as? [[String: Any]])
        var toRU: [String: Double] = [:]
        for transfer in transfers {
            let split = try #require(transfer["countries"] as? Sides)
            let parts = try #require(transfer["areas"] as? [[String: Any]])
            func sum(_ prefix: String) -> Double {
                parts.filter { ($0["iso"] as? String)?.hasPrefix(prefix) == true }.reduce(0) { $0 + ($1["km2"] as? Double ?? 0) }
            }
            #expect(abs((split["UA"]?["km2"] ?? 0) - sum("UA-")) < 0.01 && abs((split["RU"]?["km2"] ?? 0) - sum("RU-")) < 0.01)
            let km2 = try #require(transfer["km2"] as? Double)
            #expect(abs((split["UA"]?["km2"] ?? 0) + (split["RU"]?["km2"] ?? 0) + sum("outside") - km2) < 0.01)
            if transfer["to"] as? String == "RU" {
                toRU["UA", default: 0] += sum("UA-")
                toRU["RU", default: 0] += sum("RU-")
            }
        }
        let gain = try #require(Self.gains(change["gains"])?["RU"]?["confirmed"])
        let split = try #require(Self.countryGains(change["countryGains"]))
        let retaken = try #require(split["RU"]?["RU"]?["confirmed"]), inUkraineGain = try #require(split["UA"]?["RU"]?["confirmed"])
        print("DeepState November 2024: RU gained \(gain) km², \(inUkraineGain) in Ukraine, \(retaken) retaking Russia")
        #expect(abs(inUkraineGain - toRU["UA"]!) < 0.01 && abs(retaken - toRU["RU"]!) < 0.01)
        #expect(retaken > 100 && inUkraineGain > 300)
        #expect(inUkraineGain + retaken <= gain + 0.01)

        let people = try run(["change", "--from", "2024-11-01", "--to", "2024-12-01"]).stdout
        #expect(people.contains("\n  In Ukraine: RU gained \(Self.km2(inUkraineGain)) km² confirmed"), "\(people)")
        #expect(people.contains("\n  In Russia: RU gained \(Self.km2(retaken)) km² confirmed"))
        let lines = try run(["control", "--at", "2024-11-01"]).stdout
        #expect(lines.contains("\nIn Russia: UA holds \(Self.km2(kursk)) km² ("), "\(lines)")
    }

    /// DeepState's 2024-07-01 map, before the Kursk incursion: the strips between its border and
    /// GeoData's, drawn as liberated Ukraine, are not Ukrainian ground in Russia.
    @Test func borderStripsAreNotGroundHeldAcrossTheBorder() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = Self.snapshots.appendingPathComponent("1719866623.geojson").path
        try #require(FileManager.default.fileExists(atPath: file), "shared DeepStateMap data not found: \(file)")
        let imported = try run(["import", "--format", "deepstate", file])
        try #require(imported.status == 0, "\(imported.stderr)")
        let control = try #require(try json(["control", "--at", "2024-07-02"]) as? [String: Any])
        let inRussia = try #require(try Self.countries(control)["RU"]?["sides"] as? Sides)
        #expect((inRussia["UA"]?["km2"] ?? 0) == 0, "\(inRussia)")
        #expect(try run(["control", "--at", "2024-07-02"]).stdout.contains("\nIn Russia: UA holds 0 km²"))
    }
}
