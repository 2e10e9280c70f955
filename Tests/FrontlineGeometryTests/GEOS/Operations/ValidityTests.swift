import Testing
@testable import FrontlineGeometry

@Suite struct ValidityTests {
    @Test func validFixtures() throws {
        for g in [Fixtures.unitSquare, Fixtures.squareWithHole, Fixtures.multiPolygon, Fixtures.kharkivArea] {
            #expect(try g.isValid)
            #expect(try g.validityReason == "Valid Geometry")
        }
    }

    @Test func bowTieIsInvalidAndMadeValidAsTwoTriangles() throws {
        #expect(try !Fixtures.bowTie.isValid)
        #expect(try Fixtures.bowTie.validityReason.hasPrefix("Self-intersection"))
        let fixed = try Fixtures.bowTie.makeValid()
        #expect(try fixed.isValid)
        #expect(fixed.typeName == "MultiPolygon")
        #expect(fixed.polygons.count == 2)
        #expect(try GEOSGeometry(fixed, context: GEOSContext()).planarArea == Fixtures.bowTieValidArea)
    }

    @Test func selfTouchingRingIsMadeValidWithAHole() throws {
        #expect(try !Fixtures.selfTouchingRing.isValid)
        #expect(try Fixtures.selfTouchingRing.validityReason.hasPrefix("Ring Self-intersection"))
        let fixed = try Fixtures.selfTouchingRing.makeValid()
        #expect(try fixed.isValid)
        #expect(try GEOSGeometry(fixed, context: GEOSContext()).planarArea == Fixtures.selfTouchingRingValidArea)
    }

    @Test func makeValidKeepsValidGeometry() throws {
        let fixed = try GEOSGeometry(Fixtures.squareWithHole, context: GEOSContext()).makeValid()
        #expect(try fixed.planarArea == Fixtures.squareWithHoleArea)
        #expect(try fixed.topologicallyEquals(GEOSGeometry(Fixtures.squareWithHole, context: fixed.context)))
    }

    @Test func collapsedPolygonIsDropped() throws {
        // A zero-area polygon: with keepCollapsed off, STRUCTURE gives an empty polygon.
        let flat = Geometry.polygon(Polygon(unchecked: Fixtures.ring([(0, 0), (1, 0), (2, 0)])))
        #expect(try !flat.isValid)
        #expect(try flat.makeValid().isEmpty)
    }

    @Test func emptyIsValid() throws {
        for g in Fixtures.allEmpty { #expect(try g.isValid) }
    }
}
