import Testing
@testable import FrontlineGeometry

@Suite struct ConstructiveTests {
    let context: GEOSContext
    init() throws { context = try GEOSContext() }

    func geos(_ g: Geometry) throws -> GEOSGeometry { try GEOSGeometry(g, context: context) }

    @Test func bufferOfAPointApproachesACircle() throws {
        let disc = try geos(Fixtures.point).buffer(1, quadrantSegments: 64)
        #expect(abs(try disc.planarArea - .pi) < 0.002)
        #expect(try disc.isValid)
        // Negative buffers shrink: 10 × 10 with a 2 × 2 hole, shrunk by 1 → 8 × 8 minus a 4 × 4 hole (rounded corners).
        let shrunk = try geos(Fixtures.squareWithHole).buffer(-1)
        #expect(try shrunk.planarArea < 64 - 12 && shrunk.planarArea > 64 - 16)
    }

    @Test func valueLevelBuffer() throws {
        let band = try Fixtures.lineString.buffer(0.1)
        #expect(band.typeName == "Polygon")
    }

    @Test func boundaryOfAHoledPolygonIsItsRings() throws {
        let boundary = try Fixtures.squareWithHole.boundary()
        #expect(boundary.lineStrings.count == 2)
        #expect(try GEOSGeometry(boundary, context: context).planarLength == 40 + 8)
    }

    @Test func lineMergeJoinsTouchingLines() throws {
        let merged = try Fixtures.multiLineString.lineMerge()
        #expect(merged == .lineString(LineString(unchecked: [
            Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1),
        ])))
    }

    @Test func sharedBoundaryOfAdjacentPolygons() throws {
        // The front-line idiom: the shared edge of two areas is boundary ∩ boundary, merged.
        let left = try geos(Fixtures.unitSquare)
        let right = try geos(.polygon(Fixtures.square(lon: 1, lat: 0, side: 1)))
        let shared = try left.boundary().intersection(right.boundary()).lineMerge()
        #expect(try shared.planarLength == 1)
    }

    @Test func clipToBox() throws {
        let clipped = try geos(Fixtures.squareWithHole).clip(to: BoundingBox(minLon: 0, minLat: 0, maxLon: 5, maxLat: 5))
        #expect(try clipped.planarArea == 25 - 1)
        #expect(try clipped.isValid)
    }

    @Test func envelopeCentroidPointOnSurface() throws {
        let holed = try geos(Fixtures.squareWithHole)
        #expect(try holed.envelope().planarArea == 100)
        #expect(try holed.centroid().geometry() == .point(Coordinate(lon: 5, lat: 5)))
        // The centroid is in the hole; the point on surface is not.
        let onSurface = try holed.pointOnSurface()
        #expect(try holed.contains(onSurface))
        #expect(try geos(Fixtures.emptyPolygon).centroid().isEmpty)
    }

    @Test func normalizedIsANewGeometry() throws {
        let original = try geos(Fixtures.unitSquare)
        let normal = try original.normalized()
        #expect(try normal.geometry() != original.geometry())
        #expect(try normal.topologicallyEquals(original))
        #expect(try original.geometry() == Fixtures.unitSquare)
    }

    @Test func simplifyKeepsTopology() throws {
        let simplified = try geos(Fixtures.kharkivArea).simplify(tolerance: 0.2)
        #expect(try simplified.isValid)
        #expect(try simplified.geometry().polygons.first?.holes.count == 1)
        #expect(try simplified.geometry().allCoordinates.count < Fixtures.kharkivArea.allCoordinates.count)
    }

    @Test func setPrecisionSnapsToGrid() throws {
        let snapped = try geos(Fixtures.kharkivArea).setPrecision(gridSize: 0.1)
        #expect(try snapped.isValid)
        for c in try snapped.geometry().allCoordinates {
            #expect(abs(c.lon * 10 - (c.lon * 10).rounded()) < 1e-9)
        }
    }
}
