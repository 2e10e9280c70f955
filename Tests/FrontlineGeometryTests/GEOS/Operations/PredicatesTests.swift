import Testing
@testable import FrontlineGeometry

@Suite struct PredicatesTests {
    @Test func squareWithHole() throws {
        let context = try GEOSContext()
        let holed = try GEOSGeometry(Fixtures.squareWithHole, context: context)
        let inHole = try GEOSGeometry(point: Coordinate(lon: 5, lat: 5), context: context)
        let inside = try GEOSGeometry(point: Coordinate(lon: 1, lat: 1), context: context)
        let onEdge = try GEOSGeometry(point: Coordinate(lon: 0, lat: 5), context: context)
        #expect(try !holed.contains(inHole))
        #expect(try holed.disjoint(inHole))
        #expect(try holed.contains(inside))
        #expect(try inside.within(holed))
        #expect(try !holed.contains(onEdge))
        #expect(try holed.covers(onEdge))
        #expect(try onEdge.coveredBy(holed))
        #expect(try holed.touches(onEdge))
        #expect(try holed.intersects(onEdge))
    }

    @Test func squaresSharingAnEdge() throws {
        let context = try GEOSContext()
        let left = try GEOSGeometry(Fixtures.unitSquare, context: context)
        let right = try GEOSGeometry(.polygon(Fixtures.square(lon: 1, lat: 0, side: 1)), context: context)
        #expect(try left.touches(right))
        #expect(try !left.overlaps(right))
        #expect(try left.intersects(right))
        #expect(try left.union(right).topologicallyEquals(GEOSGeometry(wkt: "POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))", context: context)))
    }

    @Test func valueLevel() throws {
        #expect(try Fixtures.kharkivArea.contains(.point(Fixtures.kharkivCentre)))
        #expect(try !Fixtures.kharkivArea.contains(.point(Fixtures.insideKharkivHole)))
        #expect(try !Fixtures.kharkivArea.intersects(.point(Fixtures.outsideKharkiv)))
        #expect(try Fixtures.squareWithHole.covers(Fixtures.unitSquare))
    }

    @Test func invalidInputThrowsInsteadOfAnswering() throws {
        // Predicates on an invalid polygon may raise a TopologyException in GEOS (returned as 2);
        // either way the call must not crash, and a thrown error names the predicate.
        let context = try GEOSContext()
        let bowTie = try GEOSGeometry(Fixtures.bowTie, context: context)
        let square = try GEOSGeometry(Fixtures.unitSquare, context: context)
        do {
            _ = try bowTie.contains(square)
        } catch let GEOSError.operationFailed(operation, _) {
            #expect(operation == "contains")
        }
    }
}
