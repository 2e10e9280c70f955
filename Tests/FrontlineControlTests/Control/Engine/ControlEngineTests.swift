import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

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
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: "2022-03-05")
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

    /// A map's drawn pieces leave the package as values: each piece's shape measures its km².
    @Test func aPiecesShapeIsAValueOfItsKm2() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-02")
        let map = try theatre.map(at: "2022-03-03")
        let pieces = map.regions.flatMap(\.pieces)
        #expect(!pieces.isEmpty)
        for piece in pieces {
            #expect(relative(try piece.shape().drawnAreaKm2, piece.km2) < 1e-9)
        }
        #expect(relative(pieces.filter { $0.side == "Y" }.reduce(0) { $0 + $1.km2 }, SyntheticTheatre.squareKm2) < 1e-9)
    }

    @Test func aNewerSnapshotOfTheSameRegionReplacesTheOlderOneEverywhere() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        // The older snapshot also draws Y into Y's own area and beyond; the newer one draws nothing.
        let older = [Snapshot.Part(side: "Z", geometry: .multiPolygon([
            SyntheticTheatre.square(2.5, 0, 3.5, 1).polygons[0], SyntheticTheatre.square(5, 0, 6, 1).polygons[0],
        ]))]
        try theatre.record(.snapshot(Snapshot(region: "X", parts: older)), "*", at: "2022-03-01")
        #expect(try theatre.summary(at: "2022-03-02").sides["Z"] != nil)
        try theatre.record(.snapshot(Snapshot(region: "X", parts: [])), "*", at: "2022-03-03")
        let summary = try theatre.summary(at: "2022-03-04")
        #expect(summary.sides["Z"] == nil)
        #expect(summary.outside.isEmpty)
        #expect(relative(summary.sides["Y"]!, theatre.ya.km2) < 1e-9)
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
        let event = try theatre.record(.snapshot(Snapshot(region: "Q", parts: [])), "*", at: "2022-03-01")
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
