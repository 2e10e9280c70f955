import Testing
@testable import FrontlineGeometry

/// Value → GEOS → value round trips for every kind.
@Suite struct GeometryGEOSTests {
    static let everyKind: [Geometry] = [
        Fixtures.point, Fixtures.multiPoint, Fixtures.lineString, Fixtures.multiLineString,
        Fixtures.unitSquare, Fixtures.squareWithHole, Fixtures.multiPolygon, Fixtures.collection,
        Fixtures.kharkivArea, Fixtures.bowTie, Fixtures.selfTouchingRing,
        .collection([.collection([]), Fixtures.emptyPolygon, Fixtures.point]),
        .multiPolygon([Polygon(unchecked: []), Fixtures.square(lon: 1, lat: 1, side: 1)]),
    ]

    @Test(arguments: everyKind)
    func roundTripIsExact(_ geometry: Geometry) throws {
        #expect(try GEOSTest.roundTrip(geometry) == geometry)
    }

    @Test(arguments: Fixtures.allEmpty)
    func emptiesRoundTrip(_ empty: Geometry) throws {
        let g = try GEOSGeometry(empty, context: GEOSContext())
        #expect(try g.isEmpty)
        #expect(try g.geometry() == empty)
        #expect(try g.boundingBox == nil)
    }

    @Test func emptyPointBecomesEmptyMultiPoint() throws {
        let g = try GEOSGeometry(wkt: "POINT EMPTY", context: GEOSContext())
        #expect(try g.geometry() == .multiPoint([]))
    }

    @Test func linearRingBecomesLineString() throws {
        let g = try GEOSGeometry(wkt: "LINEARRING (0 0, 1 0, 1 1, 0 0)", context: GEOSContext())
        #expect(try g.geometry() == .lineString(LineString(unchecked: Fixtures.ring([(0, 0), (1, 0), (1, 1)]))))
    }

    @Test func zIsDropped() throws {
        let g = try GEOSGeometry(wkt: "LINESTRING Z (0 1 2, 3 4 5)", context: GEOSContext())
        #expect(try g.geometry() == .lineString(LineString(unchecked: [Coordinate(lon: 0, lat: 1), Coordinate(lon: 3, lat: 4)])))
    }

    @Test func realCoordinatesKeepEveryBit() throws {
        let c = Coordinate(lon: 36.230_412_345_678_91, lat: 49.993_512_345_678_91)
        #expect(try GEOSTest.roundTrip(.point(c)) == .point(c))
        #expect(try GEOSTest.roundTrip(.multiPoint([c, c])) == .multiPoint([c, c]))
    }

    @Test func largeRingConvertsBothWays() throws {
        let n = 100_000
        var ring = (0..<n).map { i -> Coordinate in
            let t = Double(i) / Double(n) * 2 * .pi
            return Coordinate(lon: 36.2 + cos(t), lat: 49.99 + sin(t))
        }
        ring.append(ring[0])
        let polygon = Geometry.polygon(Polygon(unchecked: ring))
        #expect(try GEOSTest.roundTrip(polygon) == polygon)
    }
}

import Foundation
