import Testing
@testable import FrontlineGeometry

@Suite struct GEOSGeometryTests {
    @Test func childrenAreBorrowedAndOutliveTheirParentWrapper() throws {
        let context = try GEOSContext()
        var child: GEOSGeometry?
        do {
            let parent = try GEOSGeometry(Fixtures.multiPolygon, context: context)
            #expect(try parent.numberOfGeometries == 3)
            child = try parent.geometry(at: 1)
        }
        // The parent wrapper is out of scope; the child keeps it alive.
        let square = try #require(child)
        #expect(!square.isOwned)
        #expect(try square.planarArea == 4)
        let copy = try square.clone()
        #expect(copy.isOwned)
        #expect(try copy.geometry() == .polygon(Fixtures.square(lon: 5, lat: 5, side: 2)))
    }

    @Test func geometryAtRejectsOutOfRangeIndex() throws {
        let g = try GEOSGeometry(Fixtures.multiPoint, context: GEOSContext())
        #expect(throws: GEOSError.self) { try g.geometry(at: 3) }
        #expect(throws: GEOSError.self) { try g.geometry(at: -1) }
    }

    @Test func typeNames() throws {
        let context = try GEOSContext()
        #expect(try GEOSGeometry(Fixtures.point, context: context).typeName == "Point")
        #expect(try GEOSGeometry(Fixtures.multiPolygon, context: context).typeName == "MultiPolygon")
        #expect(try GEOSGeometry(Fixtures.collection, context: context).typeName == "GeometryCollection")
        #expect(try GEOSGeometry(Fixtures.emptyPolygon, context: context).typeName == "Polygon")
    }

    @Test func pointAndBoxConstructors() throws {
        let context = try GEOSContext()
        let p = try GEOSGeometry(point: Fixtures.kharkivCentre, context: context)
        #expect(try p.geometry() == .point(Fixtures.kharkivCentre))
        let box = try GEOSGeometry(box: BoundingBox(minLon: 0, minLat: 0, maxLon: 2, maxLat: 3), context: context)
        #expect(try box.planarArea == 6)
        let degenerate = try GEOSGeometry(box: BoundingBox(minLon: 1, minLat: 1, maxLon: 1, maxLat: 1), context: context)
        #expect(try degenerate.typeName == "Point")
    }

    @Test func descriptionIsWKT() throws {
        let g = try GEOSGeometry(Fixtures.unitSquare, context: GEOSContext())
        #expect(g.description == "POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))")
    }
}
