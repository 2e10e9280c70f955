import Testing
@testable import FrontlineGeometry

@Suite struct WKBTests {
    @Test(arguments: GeometryGEOSTests.everyKind + Fixtures.allEmpty)
    func roundTrip(_ geometry: Geometry) throws {
        #expect(try Geometry(wkb: geometry.wkb()) == geometry)
    }

    @Test func writesLittleEndian2D() throws {
        let bytes = try Geometry.point(Coordinate(lon: 1, lat: 2)).wkb()
        // Byte order 1 (NDR), type 1 (Point), then two doubles.
        #expect(bytes.count == 21)
        #expect(Array(bytes[0..<5]) == [1, 1, 0, 0, 0])
        #expect(Array(bytes[5..<13]) == [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]) // 1.0
    }

    @Test func truncatedWKBGivesParseError() throws {
        let bytes = try Fixtures.kharkivArea.wkb()
        #expect {
            try Geometry(wkb: Array(bytes.prefix(bytes.count - 5)))
        } throws: { error in
            guard case let GEOSError.parseFailed(format, message) = error else { return false }
            return format == "WKB" && message.contains("ParseException")
        }
        #expect(throws: GEOSError.self) { try Geometry(wkb: []) }
    }
}
