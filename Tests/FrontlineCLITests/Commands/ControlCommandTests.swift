import Foundation
import Testing

/// control, change, timeline, export and the DeepState import, run as a user would.
@Suite struct ControlCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }
    /// One tessellation cache for every test of the run (written atomically, so parallel tests
    /// may race to create it safely).
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cli-cache-\(getpid())").path
    var environment: [String: String] { ["FRONTLINE_CACHE_DIR": Self.cache] }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    /// `change --json`'s gains (or one country's), SIDE → confirmed/claimed, without `byClaimant`.
    static func gains(_ value: Any?) -> [String: [String: Double]]? {
        (value as? [String: [String: Any]])?.mapValues { $0.compactMapValues { $0 as? Double } }
    }

    /// `change --json`'s countryGains: country → ``gains(_:)``.
    static func countryGains(_ value: Any?) -> [String: [String: [String: Double]]]? {
        (value as? [String: Any])?.compactMapValues { gains($0) }
    }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments + ["--db", db], environment: environment)
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments + ["--json"])
        guard result.status == 0 else { throw CLI.Failure(result: result) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// Kharkiv oblast, 2022, as an analyst would record it: captures, the September recaptures
    /// (Izium only claimed on the 10th), and a Russian claim that was never confirmed.
    func importScenario() throws {
        let csv = dir.appendingPathComponent("kharkiv.csv").path
        try Data("""
            at,place,side,status,claimant,source,url,note
            2022-02-27,Kupiansk,RU,confirmed,ISW,ISW assessment,,
            2022-03-03,Balakliia,RU,confirmed,ISW,ISW assessment,,
            2022-04-01,Izium,RU,confirmed,ISW,ISW assessment,,
            2022-09-08,Balakliia,UA,confirmed,ISW,ISW assessment,,
            2022-09-10,Kupiansk,UA,confirmed,ISW,ISW assessment,,
            2022-09-10,Izium,UA,claimed,Ukrainian General Staff,Ukrainian General Staff,,
            2022-09-11,Kharkiv,RU,claimed,Russian MoD,Russian MoD briefing,,never happened

            """.utf8).write(to: URL(fileURLWithPath: csv))
        let imported = try run(["import", csv])
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    @Test func controlChangeAndTimelineAnswerWithStableKeys() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()

        let control = try #require(try json(["control", "--at", "2022-09-06"]) as? [String: Any])
        #expect(Set(control.keys) == ["at", "view", "sides", "areas", "countries"])
        #expect(control["view"] as? String == "confirmed")
        #expect(control["at"] as? String == "2022-09-06T23:59:59.999Z")
        let areas = try #require(control["areas"] as? [[String: Any]])
        #expect(areas.count == 32)
        let kharkiv = try #require(areas.first { $0["iso"] as? String == "UA-63" })
        let sides = try #require(kharkiv["sides"] as? [String: [String: Double]])
        let ruBefore = try #require(sides["RU"]?["km2"])
        #expect(ruBefore > 10 && ruBefore < 5_000)

        let change = try #require(try json(["change", "--from", "2022-09-06", "--to", "2022-09-13"]) as? [String: Any])
        #expect(Set(change.keys) == ["from", "to", "view", "transfers", "places", "gains", "countryGains"])
        let transfers = try #require(change["transfers"] as? [[String: Any]])
        #expect(transfers.count == 1)
        #expect(transfers.first?["from"] as? String == "RU" && transfers.first?["to"] as? String == "UA")
        let places = try #require(change["places"] as? [[String: Any]])
        #expect(places.compactMap { $0["name"] as? String } == ["Balakliia", "Kupiansk"])
        #expect(places.first?["at"] as? String == "2022-09-08")
        // Izium counts only in Ukraine's claimed view: the range a report argues about.
        let gains = try #require(Self.gains(change["gains"]))
        let ua = try #require(gains["UA"])
        #expect(ua["confirmed"]! > 0 && ua["claimed"]! > ua["confirmed"]!)
        #expect(abs(ua["claimed"]! - ruBefore) < 0.01)  // every RU cell came back in UA's view
        // And per claimant: Izium is the General Staff's claim; Russia's MoD claims nothing of UA's.
        let byClaimant = try #require((change["gains"] as? [String: [String: Any]])?["UA"]?["byClaimant"] as? [String: Double])
        #expect(Set(byClaimant.keys) == ["Russian MoD", "Ukrainian General Staff"])
        #expect(byClaimant["Ukrainian General Staff"] == ua["claimed"] && byClaimant["Russian MoD"] == ua["confirmed"])

        let people = try run(["change", "--from", "2022-09-06", "--to", "2022-09-13"])
        #expect(people.status == 0)
        #expect(people.stdout.contains("UA gained") && !people.stdout.contains("up to"))
        #expect(people.stdout.contains("km² confirmed\n    according to Russian MoD: ")
                && people.stdout.contains("\n    according to Ukrainian General Staff: \(Self.km2(ua["claimed"]!)) km²"), "\(people.stdout)")
        #expect(people.stdout.contains("RU → UA"))

        // Russia's claim on Kharkiv shows only in its own view, and only the claimant's.
        let claimed = try #require(try json(["control", "--at", "2022-09-12", "--view", "claimed:RU", "--area", "UA-63"]) as? [String: Any])
        let claimedRU = try #require((claimed["sides"] as? [String: [String: Double]])?["RU"]?["km2"])
        let confirmed = try #require(try json(["control", "--at", "2022-09-12", "--area", "UA-63"]) as? [String: Any])
        let confirmedRU = (confirmed["sides"] as? [String: [String: Double]])?["RU"]?["km2"] ?? 0
        #expect(claimedRU > confirmedRU)

        let timeline = try #require(try json(["timeline", "--from", "2022-09-01", "--to", "2022-09-13", "--every", "event",
                                              "--area", "UA-63"]) as? [[String: Any]])
        #expect(timeline.compactMap { $0["at"] as? String } == ["2022-09-01T23:59:59.999Z", "2022-09-08", "2022-09-10"])
        let ru = timeline.map { (($0["sides"] as? [String: [String: Double]])?["RU"]?["km2"]) ?? 0 }
        #expect(ru[0] > ru[1] && ru[1] > ru[2])
    }

    @Test func exportWritesOneFeatureCollectionWithEveryLayer() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let out = dir.appendingPathComponent("map.geojson").path
        let result = try run(["export", "--at", "2022-09-13", "--from", "2022-09-06", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let collection = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [String: Any])
        #expect(collection["type"] as? String == "FeatureCollection")
        let features = try #require(collection["features"] as? [[String: Any]])
        let layers = Set(features.compactMap { ($0["properties"] as? [String: Any])?["layer"] as? String })
        #expect(layers == ["control", "changes", "frontline", "places", "areas", "hubs", "routes"])
        // GDAL reads it without a warning.
        let gdal = try CLI.tool("/usr/bin/ogrinfo", ["-ro", "-al", "-so", out])
        #expect(gdal.status == 0 && !gdal.stderr.contains("Warning"), "\(gdal.stderr)")
        // Only some layers, to standard output.
        let lines = try run(["export", "--at", "2022-09-13", "--layers", "frontline"])
        #expect(lines.status == 0)
        #expect(lines.stdout.contains("\"layer\":\"frontline\"") && !lines.stdout.contains("\"layer\":\"control\""))
    }

    @Test func badQueriesExitWithUsageOrIOStatus() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let view = try run(["control", "--at", "2022-09-06", "--view", "everything"])
        #expect(view.status == 64 && view.stderr.hasPrefix("error: 'everything' is not a view"))
        let area = try run(["control", "--at", "2022-09-06", "--area", "XX-99"])
        #expect(area.status == 64 && area.stderr.contains("no admin area 'XX-99'"))
        let backwards = try run(["change", "--from", "2022-09-13", "--to", "2022-09-06"])
        #expect(backwards.status == 64)
        let time = try run(["control", "--at", "2022-13-45"])
        #expect(time.status == 65 && time.stderr.contains("--at"))
        let layers = try run(["export", "--at", "2022-09-06", "--layers", "changes"])
        #expect(layers.status == 64 && layers.stderr.contains("--from"))
        let missing = try CLI.run(["control", "--at", "2022-09-06", "--db", dir.appendingPathComponent("none.sqlite").path],
                                  environment: environment)
        #expect(missing.status == 74)
    }

    static let deepState: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/deepstate/1662817875.geojson")

    @Test
    func deepStateImportReportsEachSnapshotAsDrawn() throws {
        try #require(FileManager.default.fileExists(atPath: ControlCommandTests.deepState.path), "the shared DeepStateMap archive (../shared/data/deepstate) is missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let report = try #require(try json(["import", "--format", "deepstate", Self.deepState.path]) as? [String: Any])
        #expect(report["imported"] as? Int == 1)
        let snapshot = try #require((report["snapshots"] as? [[String: Any]])?.first)
        #expect(snapshot["at"] as? String == "2022-09-10T13:51:15Z")
        let ru = try #require((snapshot["sides"] as? [String: [String: Double]])?["RU"]?["km2"])
        #expect(abs(ru / 120_759.2 - 1) < 0.005)
        let control = try #require(try json(["control", "--at", "2022-09-10T13:51:15Z"]) as? [String: Any])
        #expect(control["outside"] != nil)
    }
}

