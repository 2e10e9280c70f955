import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

/// The hub statuses, with the default thresholds, on the shared DeepStateMap archive
/// (/work/shared/data/deepstate), against what was reported at the time. Each case names its
/// sources. These tests fail (they do not skip) when the archive is missing.
@Suite(.serialized) struct HubCalibrationTests {
    /// A log holding the given snapshots, and the hubs on the map at the end of a day.
    final class Archive {
        let directory: URL
        let engine: ControlEngine
        let analysis: HubAnalysis
        let events: [ControlEvent]

        init(_ stems: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
            try #require(SharedData.has(stems), "the shared DeepStateMap archive is missing at \(SharedData.deepState.path)",
                         sourceLocation: sourceLocation)
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-hub-calibration-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let geoData = try GeoData.embedded()
            let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
            _ = try EventImporter(store: store, gazetteer: geoData.gazetteer, formats: [DeepStateFormat()])
                .importFiles(stems.map { SharedData.snapshot($0).path }, format: "deepstate")
            let territory = try Territory(geoData: geoData, tessellation: TessellationTests.tessellation)
            engine = ControlEngine(territory: territory)
            analysis = HubAnalysis(territory: territory, logistics: try geoData.logistics())
            events = try store.allEvents()
        }

        deinit { try? FileManager.default.removeItem(at: directory) }

