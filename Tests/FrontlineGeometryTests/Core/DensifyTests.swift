import Testing
@testable import FrontlineGeometry

struct DensifyTests {
    let a = Coordinate(lon: 36.0, lat: 49.0), b = Coordinate(lon: 36.0123, lat: 49.0071)

    @Test func addsVerticesOnTheStraightLine() throws {
        let line = Geometry.lineString(try LineString([a, b])).densified(maxDegrees: 0.001)
        let cs = line.allCoordinates
        #expect(cs.count == 14)  // 0.0123° in steps of at most 0.001°: 13 segments
        #expect(cs.first == a && cs.last == b)
        for c in cs { #expect(abs((c.lat - a.lat) * (b.lon - a.lon) - (c.lon - a.lon) * (b.lat - a.lat)) < 1e-15) }
    }

    @Test func sharedEdgesGetIdenticalPointsFromEitherDirection() throws {
        let there = Geometry.lineString(try LineString([a, b])).densified(maxDegrees: 0.0007).allCoordinates
        let back = Geometry.lineString(try LineString([b, a])).densified(maxDegrees: 0.0007).allCoordinates
        #expect(there == back.reversed())
    }

    @Test func shortSegmentsAndPointsAreUnchanged() {
        let square = Polygon(unchecked: [a, Coordinate(lon: 36.0005, lat: 49), Coordinate(lon: 36.0005, lat: 49.0005), a])
        #expect(Geometry.polygon(square).densified(maxDegrees: 0.001) == .polygon(square))
        #expect(Geometry.point(a).densified(maxDegrees: 0.001) == .point(a))
    }
}
