import Foundation
import FrontlineGeometry
import GeoDataBlob

/// The admin areas and settlements Frontline ships with (GeoData/, embedded in the binary), and
/// the gazetteer over them. Loaded once per process, on first use.
///
/// Settlements and area names load at once (a place search needs nothing else); the area
/// boundaries are densified and measured on first use of ``areas``, because that is most of
/// the start-up cost.
public final class GeoData: Sendable {
    public let settlements: [Settlement]
    public let gazetteer: Gazetteer
    private let records: [AdminAreaRecord]
    private let areaIndex: [String: Int]
    private let measured = LazyAreas()

    init(records: [AdminAreaRecord], settlements: [Settlement]) {
        self.records = records
        self.settlements = settlements
        self.areaIndex = Dictionary(uniqueKeysWithValues: records.enumerated().map { ($1.iso, $0) })
        self.gazetteer = Gazetteer(settlements: settlements, areas: records.map { ($0.iso, $0.name) })
    }

    /// Every admin area with its densified boundary and geodesic km², in ISO-code order.
    public var areas: [AdminArea] { measured.value(records) }

    /// The English name of an area, without loading boundaries.
    public func areaName(iso: String) -> String? {
        areaIndex[iso].map { records[$0].name }
    }

    /// The GeoData compiled into this binary. Throws only if the embedded files are malformed,
    /// which the test suite rules out for every build.
    public static func embedded() throws -> GeoData { try cached.get() }

    private static let cached = Result<GeoData, Error> {
        let records = try withEmbedded(frontline_areas_geojson) { try AdminAreasGeoJSON.parse($0, file: "GeoData/areas.geojson") }
        let settlements = try withEmbedded(frontline_settlements_tsv) { try SettlementsTSV.parse($0, file: "GeoData/settlements.tsv") }
        return GeoData(records: records, settlements: settlements)
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

/// Computes the measured areas once, on first request, from any thread.
private final class LazyAreas: @unchecked Sendable {
    private let lock = NSLock()
    private var areas: [AdminArea]?

    func value(_ records: [AdminAreaRecord]) -> [AdminArea] {
        lock.lock()
        defer { lock.unlock() }
        if let areas { return areas }
        let result = records.map { $0.measured() }
        areas = result
        return result
    }
}
