import Testing
@testable import FrontlineGeometry

@Suite struct WKTTests {
    @Test(arguments: GeometryGEOSTests.everyKind + Fixtures.allEmpty)
    func roundTrip(_ geometry: Geometry) throws {
        #expect(try Geometry(wkt: geometry.wkt()) == geometry)
    }

    @Test func writesTrimmedWKT() throws {
        #expect(try Fixtures.squareWithHole.wkt() == "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (4 4, 4 6, 6 6, 6 4, 4 4))")
        #expect(try Fixtures.emptyMultiPolygon.wkt() == "MULTIPOLYGON EMPTY")
        #expect(try Fixtures.emptyCollection.wkt() == "GEOMETRYCOLLECTION EMPTY")
    }

    @Test func precisionRounds() throws {
        #expect(try Geometry.point(Fixtures.kharkivCentre).wkt(precision: 2) == "POINT (36.23 49.99)")
        #expect(try Geometry.point(Fixtures.kharkivCentre).wkt() == "POINT (36.2304 49.9935)")
    }

    @Test func parsesEveryKind() throws {
        #expect(try Geometry(wkt: "MULTIPOINT ((1 2), (3 4))") == .multiPoint([Coordinate(lon: 1, lat: 2), Coordinate(lon: 3, lat: 4)]))
        #expect(try Geometry(wkt: "GEOMETRYCOLLECTION (POINT (1 2))") == .collection([.point(Coordinate(lon: 1, lat: 2))]))
    }
}
