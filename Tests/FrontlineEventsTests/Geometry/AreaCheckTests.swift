import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents

/// What an area event's geometry must be before the log takes it (``AreaCheck``).
@Suite struct AreaCheckTests {
    static func ring(_ points: [(Double, Double)]) -> [Coordinate] {
        points.map { Coordinate(lon: $0.0, lat: $0.1) }
    }

    @Test func aValidPolygonIsKeptAsDrawn() throws {
        let checked = try AreaCheck.prepare(Fixtures.square)
        #expect(checked.geometry == Fixtures.square)
        #expect(checked.repair == nil)
    }

    @Test func onlyPolygonsWithAreaAreAreas() throws {
        let point = Geometry.point(Coordinate(lon: 37.2, lat: 49.2))
        #expect(throws: EventFieldError.self) { try AreaCheck.prepare(point) }
        do {
            _ = try AreaCheck.prepare(point)
        } catch let error as EventFieldError {
            #expect(error.problem.contains("an area must be a Polygon or MultiPolygon, not a Point"))
            #expect(error.field == "geometry")
        }
        #expect(throws: EventFieldError.self) { try AreaCheck.prepare(.multiPolygon([])) }
    }

    @Test func aCoordinateOutOfRangeIsRefused() throws {
        let beyond = Geometry.polygon(try Polygon(exterior: Self.ring([(37, 49), (181, 49), (181, 50), (37, 50), (37, 49)])))
        #expect(throws: EventFieldError.self) { try AreaCheck.prepare(beyond) }
    }

    /// A bow tie (a ring crossing itself) is repaired into its two triangles, and the repair is
    /// reported with GEOS's reason: the area is kept, not silently changed.
    @Test func aSelfIntersectingRingIsRepairedAndSaysSo() throws {
        let bowTie = Geometry.polygon(try Polygon(exterior: Self.ring([(37, 49), (38, 50), (38, 49), (37, 50), (37, 49)])))
        let checked = try AreaCheck.prepare(bowTie)
        let repair = try #require(checked.repair)
        #expect(repair.contains("Self-intersection"))
        #expect(repair.contains("repaired with MakeValid"))
        #expect(checked.geometry.polygons.count == 2)
        // Each triangle is a quarter of the one-degree cell, on the ellipsoid as drawn.
        let cell = Geometry.polygon(try Polygon(exterior: Self.ring([(37, 49), (38, 49), (38, 50), (37, 50), (37, 49)])))
        #expect(abs(checked.geometry.drawnAreaKm2 / cell.drawnAreaKm2 - 0.5) < 1e-3)
    }
}
