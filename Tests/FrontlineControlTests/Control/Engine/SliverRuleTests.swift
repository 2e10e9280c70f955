import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

/// What of a snapshot's remainder is the gap between its borders and GeoData's.
@Suite struct SliverRuleTests {
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
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: "2022-03-05")
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
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: "2022-03-05")
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
        try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: "2022-03-05")
        let xa = try #require(try theatre.summary(at: "2022-03-06").areas.first { $0.iso == "XA" })
        // The ring of river is 0.004° wide; half its outline is the island's shore.
        #expect(relative(xa.sides["Y"]!, SyntheticTheatre.rectangleKm2(west: -1.5, south: -1.0, east: -0.5, north: 1.0)) < 1e-9)
    }
}
