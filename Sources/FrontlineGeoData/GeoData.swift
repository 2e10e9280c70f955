import Foundation
import FrontlineGeometry
import GeoDataBlob
import FrontlineSupport

/// The admin areas and settlements Frontline ships with (GeoData/, embedded in the binary), and
/// the gazetteer over them. Loaded once per process, on first use.
///
/// Settlements and area names load at once (a place search needs nothing else); the area
/// boundaries are measured on first use of ``areas``, because that is most of
/// the start-up cost.
public final class GeoData: Sendable {
    public let settlements: [Settlement]
    /// Built with the GeoData; for GeoData with places added, on first use (the control
    /// commands need only its settlements).
    public var gazetteer: Gazetteer {
        lazyGazetteer.value {
            Trace.measure("geodata: gazetteer") { Gazetteer(settlements: settlements, areas: records.map { ($0.iso, $0.name) }) }
        }
    }
    private let lazyGazetteer = Once<Gazetteer>()
    /// The added places by id (empty without them).
    private let addedByID: [Int: Settlement]
    /// Identifies this GeoData's content (FNV-1a over its source bytes): derived data such as the
    /// territory tessellation is cached under it.
    public let fingerprint: String
    /// For GeoData with places a user added to a log (AddedPlaces.swift): the GeoData they were
    /// added to, and the places (also in ``settlements``). Nil and empty otherwise.
    public let base: GeoData?
    public let addedPlaces: [Settlement]
    let records: [AdminAreaRecord]
    private let areaIndex: [String: Int]
    private let measured = Once<[AdminArea]>()
    let logisticsSource: @Sendable (GeoData) throws -> Logistics
    private let loadedLogistics = Once<Result<Logistics, any Error>>()

    init(records: [AdminAreaRecord], settlements: [Settlement], fingerprint: String,
         logistics: @escaping @Sendable (GeoData) throws -> Logistics = { _ in .empty },
         base: GeoData? = nil, addedPlaces: [Settlement] = []) {
        self.logisticsSource = logistics
        self.base = base
        self.addedPlaces = addedPlaces
        self.records = records.sorted { $0.iso < $1.iso }
        self.settlements = settlements
        self.fingerprint = fingerprint
        self.areaIndex = Dictionary(uniqueKeysWithValues: self.records.enumerated().map { ($1.iso, $0) })
        self.addedByID = Dictionary(addedPlaces.map { ($0.id, $0) }) { first, _ in first }
        if base == nil { _ = gazetteer }
    }

    /// GeoData for another theatre (or a test): areas as drawn, with their country codes (the side
    /// that holds each area before any event), and the settlements in them. Boundaries are
    /// measured like the embedded ones. ISO codes must be unique.
    public convenience init(areas: [(iso: String, name: String, country: String, geometry: Geometry)],
                            settlements: [Settlement], logistics: Logistics = .empty) {
        var hash = FNV1a()
        for area in areas {
            hash.add(area.iso); hash.add(area.country)
            for c in area.geometry.allCoordinates { hash.add(c.lon); hash.add(c.lat) }
        }
        for s in settlements { hash.add(Int64(s.id)); hash.add(s.coordinate.lon); hash.add(s.coordinate.lat); hash.add(s.areaISO) }
        let records = areas.map {
            AdminAreaRecord(iso: $0.iso, name: $0.name, country: $0.country, officialKm2: 0, drawn: $0.geometry)
        }
        self.init(records: records, settlements: settlements, fingerprint: hash.hex, logistics: { _ in logistics })
    }

    /// Logistics hubs, routes and rear anchors (GeoData/logistics.json), read on first use.
    public func logistics() throws -> Logistics {
        try loadedLogistics.value { Result { try logisticsSource(self) } }.get()
    }

    /// Every admin area with its km² on WGS84, in ISO-code order.
    public var areas: [AdminArea] { measured.value { records.map { $0.measured() } } }

    /// The English name of an area, without loading boundaries.
    public func areaName(iso: String) -> String? {
        areaIndex[iso].map { records[$0].name }
    }

    /// The GeoData compiled into this binary. Throws only if the embedded files are malformed,
    /// which the test suite rules out for every build.
    public static func embedded() throws -> GeoData { try cached.get() }

    private static let cached = Result<GeoData, Error> {
        var hash = FNV1a()
        let records = try Trace.measure("geodata: areas") {
            try withEmbedded(frontline_areas_geojson) {
                hash.add($0)
                return try AdminAreasGeoJSON.parse($0, file: "GeoData/areas.geojson")
            }
        }
        let settlements = try Trace.measure("geodata: settlements") {
            try withEmbedded(frontline_settlements_tsv) {
                hash.add($0)
                return try SettlementsTSV.parse($0, file: "GeoData/settlements.tsv")
            }
        }
        return GeoData(records: records, settlements: settlements, fingerprint: hash.hex) { geoData in
            try withEmbedded(frontline_logistics_json) {
                try Logistics.parse($0, file: "GeoData/logistics.json") { geoData.settlement(id: $0) }
            }
        }
    }

    public func area(iso: String) -> AdminArea? {
        areaIndex[iso].map { areas[$0] }
    }

    public func settlement(id: Int) -> Settlement? {
        if let base { return base.settlement(id: id) ?? addedByID[id] }
        return gazetteer.settlement(id: id)
    }

    /// The bundled scenario (GeoData/scenarios/kharkiv-2022.csv): the Kharkiv front in 2022 and the
    /// Kupiansk claims of November 2025, as `frontline import` reads it.
    public static var kharkiv2022Scenario: [UInt8] {
        withEmbedded(frontline_scenario_kharkiv_2022) { Array($0) }
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

/// 64-bit FNV-1a: a fast content fingerprint for cache keys (not a security hash).
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var v = value
        for byte in bytes { v = (v ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        value = v
    }

    mutating func add(_ text: String) {
        var copy = text
        copy.withUTF8 { add(UnsafeRawBufferPointer($0)) }
        add(Int64(0))
    }

    mutating func add(_ number: Double) { add(Int64(bitPattern: number.bitPattern)) }

    mutating func add(_ number: Int64) {
        withUnsafeBytes(of: number.littleEndian) { add($0) }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
