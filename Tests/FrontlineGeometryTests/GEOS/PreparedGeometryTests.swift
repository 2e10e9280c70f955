import Testing
@testable import FrontlineGeometry
import SeededRandom

@Suite struct PreparedGeometryTests {
    @Test func agreesWithUnpreparedOnRandomPoints() throws {
        let context = try GEOSContext()
        let area = try GEOSGeometry(Fixtures.kharkivArea, context: context)
        let prepared = try PreparedGeometry(area)
        let box = try #require(Fixtures.kharkivArea.boundingBox)
        var rng = SplitMix64(seed: 0x4B48_4152_4B49_56)
        var inside = 0
        for _ in 0..<2000 {
            let c = GEOSTest.randomCoordinate(in: box, using: &rng)
            let point = try GEOSGeometry(point: c, context: context)
            let contains = try area.contains(point)
            #expect(try prepared.contains(c) == contains)
            #expect(try prepared.contains(point) == contains)
            #expect(try prepared.containsProperly(point) == contains)
            #expect(try prepared.covers(point) == area.covers(point))
            #expect(try prepared.intersects(point) == area.intersects(point))
            #expect(try prepared.disjoint(point) == area.disjoint(point))
            if contains { inside += 1 }
        }
        // The polygon fills a good part of its box, and the sample saw both sides.
        #expect(inside > 500 && inside < 2000)
    }

    @Test func knownPoints() throws {
        let prepared = try PreparedGeometry(GEOSGeometry(Fixtures.kharkivArea, context: GEOSContext()))
        #expect(try prepared.contains(Fixtures.kharkivCentre))
        #expect(try !prepared.contains(Fixtures.insideKharkivHole))
        #expect(try !prepared.contains(Fixtures.outsideKharkiv))
    }

    @Test func boundaryPoints() throws {
        let prepared = try PreparedGeometry(GEOSGeometry(Fixtures.unitSquare, context: GEOSContext()))
        let corner = Coordinate(lon: 0, lat: 0)
        #expect(try !prepared.contains(corner))
        #expect(try prepared.covers(corner))
    }

    @Test func geometryPredicates() throws {
        let context = try GEOSContext()
        let prepared = try PreparedGeometry(GEOSGeometry(Fixtures.squareWithHole, context: context))
        let unit = try GEOSGeometry(Fixtures.unitSquare, context: context)
        let big = try GEOSGeometry(.polygon(Fixtures.square(lon: -1, lat: -1, side: 20)), context: context)
        #expect(try prepared.contains(unit))
        #expect(try !prepared.containsProperly(unit)) // it touches the boundary
        #expect(try prepared.covers(unit))
        #expect(try prepared.within(big))
        #expect(try prepared.coveredBy(big))
    }

    @Test func keepsItsBaseAlive() throws {
        var prepared: PreparedGeometry?
        do {
            let base = try GEOSGeometry(Fixtures.kharkivArea, context: GEOSContext())
            prepared = try PreparedGeometry(base)
        }
        #expect(try prepared?.contains(Fixtures.kharkivCentre) == true)
    }
}
