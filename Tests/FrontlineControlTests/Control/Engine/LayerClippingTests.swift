import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

/// Drawn layers split over the areas and `outside`, and area clips reused from map to map.
@Suite struct LayerClippingTests {
    /// A timeline clips snapshot after snapshot with one engine, reusing an area's clip where the
    /// drawing there has not changed: every map must be the one a fresh engine computes.
    @Test func reusingAnAreasClipFromTheLastSnapshotGivesTheMapAFreshEngineGives() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let inX = SyntheticTheatre.square(-1.5, -1, -0.5, 0).polygons[0]
        func snapshot(_ polygons: [Polygon], at: String) throws {
            let parts = [Snapshot.Part(side: "Y", geometry: .multiPolygon(polygons))]
            try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: at)
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
}
