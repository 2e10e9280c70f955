import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

/// What one engine keeps from one map to the next.
@Suite struct ClipCachesTests {
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
}
