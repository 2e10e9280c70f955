import FrontlineGeometry
import GeoDataBlob

/// The admin areas and settlements Frontline ships with (GeoData/, embedded in the binary), and
/// the gazetteer over them. Loaded once per process, on first use.
public final class GeoData: Sendable {
    public let areas: [AdminArea]
    public let settlements: [Settlement]
    public let gazetteer: Gazetteer
    private let areaIndex: [String: Int]

    public init(areas: [AdminArea], settlements: [Settlement]) {
        self.areas = areas
        self.settlements = settlements
        self.areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1.iso, $0) })
        self.gazetteer = Gazetteer(settlements: settlements, areas: areas.map { ($0.iso, $0.name) })
    }

    /// The GeoData compiled into this binary. Throws only if the embedded files are malformed,
    /// which the test suite rules out for every build.
    public static func embedded() throws -> GeoData { try cached.get() }

    private static let cached = Result<GeoData, Error> {
        let areas = try withEmbedded(frontline_areas_geojson) { try AdminAreasGeoJSON.parse($0, file: "GeoData/areas.geojson") }
        let settlements = try withEmbedded(frontline_settlements_tsv) { try SettlementsTSV.parse($0, file: "GeoData/settlements.tsv") }
        return GeoData(areas: areas, settlements: settlements)
    }

    public func area(iso: String) -> AdminArea? {
        areaIndex[iso].map { areas[$0] }
    }

    public func settlement(id: Int) -> Settlement? {
        gazetteer.settlement(id: id)
    }

    private static func withEmbedded<T>(
        _ accessor: (UnsafeMutablePointer<Int>) -> UnsafePointer<UInt8>?,
        _ body: (UnsafeRawBufferPointer) throws -> T
    ) rethrows -> T {
        var length = 0
        let start = accessor(&length)
        return try body(UnsafeRawBufferPointer(start: start, count: length))
    }
}
