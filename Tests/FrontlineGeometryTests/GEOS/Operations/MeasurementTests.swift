import Testing
@testable import FrontlineGeometry

@Suite struct MeasurementTests {
    @Test func areaLengthDistance() throws {
        let context = try GEOSContext()
        let holed = try GEOSGeometry(Fixtures.squareWithHole, context: context)
        #expect(try holed.planarArea == Fixtures.squareWithHoleArea)
        #expect(try GEOSGeometry(Fixtures.multiPolygon, context: context).planarArea == Fixtures.multiPolygonArea)
        #expect(try holed.planarLength == 48)
        let far = try GEOSGeometry(point: Coordinate(lon: 13, lat: 14), context: context)
        #expect(try holed.planarDistance(to: far) == 5)
        #expect(try holed.planarDistance(to: holed) == 0)
    }

    @Test func boundingBox() throws {
        let context = try GEOSContext()
        let box = try GEOSGeometry(Fixtures.kharkivArea, context: context).boundingBox
        #expect(box == Fixtures.kharkivArea.boundingBox)
        #expect(try GEOSGeometry(Fixtures.emptyCollection, context: context).boundingBox == nil)
    }
}
