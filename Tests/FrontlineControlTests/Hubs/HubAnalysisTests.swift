import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

struct HubAnalysisTests {
    /// The synthetic theatre with a hub at East, a road East–West and X's rear at West.
    func analysis(_ theatre: SyntheticTheatre, _ thresholds: HubThresholds = HubThresholds()) throws -> HubAnalysis {
        let west = try #require(theatre.geoData.settlement(id: SyntheticTheatre.west))
        let east = try #require(theatre.geoData.settlement(id: SyntheticTheatre.east))
        let logistics = Logistics(
            hubs: [Logistics.Hub(id: "east", settlement: east, kind: .railJunction, importance: 3)],
            routes: [Logistics.Route(id: "road", name: "East–West road", ref: nil, kind: .road, waypoints: [east, west])],
            rear: ["X": [west]])
        return HubAnalysis(territory: theatre.territory, logistics: logistics, thresholds: thresholds)
    }

    @Test func farFromAnyFrontAHubIsSecure() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-01-01")).hubs.first)
        #expect(status.side == "X" && status.condition == .secure)
        #expect(status.routesOpen == 1 && status.routesTotal == 1)
        #expect(status.encirclement == 0)
        // Y's own area begins at 2°E: 1° of longitude at 0.5°S from East.
        let expected = Geodesic.wgs84.distance(from: Coordinate(lon: 1, lat: -0.5), to: Coordinate(lon: 2, lat: -0.5)) / 1000
        #expect(abs(try #require(status.frontKm) - expected) < 0.01)
    }

    @Test func aNearbyFrontThreatensAndACloseOneContests() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y draws a square 0.1° (~11 km) east of East: within 25 km.
        try theatre.record(.area(SyntheticTheatre.square(1.1, -0.6, 1.3, -0.4)), "Y", at: "2022-03-01")
        let near = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(near.condition == .threatened)
        #expect(abs(try #require(near.frontKm) - 11.13) < 0.1)
        // 0.015° (~1.7 km) away: contested.
        try theatre.record(.area(SyntheticTheatre.square(1.015, -0.6, 1.3, -0.4)), "Y", at: "2022-03-03")
        let close = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-04")).hubs.first)
        #expect(close.condition == .contested)
    }

    @Test func encirclementCountsTheRingHeldByOthers() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y holds a band from 0.49°S northwards, just above the hub and its road: the ring's
        // points more than 0.01° (1.1 km) north of East, a little under half of them.
        try theatre.record(.area(SyntheticTheatre.square(0.7, -0.49, 1.3, 0.0)), "Y", at: "2022-03-01")
        var thresholds = HubThresholds()
        thresholds.contestedKm = 0  // the area touches the hub: test the ring alone
        thresholds.threatenedKm = 0
        let status = try #require(try analysis(theatre, thresholds).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        let expected = 0.5 - asin(0.01 / 0.1355) / .pi  // 15 km ≈ 0.1355° of latitude
        #expect(abs(status.encirclement - expected) < 0.01, "\(status.encirclement) vs \(expected)")
        #expect(status.condition == .threatened)
    }

    @Test func aHubWhoseRoutesNoLongerReachTheRearIsCutOff() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y takes West, X's rear: East's only road leads nowhere.
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(status.side == "X")
        #expect(status.routesOpen == 0 && status.routesTotal == 1)
        #expect(status.condition == .cutOff)
    }

    @Test func aContestedHubIsContested() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.east), Side.contested, at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(status.side == "contested" && status.condition == .contested)
        #expect(status.routesOpen == 0)
    }

    @Test func theShippedLogisticsAreRealAndConnected() throws {
        let geoData = try GeoData.embedded()
        let logistics = try geoData.logistics()
        #expect(logistics.hubs.count >= 25)
        let segments = logistics.routes.reduce(0) { $0 + $1.waypoints.count - 1 }
        #expect(segments >= 40)
        for name in ["Kupiansk", "Kupiansk-Vuzlovyi", "Izium", "Balakliia", "Lyman", "Svatove", "Starobilsk", "Siverskodonetsk",
                     "Lysychansk", "Bakhmut", "Kramatorsk", "Sloviansk", "Pokrovsk", "Kurakhove", "Velyka Novosilka", "Melitopol",
                     "Tokmak", "Dzhankoi", "Kherson", "Nova Kakhovka", "Kharkiv", "Vovchansk", "Valuyki", "Belgorod"] {
            #expect(logistics.hubs.contains { $0.settlement.name == name }, "\(name) is not a hub")
        }
        // Every hub is on a route, and both sides have a rear.
        let onRoutes = Set(logistics.routes.flatMap { $0.waypoints.map(\.id) })
        for hub in logistics.hubs { #expect(onRoutes.contains(hub.settlement.id), "\(hub.id) has no route") }
        #expect(!(logistics.rear["RU"] ?? []).isEmpty && !(logistics.rear["UA"] ?? []).isEmpty)
    }
}

/// The September 2022 sequence on DeepStateMap's maps of 6, 10 and 13 September.
struct HubSeptember2022Tests {
    static let files = ["1662501910", "1662846587", "1663074084"]  // 6 Sep 22:05, 10 Sep 21:49, 13 Sep 13:01 UTC
    static var available: Bool { SharedData.has(files) }

    @Test(.enabled(if: HubSeptember2022Tests.available, "shared DeepStateMap data not found"))
    func iziumIsCutOffThenRetaken() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-hubs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let geoData = try GeoData.embedded()
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
        _ = try EventImporter(store: store, gazetteer: geoData.gazetteer, formats: [DeepStateFormat()])
            .importFiles(Self.files.map { SharedData.snapshot($0).path }, format: "deepstate")
        let territory = try Territory(geoData: geoData, tessellation: TessellationTests.tessellation)
        let engine = ControlEngine(territory: territory)
        let analysis = HubAnalysis(territory: territory, logistics: try geoData.logistics())
        let events = try store.allEvents()
        func hubs(_ at: String) throws -> [String: HubStatus] {
            let map = try engine.map(at: try EventTime.queryBound(at, endOfDay: true), view: .confirmed, events: events)
            return Dictionary(uniqueKeysWithValues: try analysis.evaluate(map).hubs.map { ($0.hub.id, $0) })
        }
        let sixth = try hubs("2022-09-06")
        #expect(sixth["izium"]?.side == "RU" && sixth["kupiansk"]?.side == "RU")
        #expect(sixth["izium"].map { $0.routesOpen > 0 } == true)
        let tenth = try hubs("2022-09-10")
        let izium10 = try #require(tenth["izium"])
        // Izium's lines to the Russian rear are cut, or Izium is no longer Russian.
        #expect(izium10.side != "RU" || izium10.routesOpen == 0, "\(izium10)")
        #expect(izium10.condition == .cutOff || izium10.condition == .contested)
        #expect(tenth["kupiansk"]?.side != "RU")
        let thirteenth = try hubs("2022-09-13")
        #expect(thirteenth["izium"]?.side == "UA")
        #expect(thirteenth["balakliia"]?.side == "UA")

        // The transitions, as `frontline hubs --from --to` reports them.
        let history = try analysis.transitions(engine: engine, events: events, view: .confirmed,
                                               from: try EventTime.queryBound("2022-09-06", endOfDay: true),
                                               to: try EventTime.queryBound("2022-09-13", endOfDay: true))
        let izium = try #require(history.first { $0.hub.id == "izium" })
        #expect(izium.transitions.first?.side == "RU" && izium.transitions.last?.side == "UA")
    }
}
