import FrontlineGeometry
import Testing
@testable import FrontlineGeoData

/// GeoData/settlements.tsv is read at every start of the tool, byte by byte: the fields, the
/// alternates (empty ones skipped) and every malformed line named by its number and field.
struct SettlementsTSVTests {
    static let header = "id\tname\tlat\tlon\tpopulation\tarea\talternates\n"

    func parse(_ text: String) throws -> [Settlement] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBytes { try SettlementsTSV.parse($0, file: "settlements.tsv") }
    }

    @Test func fieldsAndAlternatesAreRead() throws {
        let places = try parse(Self.header + "707292\tIzyum\t49.20697\t37.27679\t45884\tUA-63\tIzium||Ізюм|\n\n"
                               + "706483\tKharkiv\t49.98081\t36.25272\t1430885\tUA-63\t")
        #expect(places.map(\.id) == [707292, 706483])
        #expect(places[0].alternateNames == ["Izium", "Ізюм"])
        #expect(places[0].coordinate == Coordinate(lon: 37.27679, lat: 49.20697))
        #expect(places[0].population == 45884 && places[0].areaISO == "UA-63")
        #expect(places[1].alternateNames.isEmpty)
    }

    @Test func malformedLinesNameTheirLineAndField() {
        #expect(throws: GeoDataError.malformed(file: "settlements.tsv", line: 1, field: "header",
                                               problem: "expected 'id\\tname\\tlat\\tlon\\tpopulation\\tarea\\talternates'")) {
            try parse("id\tname\n")
        }
        #expect(throws: GeoDataError.malformed(file: "settlements.tsv", line: 3, field: "lat", problem: "'91' is not a latitude")) {
            try parse(Self.header + "1\tA\t49\t37\t0\tUA-63\t\n2\tB\t91\t37\t0\tUA-63\t\n")
        }
        #expect(throws: GeoDataError.malformed(file: "settlements.tsv", line: 2, field: "line",
                                               problem: "expected 7 tab-separated fields, found 6")) {
            try parse(Self.header + "1\tA\t49\t37\t0\tUA-63\n")
        }
    }
}