        func hubs(_ day: String) throws -> [String: HubStatus] {
            let map = try engine.map(at: try EventTime.queryBound(day, endOfDay: true), view: .confirmed, events: events)
            return Dictionary(uniqueKeysWithValues: try analysis.evaluate(map).hubs.map { ($0.hub.id, $0) })
        }
    }

    static func describe(_ status: HubStatus?) -> String {
        guard let status else { return "no such hub" }
        let lines = status.lines.map { "\($0.route.id)→\($0.toward.name): \($0.state.rawValue) fire \(Int($0.fireKm)) cut \(Int($0.cutKm))" }
        return "\(status.hub.id) \(status.side ?? "-") \(status.condition.rawValue), front \(status.frontKm ?? -1) km; " + lines.joined(separator: "; ")
    }

    /// Izium and Kupiansk in the Kharkiv counteroffensive.
    /// - ISW, Russian Offensive Campaign Assessment, 8 and 9 September 2022: the Balakliia
    ///   breakthrough "threatens Russian ground lines of communication" to Izium; Ukrainian
    ///   forces within reach of Kupiansk by 9 September.
    /// - Reuters, 10 September 2022: Russia's defence ministry announces the "regrouping" of its
    ///   forces from Balakliia and Izium; Ukrainian troops enter Kupiansk the same day.
    @Test func iziumAndKupianskThroughSeptember2022() throws {
        let archive = try Archive(["1662501910", "1662762322", "1662846587", "1663074084"])
        let sixth = try archive.hubs("2022-09-06"), ninth = try archive.hubs("2022-09-09")
        let tenth = try archive.hubs("2022-09-10"), thirteenth = try archive.hubs("2022-09-13")
        // 6 September: Izium Russian and threatened (a line cut by the Balakliia salient);
        // Kupiansk, 46 km from the front, not yet threatened.
        #expect(sixth["izium"]?.side == "RU" && sixth["izium"]?.condition == .threatened, "\(Self.describe(sixth["izium"]))")
        #expect(sixth["kupiansk"]?.side == "RU" && sixth["kupiansk"].map { $0.condition <= .underPressure } == true,
                "\(Self.describe(sixth["kupiansk"]))")
        // 9 September: Izium nearly encircled or cut off; Kupiansk under pressure or worse, the
        // front at its western edge (it fell to an assault from the west, its lines to Valuyki
        // and Svatove still open).
        #expect(ninth["izium"]?.side == "RU" && [.nearlyEncircled, .cutOff].contains(ninth["izium"]?.condition),
                "\(Self.describe(ninth["izium"]))")
        #expect(ninth["kupiansk"]?.side == "RU" && ninth["kupiansk"].map { $0.condition >= .underPressure } == true,
                "\(Self.describe(ninth["kupiansk"]))")
        #expect(ninth["kupiansk"].map { ($0.frontKm ?? .infinity) < 5 } == true, "\(Self.describe(ninth["kupiansk"]))")
        // 10 September: Izium contested, Kupiansk Ukrainian; 13 September: both Ukrainian.
        #expect(tenth["izium"]?.condition == .contested || tenth["izium"]?.side == "UA", "\(Self.describe(tenth["izium"]))")
        #expect(tenth["kupiansk"]?.side == "UA")
        #expect(thirteenth["izium"]?.side == "UA" && thirteenth["kupiansk"]?.side == "UA")
    }

    /// Lyman at the end of September 2022.
    /// - ISW, 27–28 September 2022: Ukrainian forces close on Lyman from the north and south,
    ///   its last road to Kreminna under fire.
    /// - ISW, 30 September and 1 October 2022; Reuters, 1 October 2022: Lyman encircled; Russia
    ///   announces the withdrawal of its garrison.
    @Test func lymanNearlyEncircledThenCutOffSeptember2022() throws {
        let archive = try Archive(["1664310229", "1664571886"])
        let before = try #require(try archive.hubs("2022-09-27")["lyman"])
        #expect(before.side == "RU" && before.condition == .nearlyEncircled, "\(Self.describe(before))")
        let after = try #require(try archive.hubs("2022-09-30")["lyman"])
        #expect(after.side == "RU" && after.condition == .cutOff && after.routesOpen == 0, "\(Self.describe(after))")
    }

    /// Bakhmut, February to May 2023.
    /// - ISW, 1–3 February 2023: Russian forces attack north of Bakhmut and towards the
    ///   T0504 Bakhmut–Chasiv Yar road; Ukrainian lines under fire.
    /// - Reuters, 3 March 2023: Wagner's Prigozhin says Bakhmut is "practically encircled", one
    ///   road left; ISW, 28 February–3 March 2023: Russian fire control over the last roads.
    /// - ISW, 1 April 2023: fighting in central Bakhmut; Wagner claims its capture on
    ///   20 May 2023 (Reuters, 20 May 2023).
    @Test func bakhmutRoadsUnderFireThenCutFebruaryToMay2023() throws {
        let archive = try Archive(["1675299936", "1677630637", "1680387436", "1682954373"])
        let february = try #require(try archive.hubs("2023-02-02")["bakhmut"])
        #expect(february.side == "UA" && february.condition == .threatened, "\(Self.describe(february))")
        #expect(february.lines.contains { $0.state == .underFire }, "\(Self.describe(february))")
        let march = try #require(try archive.hubs("2023-03-01")["bakhmut"])
        #expect(march.side == "UA" && march.condition == .nearlyEncircled, "\(Self.describe(march))")
        #expect(march.lines.filter { $0.state == .cut }.count >= 2, "\(Self.describe(march))")
        #expect(try archive.hubs("2023-04-01")["bakhmut"]?.condition == .contested)
        #expect(try archive.hubs("2023-05-01")["bakhmut"]?.side != "UA")
    }

    /// Avdiivka from the Russian offensive of October 2023 to its fall.
    /// - ISW, 10–13 October 2023: Russian forces launch an offensive to encircle Avdiivka from
    ///   the north (Krasnohorivka, the railway to Ocheretyne) and south.
    /// - ISW, 15–17 February 2024; Reuters, 17 February 2024: Ukraine withdraws from Avdiivka,
    ///   its last supply road (through Lastochkyne) under Russian fire.
    @Test func avdiivkaNearlyEncircledOctober2023ToFebruary2024() throws {
        let archive = try Archive(["1696184127", "1698874748", "1701451517", "1704145957", "1706823879", "1709329057"])
        for day in ["2023-10-01", "2023-11-01", "2023-12-01", "2024-01-01", "2024-02-01"] {
            let avdiivka = try #require(try archive.hubs(day)["avdiivka"])
            #expect(avdiivka.side == "UA" && avdiivka.condition == .nearlyEncircled, "\(day): \(Self.describe(avdiivka))")
        }
        // From December the northern road and railway are cut; one line is left.
        let january = try #require(try archive.hubs("2024-01-01")["avdiivka"])
        #expect(january.routesOpen == 1 && january.lines.filter { $0.state == .cut }.count >= 2, "\(Self.describe(january))")
        #expect(try archive.hubs("2024-03-01")["avdiivka"]?.side == "RU")
    }

    /// Pokrovsk and Myrnohrad, spring to summer 2025, and Kupiansk through 2025.
    /// - ISW, Russian Offensive Campaign Assessments of June and July 2025: Russian forces
    ///   advance on both flanks of Pokrovsk and Myrnohrad, interdicting their ground lines of
    ///   communication with drones; ISW, 1–2 August 2025: infiltration into Pokrovsk, roads to
    ///   Dobropillia and Rodynske under fire.
    /// - ISW, July–August 2025: Russian forces attack towards Kupiansk from the north
    ///   (Holubivka, Radkivka) and its outskirts.
    @Test func pokrovskMyrnohradAndKupiansk2025() throws {
        let archive = try Archive(["1735766502", "1746143979", "1748806839", "1751400934", "1754077960"])
        let days = ["2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"]
        var hubs: [String: [String: HubStatus]] = [:]
        for day in days { hubs[day] = try archive.hubs(day) }
        for day in days {
            for id in ["pokrovsk", "myrnohrad"] {
                let status = try #require(hubs[day]?[id])
                #expect(status.side == "UA" && [.threatened, .nearlyEncircled].contains(status.condition), "\(day): \(Self.describe(status))")
            }
        }
        // Threatened in May, nearly encircled by August.
        #expect(hubs["2025-05-01"]?["pokrovsk"]?.condition == .threatened && hubs["2025-05-01"]?["myrnohrad"]?.condition == .threatened)
        #expect(hubs["2025-08-01"]?["pokrovsk"]?.condition == .nearlyEncircled, "\(Self.describe(hubs["2025-08-01"]?["pokrovsk"]))")
        #expect(hubs["2025-08-01"]?["myrnohrad"]?.condition == .nearlyEncircled, "\(Self.describe(hubs["2025-08-01"]?["myrnohrad"]))")
        // Kupiansk: Ukrainian all year, under pressure or worse, threatened by August.
        let january = try archive.hubs("2025-01-01")
        for status in [january["kupiansk"]] + days.map({ hubs[$0]?["kupiansk"] }) {
            #expect(status?.side == "UA" && status.map { $0.condition >= .underPressure } == true, "\(Self.describe(status))")
        }
        #expect(hubs["2025-08-01"]?["kupiansk"].map { $0.condition >= .threatened } == true)
    }

    /// Hubs far from any front stay secure or under pressure, and no status covers most hubs.
    /// - Dzhankoi, 90 km behind the front in northern Crimea throughout 2024–2025.
    /// - Kharkiv: the Russian offensive of May 2024 (ISW, 10–17 May 2024) stalled 25–30 km
    ///   from the city (Vovchansk, Lyptsi); the city was shelled, never threatened with encirclement.
    @Test func farHubsAreNeverThreatenedAndNoStatusCoversMostHubs() throws {
        let stems = ["1704145957", "1706823879", "1709329057", "1712089235", "1714602710", "1717225039", "1719866623",
                     "1722544807", "1725222208", "1727771655", "1730495471", "1733089579", "1735766502", "1738446489",
                     "1740817796", "1743539135", "1746143979", "1748806839", "1751400934", "1754077960"]
        let archive = try Archive(stems)
        let days = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-02", "2024-05-01", "2024-06-01", "2024-07-01",
                    "2024-08-01", "2024-09-01", "2024-10-01", "2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01",
                    "2025-03-01", "2025-04-01", "2025-05-01", "2025-06-01", "2025-07-01", "2025-08-01"]
        for day in days {
            let hubs = try archive.hubs(day)
            for id in ["dzhankoi", "kharkiv"] {
                let status = try #require(hubs[id])
                #expect([.secure, .underPressure].contains(status.condition), "\(day): \(Self.describe(status))")
            }
            let counts = Dictionary(grouping: hubs.values, by: \.condition).mapValues(\.count)
            let (most, count) = try #require(counts.max { $0.value < $1.value })
            #expect(count * 2 < hubs.count, "\(day): \(count) of \(hubs.count) hubs \(most.rawValue)")
            // And the ladder is used: at least three statuses on every date.
            #expect(counts.count >= 3, "\(day): \(counts)")
        }
    }
}
