import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

@Suite struct ControlEngineTests {
    @Test func theSyntheticCellsAreTheTwoHalvesOfTheArea() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // The drawn-area measure against the closed form for a longitude/latitude rectangle.
        #expect(relative(theatre.xa.km2, SyntheticTheatre.rectangleKm2(west: -2, south: -1.5, east: 2, north: 1.5)) < 1e-9)
        let cells = theatre.territory.cells.filter { $0.areaISO == "XA" }
        #expect(cells.count == 2)
        for cell in cells {
            #expect(relative(cell.km2, theatre.xa.km2 / 2) < 1e-9, "\(cell.settlementID!): \(cell.km2) km²")
        }
    }

    @Test func beforeAnyEventEveryAreaBelongsToItsCountry() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let summary = try theatre.summary(at: "2022-01-01")
        #expect(summary.sides.keys.sorted() == ["X", "Y"])
        #expect(relative(summary.sides["X"]!, theatre.xa.km2) < 1e-9)
        #expect(relative(summary.sides["Y"]!, theatre.ya.km2) < 1e-9)
        #expect(summary.outside.isEmpty)
    }

    @Test func aPlaceEventHandsOverItsCellFromItsTime() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01T12:00Z")
        let before = try theatre.summary(at: "2022-03-01T11:59Z")
        #expect(before.sides["Y"].map { relative($0, theatre.ya.km2) < 1e-9 } == true)
        let after = try theatre.summary(at: "2022-03-01T12:00Z")
        #expect(relative(after.sides["Y"]!, theatre.ya.km2 + theatre.xa.km2 / 2) < 1e-9)
        #expect(relative(after.sides["X"]!, theatre.xa.km2 / 2) < 1e-9)
    }

    @Test func eventsAtTheSameTimeApplyInTheOrderRecorded() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Z", at: "2022-03-01")
        let summary = try theatre.summary(at: "2022-03-01")
        #expect(summary.sides["Z"].map { relative($0, theatre.xa.km2 / 2) < 1e-9 } == true)
        #expect(summary.sides["Y"].map { relative($0, theatre.ya.km2) < 1e-9 } == true)
    }

    @Test func retractedEventsAreIgnored() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        let wrong = try theatre.record(.place(geonameID: SyntheticTheatre.west), "Z", at: "2022-03-02")
        _ = try theatre.store.retract(eventID: wrong.id, reason: "misread the report")
        let summary = try theatre.summary(at: "2022-03-05")
        #expect(summary.sides["Z"] == nil)
        #expect(relative(summary.sides["Y"]!, theatre.ya.km2 + theatre.xa.km2 / 2) < 1e-9)
    }

    @Test func viewsChooseWhichClaimsCount() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01", status: .claimed, claimant: "Y Ministry")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "Y", at: "2022-03-01", status: .claimed, claimant: "Y Blogger")
        let half = theatre.xa.km2 / 2
        #expect(try theatre.summary(at: "2022-03-02").sides["X"].map { relative($0, theatre.xa.km2) < 1e-9 } == true)
        let claimedY = try theatre.summary(at: "2022-03-02", view: .claimed(side: "Y"))
        #expect(claimedY.sides["X"] == nil)
        let claimedX = try theatre.summary(at: "2022-03-02", view: .claimed(side: "X"))
        #expect(relative(claimedX.sides["X"]!, theatre.xa.km2) < 1e-9)
        let ministry = try theatre.summary(at: "2022-03-02", view: .claimant("y ministry"))
        #expect(relative(ministry.sides["X"]!, half) < 1e-9)
        #expect(relative(ministry.sides["Y"]!, theatre.ya.km2 + half) < 1e-9)
    }

    @Test func viewsParseAndRefuseNonsense() throws {
        #expect(try ControlView(parsing: "confirmed") == .confirmed)
        #expect(try ControlView(parsing: "claimed:ru") == .claimed(side: "RU"))
        #expect(try ControlView(parsing: "claimant:Russian MoD") == .claimant("Russian MoD"))
        #expect(throws: ControlError.badView("claimed:")) { try ControlView(parsing: "claimed:") }
        #expect(throws: ControlError.badView("everything")) { try ControlView(parsing: "everything") }
    }

    /// The hand-made scenario whose answer is known exactly: West's cell (half of XA, by
    /// symmetry) plus the 1°×1° square at the equator (pyproj's figure).
    @Test func changeOverAHandMadeScenarioIsExact() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-02")
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-03")
        let before = try theatre.map(at: "2022-03-01")
        let after = try theatre.map(at: "2022-03-04")
        let change = try ControlChange.compute(from: before, to: after, territory: theatre.territory)
        #expect(change.transfers.count == 1)
        let transfer = try #require(change.transfers.first)
        #expect(transfer.from == "X" && transfer.to == "Y")
        let expected = theatre.xa.km2 / 2 + SyntheticTheatre.squareKm2
        #expect(relative(transfer.km2, expected) < 1e-9, "\(transfer.km2) vs \(expected)")
        #expect(transfer.areas.map(\.iso) == ["XA"])
        #expect(change.places.map(\.name) == ["West"])
        #expect(change.places.first?.at == SyntheticTheatre.time("2022-03-02"))
        // And the map itself still adds up: every km² of XA is held by exactly one side.
        let summary = ControlSummary(map: after, territory: theatre.territory)
        #expect(relative(summary.areas[0].sides.values.reduce(0, +), theatre.xa.km2) < 1e-9)
    }

    @Test func aLaterPlaceEventTakesItsCellBackFromAnEarlierArea() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-03")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "X", at: "2022-03-04")
        let summary = try theatre.summary(at: "2022-03-05")
        #expect(relative(summary.sides["X"]!, theatre.xa.km2) < 1e-9)
        #expect(relative(summary.sides["Y"]!, theatre.ya.km2) < 1e-9)
    }

    @Test func aSnapshotSetsItsWholeRegionAndKeepsWhatItDrawsOutside() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        // Region X: Y holds the square and a strip beyond every area (5–6°E); the rest of X's
        // areas is X's, whatever happened before.
        let parts = [Snapshot.Part(side: "Y", geometry: .multiPolygon([
            SyntheticTheatre.square(0, 0, 1, 1).polygons[0], SyntheticTheatre.square(5, 0, 6, 1).polygons[0],
        ]))]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: "2022-03-05")
        let summary = try theatre.summary(at: "2022-03-06")
        let xa = try #require(summary.areas.first { $0.iso == "XA" })
        #expect(relative(xa.sides["Y"]!, SyntheticTheatre.squareKm2) < 1e-9)
        #expect(relative(xa.sides["X"]!, theatre.xa.km2 - SyntheticTheatre.squareKm2) < 1e-9)
        #expect(relative(summary.outside["Y"]!, SyntheticTheatre.squareKm2) < 1e-9)  // same rectangle, farther east
        // A place event after the snapshot still counts.
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-07")
        let later = try theatre.summary(at: "2022-03-08")
        let xaLater = try #require(later.areas.first { $0.iso == "XA" })
        #expect(relative(xaLater.sides["Y"]!, theatre.xa.km2 / 2 + SyntheticTheatre.squareKm2) < 1e-9)
    }

    /// A timeline clips snapshot after snapshot with one engine, reusing an area's clip where the
    /// drawing there has not changed: every map must be the one a fresh engine computes.
    @Test func reusingAnAreasClipFromTheLastSnapshotGivesTheMapAFreshEngineGives() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let inX = SyntheticTheatre.square(-1.5, -1, -0.5, 0).polygons[0]
        func snapshot(_ polygons: [Polygon], at: String) throws {
            let parts = [Snapshot.Part(side: "Y", geometry: .multiPolygon(polygons))]
            try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: at)
        }
        try snapshot([inX], at: "2022-03-01")
        try snapshot([inX, SyntheticTheatre.square(5, 0, 6, 1).polygons[0]], at: "2022-03-02")  // same in XA, more beyond
        try snapshot([SyntheticTheatre.square(-1.5, -1, 0.5, 0).polygons[0]], at: "2022-03-03")  // XA changes
        let engine = ControlEngine(territory: theatre.territory)
        let events = try theatre.store.events()
        for day in ["2022-03-01", "2022-03-02", "2022-03-03"] {
            let at = SyntheticTheatre.time(day)
            let reused = try engine.map(at: at, view: .confirmed, events: events)
            let fresh = try ControlEngine(territory: theatre.territory).map(at: at, view: .confirmed, events: events)
            #expect(SyntheticTheatre.fingerprint(reused) == SyntheticTheatre.fingerprint(fresh), "\(day)")
        }
        #expect(engine.reusedAreaClips == 1)  // XA on the 2nd
        let third = ControlSummary(map: try engine.map(at: SyntheticTheatre.time("2022-03-03"), view: .confirmed, events: events),
                                   territory: theatre.territory)
        #expect(relative(third.areas.first { $0.iso == "XA" }!.sides["Y"]!, 2 * SyntheticTheatre.squareKm2) < 1e-6)
    }

    @Test func aNewerSnapshotOfTheSameRegionReplacesTheOlderOneEverywhere() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // The older snapshot also draws Y into Y's own area and beyond; the newer one draws nothing.
        let older = [Snapshot.Part(side: "Z", geometry: .multiPolygon([
            SyntheticTheatre.square(2.5, 0, 3.5, 1).polygons[0], SyntheticTheatre.square(5, 0, 6, 1).polygons[0],
        ]))]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: older)), Side.snapshot, at: "2022-03-01")
        #expect(try theatre.summary(at: "2022-03-02").sides["Z"] != nil)
        try theatre.record(.snapshot(Snapshot(region: "X", parts: [])), Side.snapshot, at: "2022-03-03")
        let summary = try theatre.summary(at: "2022-03-04")
        #expect(summary.sides["Z"] == nil)
        #expect(summary.outside.isEmpty)
        #expect(relative(summary.sides["Y"]!, theatre.ya.km2) < 1e-9)
    }

    /// A snapshot drawn against its own border leaves a thin strip of XA uncovered along the
    /// area's western edge: a sliver, given to the side drawn next to it. A strip as thin inside
    /// the area, between parts of two different sides, is real and stays.
    @Test func sliversAlongTheAreasEdgeGoToTheDrawnSide() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let parts = [
            Snapshot.Part(side: "Y", geometry: SyntheticTheatre.square(-1.996, -1.5, -1.0, 1.5)),
            Snapshot.Part(side: "Z", geometry: SyntheticTheatre.square(-0.996, -1.5, 0.0, 1.5)),
        ]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: "2022-03-05")
        let xa = try #require(try theatre.summary(at: "2022-03-06").areas.first { $0.iso == "XA" })
        let edgeStrip = SyntheticTheatre.rectangleKm2(west: -2, south: -1.5, east: -1.996, north: 1.5)
        let innerStrip = SyntheticTheatre.rectangleKm2(west: -1.0, south: -1.5, east: -0.996, north: 1.5)
        let drawnY = SyntheticTheatre.rectangleKm2(west: -1.996, south: -1.5, east: -1.0, north: 1.5)
        #expect(relative(xa.sides["Y"]!, drawnY + edgeStrip) < 1e-9)
        #expect(relative(xa.sides["Z"]!, SyntheticTheatre.rectangleKm2(west: -0.996, south: -1.5, east: 0, north: 1.5)) < 1e-9)
        #expect(relative(xa.sides["X"]!, theatre.xa.km2 / 2 + innerStrip) < 1e-9)
    }

    /// A river the drawing follows bank by bank: a thin ribbon inside the area that one side's
    /// parts enclose. It goes to that side.
    @Test func aRibbonEnclosedByOneSideGoesToIt() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let river = SyntheticTheatre.square(-1.0, -0.9, -0.996, 0.9).polygons[0].exterior
        let parts = [Snapshot.Part(side: "Y", geometry: .polygon(Polygon(unchecked: SyntheticTheatre.square(-1.5, -1.0, -0.5, 1.0).polygons[0].exterior,
                                                                          holes: [river])))]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: "2022-03-05")
        let xa = try #require(try theatre.summary(at: "2022-03-06").areas.first { $0.iso == "XA" })
        // The 0.004°-wide river inside Y's part is left to the region by the drawing.
        #expect(relative(xa.sides["Y"]!, SyntheticTheatre.rectangleKm2(west: -1.5, south: -1.0, east: -0.5, north: 1.0)) < 1e-9)
    }

    /// A river that rings an island, both banks and the island drawn by one side: the ribbon
    /// has a hole, and its inner outline runs along the island as much as its outer one runs
    /// along the bank. It goes to that side.
    @Test func aRibbonAroundAnIslandGoesToTheSideOnBothBanks() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let bank = Polygon(unchecked: SyntheticTheatre.square(-1.5, -1.0, -0.5, 1.0).polygons[0].exterior,
                           holes: [SyntheticTheatre.square(-1.2, -0.6, -0.8, 0.6).polygons[0].exterior])
        let island = SyntheticTheatre.square(-1.196, -0.596, -0.804, 0.596).polygons[0]
        let parts = [Snapshot.Part(side: "Y", geometry: .multiPolygon([bank, island]))]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: "2022-03-05")
        let xa = try #require(try theatre.summary(at: "2022-03-06").areas.first { $0.iso == "XA" })
        // The ring of river is 0.004° wide; half its outline is the island's shore.
        #expect(relative(xa.sides["Y"]!, SyntheticTheatre.rectangleKm2(west: -1.5, south: -1.0, east: -0.5, north: 1.0)) < 1e-9)
    }

    /// What a drawing has beyond every area is found a tile of the land's grid at a time: a
    /// square over YA's eastern edge, across several tiles and out of the land on three sides,
    /// is split exactly into what lies in YA and what lies outside.
    @Test func whatIsDrawnBeyondTheLandIsOutsideTileByTile() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        #expect(theatre.territory.landGrid.tiles(meeting: BoundingBox(minLon: 3.5, minLat: -2.5, maxLon: 5.5, maxLat: 2.5))?.count == 18)  // 3 columns × 6 rows
        try theatre.record(.area(SyntheticTheatre.square(3.5, -2.5, 5.5, 2.5)), "Z", at: "2022-03-02")
        let summary = try theatre.summary(at: "2022-03-03")
        let inYA = SyntheticTheatre.rectangleKm2(west: 3.5, south: -1.5, east: 4, north: 1.5)
        let drawn = SyntheticTheatre.rectangleKm2(west: 3.5, south: -2.5, east: 5.5, north: 2.5)
        #expect(relative(summary.areas.first { $0.iso == "YA" }!.sides["Z"]!, inYA) < 1e-9)
        #expect(relative(summary.outside["Z"]!, drawn - inYA) < 1e-9)
    }

    /// A drawing that reaches beyond the land's grid is measured against the whole land.
    @Test func aDrawingBeyondTheLandsGridIsOutsideToo() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let box = BoundingBox(minLon: 3.5, minLat: 0, maxLon: 8, maxLat: 1)
        #expect(theatre.territory.landGrid.tiles(meeting: box) == nil)
        try theatre.record(.area(SyntheticTheatre.square(box.minLon, box.minLat, box.maxLon, box.maxLat)), "Z", at: "2022-03-02")
        let summary = try theatre.summary(at: "2022-03-03")
        #expect(relative(summary.outside["Z"]!, SyntheticTheatre.rectangleKm2(west: 4, south: 0, east: 8, north: 1)) < 1e-9)
    }

    /// One engine keeps each cell's cut under the cover of later layers from map to map; the
    /// cut follows the cover when the map asked for has other layers, in either order.
    @Test func aCellsCutFollowsTheCoverFromMapToMap() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-02")
        try theatre.record(.area(SyntheticTheatre.square(0, -1, 1, 0)), "Z", at: "2022-03-04")
        let south = SyntheticTheatre.rectangleKm2(west: 0, south: -1, east: 1, north: 0)
        for (at, covered) in [("2022-03-03", SyntheticTheatre.squareKm2), ("2022-03-05", SyntheticTheatre.squareKm2 + south),
                              ("2022-03-03", SyntheticTheatre.squareKm2), ("2022-03-01", 0)] {
            let xa = try #require(try theatre.summary(at: at).areas.first { $0.iso == "XA" })
            #expect(relative(xa.sides["X"]!, theatre.xa.km2 - covered) < 1e-9, "\(at)")
        }
    }

    /// Once later place events take every cell the engine stops reading older events, but not
    /// past an older area that drew territory beyond every area.
    @Test func takingEveryCellHidesOlderEventsButNotWhatTheyDrewOutside() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Z", at: "2022-03-01")
        try theatre.record(.area(SyntheticTheatre.square(5, 0, 6, 1)), "Y", at: "2022-03-02")
        for id in [SyntheticTheatre.west, SyntheticTheatre.east, SyntheticTheatre.yTown] {
            try theatre.record(.place(geonameID: id), "X", at: "2022-03-03")
        }
        let summary = try theatre.summary(at: "2022-03-04")
        #expect(summary.sides["Z"] == nil)
        #expect(relative(summary.sides["X"]!, theatre.xa.km2 + theatre.ya.km2) < 1e-9)
        #expect(relative(summary.outside["Y"]!, SyntheticTheatre.squareKm2) < 1e-9)
    }

    @Test func aSnapshotOfARegionWithNoAreasIsAnError() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let event = try theatre.record(.snapshot(Snapshot(region: "Q", parts: [])), Side.snapshot, at: "2022-03-01")
        #expect(throws: ControlError.unknownRegion(region: "Q", eventID: event.id)) { try theatre.map(at: "2022-03-02") }
    }

    @Test func theFrontLineFollowsTheSharedEdgeButNotTheInternationalBorder() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // Y takes East: X (west half) meets Y along the prime meridian; Y's own area meets Y.
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "Y", at: "2022-03-01")
        let map = try theatre.map(at: "2022-03-02")
        let lines = try SideGeometry(map: map, territory: theatre.territory).frontLines()
        #expect(lines.count == 1)
        let meridian = Geodesic.wgs84.distance(from: Coordinate(lon: 0, lat: -1.5), to: Coordinate(lon: 0, lat: 1.5)) / 1000
        #expect(relative(lines[0].km, meridian) < 1e-9, "\(lines[0].km) km vs \(meridian) km")
        #expect(lines[0].sides == ["X", "Y"])

        // West taken instead: X (east half) meets Y's area only along the X–Y border: no front line.
        let other = try SyntheticTheatre()
        defer { other.removeFiles() }
        try other.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        let map2 = try other.map(at: "2022-03-02")
        let lines2 = try SideGeometry(map: map2, territory: other.territory).frontLines()
        #expect(lines2.count == 1)
        #expect(relative(lines2[0].km, meridian) < 1e-9)
    }
}
