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

    @Test func aFrontBehindTheHubPutsItUnderPressureButLeavesItsLineOpen() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y draws a square 0.1° (~11 km) east of East: within 15 km, behind the hub for a road
        // leading west.
        try theatre.record(.area(SyntheticTheatre.square(1.1, -0.6, 1.3, -0.4)), "Y", at: "2022-03-01")
        let near = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(near.condition == .underPressure)
        #expect(abs(try #require(near.frontKm) - 11.13) < 0.1)
        let line = try #require(near.lines.first)
        #expect(line.state == .open && line.fireKm == 0 && line.cutKm == 0, "\(line)")
        #expect(line.rear.id == SyntheticTheatre.west && abs(line.km - 222.6) < 1, "\(line.km)")
    }

    @Test func aFrontOnTheFlankOfTheOnlyLineNearlyEncirclesTheHub() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y holds a strip 0.05° (5.5 km) north of the road, from 5.5 to 27.8 km west of East:
        // the enemy lies across the road from the way back to the hub.
        try theatre.record(.area(SyntheticTheatre.square(0.75, -0.45, 0.95, -0.40)), "Y", at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        let line = try #require(status.lines.first)
        #expect(line.state == .underFire, "\(line)")
        // Within 10 km of the strip: from 8.4 km east of it to the 30 km reach (the strip's own
        // 22 km and 8.3 km either side, less the first 0.5 km at the hub).
        #expect(line.fireKm > 20 && line.fireKm <= 30, "\(line.fireKm)")
        #expect(status.condition == .nearlyEncircled)
        // Wider than 90°: the strip is no longer on the flank.
        var thresholds = HubThresholds()
        thresholds.flankDegrees = 120
        let frontal = try #require(try analysis(theatre, thresholds).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(frontal.lines.first?.state == .open && frontal.condition == .underPressure)
    }

    @Test func aStripAcrossTheRoadCutsTheLineAndAWideOneMakesItTheEnemysAxis() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // 0.1° (11.1 km) of the road in Y's ground, 100 km west of East.
        try theatre.record(.area(SyntheticTheatre.square(0.0, -0.6, 0.1, -0.4)), "Y", at: "2022-03-01")
        let cut = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        let line = try #require(cut.lines.first)
        #expect(line.state == .cut)
        #expect(abs(line.cutKm - 11.1) < 0.5, "\(line.cutKm)")
        #expect(abs(try #require(line.cutAt).km - 100.2) < 0.5, "\(String(describing: line.cutAt))")
        #expect(cut.condition == .cutOff && cut.routesOpen == 0 && cut.routesTotal == 1)
        // 0.5° (55.7 km) of it: more than --axis-km, the road leads into Y's ground.
        try theatre.record(.area(SyntheticTheatre.square(-0.5, -0.6, 0.0, -0.4)), "Y", at: "2022-03-03")
        let axis = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-04")).hubs.first)
        #expect(axis.lines.isEmpty && axis.axes == 1)
        #expect(axis.condition == .cutOff)
    }

    @Test func encirclementCountsTheRingHeldByOthers() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y holds a band from 0.49°S northwards, just above the hub and its road: the ring's
        // points more than 0.01° (1.1 km) north of East, a little under half of them.
        try theatre.record(.area(SyntheticTheatre.square(0.7, -0.49, 1.3, 0.0)), "Y", at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        let expected = 0.5 - asin(0.01 / 0.1355) / .pi  // 15 km ≈ 0.1355° of latitude
        #expect(abs(status.encirclement - expected) < 0.01, "\(status.encirclement) vs \(expected)")
        // The band runs along the road's flank: its only line is under fire control.
        #expect(status.lines.first?.state == .underFire)
        #expect(status.condition == .nearlyEncircled)
    }

    @Test func aHubWhoseRoutesNoLongerReachTheRearIsCutOff() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y takes West, X's rear: East's only road leads nowhere.
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02")).hubs.first)
        #expect(status.side == "X")
        #expect(status.routesOpen == 0 && status.routesTotal == 0 && status.axes == 1)
        #expect(status.condition == .cutOff)
    }

    @Test func aContestedHubIsContestedAndAFollowedSideSeesItHeldByTheOther() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let quiet = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-01-01"), perspective: ["east": "Y"]).hubs.first)
        #expect(quiet.side == "X" && quiet.condition == .heldByOtherSide)
        try theatre.record(.place(geonameID: SyntheticTheatre.east), Side.contested.code, at: "2022-03-01")
        let status = try #require(try analysis(theatre).evaluate(try theatre.map(at: "2022-03-02"), perspective: ["east": "X"]).hubs.first)
        #expect(status.side == "contested" && status.condition == .contested)
        #expect(status.routesOpen == 0 && status.lines.isEmpty)
    }

    @Test func theShippedLogisticsAreRealAndConnected() throws {
        let geoData = try GeoData.embedded()
        let logistics = try geoData.logistics()
        #expect(logistics.hubs.count >= 40)
        #expect(logistics.routes.count >= 60)
        // Road numbers (M-03, H-20, T-05-04, …) and railways.
        let numbered = logistics.routes.filter { $0.ref != nil }
        #expect(numbered.count >= 15)
        for route in numbered { #expect(route.ref!.firstMatch(of: /^[MHPT]-\d\d(-\d\d)?$/) != nil, "\(route.id): \(route.ref!)") }
        #expect(logistics.routes.filter { $0.kind == .rail }.count >= 15)
        // The hubs the reporting of 2022–2025 was about, by GeoNames id (names change spelling).
        let hubs = Dictionary(uniqueKeysWithValues: logistics.hubs.map { ($0.id, $0.settlement.id) })
        let expected = ["kupiansk": 703656, "kupiansk-vuzlovyi": 703652, "izium": 707292, "balakliia": 712926, "lyman": 704204,
                        "svatove": 692118, "starobilsk": 692832, "sievierodonetsk": 691999, "lysychansk": 702972, "bakhmut": 713174,
                        "kramatorsk": 704508, "sloviansk": 693468, "pokrovsk": 704422, "kurakhove": 695357, "melitopol": 701404,
                        "dzhankoi": 709334, "kherson": 706448, "kharkiv": 706483, "vovchansk": 689304,
                        "avdiivka": 713122, "vuhledar": 690823, "chasiv-yar": 710915, "toretsk": 709354, "myrnohrad": 710035,
                        "siversk": 694403, "huliaipole": 707898, "orikhiv": 698428]
        for (id, place) in expected { #expect(hubs[id] == place, "\(id)") }
        // Every hub is on a route, every hub has two routes or more, and both sides have a rear.
        let onRoutes = Set(logistics.routes.flatMap { $0.waypoints.map(\.id) })
        for hub in logistics.hubs { #expect(onRoutes.contains(hub.settlement.id), "\(hub.id) has no route") }
        for hub in logistics.hubs {
            let leaving = logistics.routes.reduce(0) { count, route in
                count + zip(route.waypoints, route.waypoints.dropFirst()).filter { $0.0.id == hub.settlement.id || $0.1.id == hub.settlement.id }.count
            }
            #expect(leaving >= 2, "\(hub.id): \(leaving) routes")
        }
        #expect(!(logistics.rear["RU"] ?? []).isEmpty && !(logistics.rear["UA"] ?? []).isEmpty)
        // No route jumps: consecutive waypoints at most 130 km apart (a straight stretch between
        // towns, not a road's line, so short stretches matter).
        for route in logistics.routes {
            for (a, b) in zip(route.waypoints, route.waypoints.dropFirst()) {
                let km = Geodesic.wgs84.distance(from: a.coordinate, to: b.coordinate) / 1000
                #expect(km <= 130 || route.kind == .rail || route.ref != nil, "\(route.id): \(a.name)–\(b.name) \(Int(km)) km")
            }
        }
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
        // ISW, 6–8 September 2022: the Balakliia breakthrough threatens Izium's lines.
        #expect(sixth["izium"]?.condition == .threatened, "\(String(describing: sixth["izium"]))")
        let tenth = try hubs("2022-09-10")
        let izium10 = try #require(tenth["izium"])
        // Izium's lines to the Russian rear are cut, or Izium is no longer Russian.
        #expect(izium10.side != "RU" || izium10.routesOpen == 0, "\(izium10)")
        #expect(izium10.condition == .cutOff || izium10.condition == .contested)
        #expect(izium10.condition != .contested || izium10.lines.isEmpty)
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
        // Followed from its Russian holder: held by the other side at the end.
        #expect(izium.transitions.last?.condition == .heldByOtherSide)
    }
}