extension ControlCommandTests {
    @Test func hubsAnswerWithStableKeysAndTransitions() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let hubs = try #require(try json(["hubs", "--at", "2022-09-06"]) as? [[String: Any]])
        #expect(hubs.count >= 25)
        let izium = try #require(hubs.first { $0["id"] as? String == "izium" })
        #expect(Set(izium.keys) == ["id", "name", "place", "kind", "side", "status", "frontKm", "encirclement", "routesOpen", "routesTotal",
                                    "axes", "lines"])
        #expect(izium["side"] as? String == "RU" && izium["place"] as? Int == 707292)
        // Its lines of communication, each with its state.
        let lines = try #require(izium["lines"] as? [[String: Any]])
        #expect(lines.count == izium["routesTotal"] as? Int)
        for line in lines {
            #expect(Set(line.keys) == ["route", "name", "ref", "kind", "toward", "rear", "state", "km", "fireKm", "cutKm", "cutAt"])
            #expect(["open", "under-fire", "cut"].contains(line["state"] as? String ?? ""))
            #expect((line["cutAt"] is NSNull) == (line["state"] as? String != "cut"))
        }
        // Sorted by urgency: no hub after a secure one is less secure.
        let ranks = ["contested": 5, "cut-off": 4, "nearly-encircled": 3, "threatened": 2, "under-pressure": 1, "secure": 0]
        let order = hubs.compactMap { ranks[$0["status"] as? String ?? ""] }
        #expect(order == order.sorted(by: >))

        let history = try #require(try json(["hubs", "--from", "2022-09-06", "--to", "2022-09-13"]) as? [[String: Any]])
        let kupiansk = try #require(history.first { $0["id"] as? String == "kupiansk" })
        let transitions = try #require(kupiansk["transitions"] as? [[String: Any]])
        #expect(transitions.first?["side"] as? String == "RU" && transitions.last?["side"] as? String == "UA")
        #expect(transitions.last?["at"] as? String == "2022-09-10")

        let people = try run(["hubs", "--from", "2022-09-06", "--to", "2022-09-13"])
        #expect(people.stdout.contains("Kupiansk: RU "))
        #expect(try run(["hubs", "--at", "2022-09-06", "--from", "2022-09-01"]).status == 64)
        #expect(try run(["hubs", "--at", "2022-09-06", "--threatened-share", "2"]).status == 64)
        #expect(try run(["hubs", "--from", "2022-09-06", "--to", "2022-09-13", "--side", "UA"]).status == 64)
        let badSide = try run(["hubs", "--at", "2022-09-06", "--side", "bad!"])
        #expect(badSide.status == 64 && badSide.stderr.hasPrefix("error: --side: 'bad!' is not a side code"), "\(badSide.stderr)")
        // Following a side: hubs the other holds are "held by other side"; people read the words.
        let followed = try #require(try json(["hubs", "--at", "2022-09-06", "--side", "UA"]) as? [[String: Any]])
        #expect(followed.first { $0["id"] as? String == "izium" }?["status"] as? String == "held-by-other-side")
        let table = try run(["hubs", "--at", "2022-09-06"]).stdout
        #expect(table.contains("Lines of communication") && !table.contains("under-pressure"))
    }
}

extension ControlCommandTests {
    @Test func renderAndTimelineDrawSVG() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try importScenario()
        let map = dir.appendingPathComponent("map.svg").path
        let result = try run(["render", "--at", "2022-09-13", "--from", "2022-09-06", "--area", "UA-63", "-o", map])
        #expect(result.status == 0, "\(result.stderr)")
        let svg = try String(contentsOfFile: map, encoding: .utf8)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("Kharkiv Oblast on 2022-09-13 (view confirmed), changes since 2022-09-06"))
        let chart = dir.appendingPathComponent("chart.svg").path
        let timeline = try run(["timeline", "--from", "2022-09-01", "--to", "2022-09-13", "--every", "event", "--area", "UA-63",
                                "--svg", chart])
        #expect(timeline.status == 0)
        #expect(try String(contentsOfFile: chart, encoding: .utf8).contains("<polyline"))
        #expect(try run(["render", "--at", "2022-09-13", "--bbox", "40,50,30,49"]).status == 64)
    }
}
