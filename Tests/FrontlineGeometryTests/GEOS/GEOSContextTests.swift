import Testing
@testable import FrontlineGeometry

@Suite struct GEOSContextTests {
    @Test func wktParseErrorCarriesGEOSMessage() throws {
        let context = try GEOSContext()
        #expect {
            try GEOSGeometry(wkt: "POLYGON ((0 0, 1 0, 1 1", context: context)
        } throws: { error in
            guard case let GEOSError.parseFailed(format, message) = error else { return false }
            return format == "WKT" && message.contains("ParseException")
        }
        // The message was consumed with the error.
        #expect(context.lastErrorMessage == nil)
    }

    @Test func valueLevelWKTParseError() {
        #expect {
            try Geometry(wkt: "NOT A GEOMETRY")
        } throws: { error in
            guard case let GEOSError.parseFailed(_, message) = error else { return false }
            return !message.isEmpty && message != "GEOS reported no message"
        }
    }

    @Test func conversionErrorCarriesGEOSMessage() throws {
        let onePointLine = Geometry.lineString(LineString(unchecked: [Coordinate(lon: 0, lat: 0)]))
        #expect {
            try GEOSGeometry(onePointLine, context: GEOSContext())
        } throws: { error in
            guard case let GEOSError.conversionFailed(message) = error else { return false }
            return message.contains("LineString") && message.contains("IllegalArgumentException")
        }
    }

    @Test func unclosedRingIsRejectedWithoutLeaking() throws {
        // The ring is built after the shell: the shell and the sequence must both be freed.
        let polygon = Geometry.polygon(Polygon(
            unchecked: Fixtures.ring([(0, 0), (4, 0), (4, 4), (0, 4)]),
            holes: [[Coordinate(lon: 1, lat: 1), Coordinate(lon: 2, lat: 1), Coordinate(lon: 2, lat: 2), Coordinate(lon: 1, lat: 2)]]
        ))
        #expect(throws: GEOSError.self) { try GEOSGeometry(polygon, context: GEOSContext()) }
        let inCollection = Geometry.collection([Fixtures.unitSquare, polygon, Fixtures.point])
        #expect(throws: GEOSError.self) { try GEOSGeometry(inCollection, context: GEOSContext()) }
    }

    @Test func errorDescriptionsNameTheOperation() {
        let error = GEOSError.operationFailed(operation: "union", message: "TopologyException: side location conflict")
        #expect(error.description == "GEOS union failed: TopologyException: side location conflict")
        #expect(GEOSError.parseFailed(format: "WKB", message: "x").description.contains("WKB"))
    }

    @Test func isValidReportsANotice() throws {
        let context = try GEOSContext()
        let bowTie = try GEOSGeometry(Fixtures.bowTie, context: context)
        #expect(try !bowTie.isValid)
        #expect(context.notices.contains { $0.contains("Self-intersection") })
    }
}
