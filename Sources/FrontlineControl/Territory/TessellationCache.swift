import Foundation
import FrontlineGeoData
import FrontlineGeometry

/// The tessellation is computed once per GeoData version and kept on disk, so that `control`
/// and friends start in milliseconds instead of re-running Voronoi and clipping (about a second
/// in release builds) on every command.
///
/// The file lives in `$FRONTLINE_CACHE_DIR`, else `$XDG_CACHE_HOME/frontline`, else
/// `~/.cache/frontline`; its name carries the GeoData fingerprint and the format version (bumped
/// with the algorithm), so a new GeoData or a new algorithm never reads a stale file. It is a cache: unreadable, corrupt
/// or unwritable files are rebuilt or skipped, never an error.
public enum TessellationCache {
    /// Bump when the tessellation algorithm or this file format changes.
    static let version: UInt32 = 3
    static let magic: [UInt8] = Array("FLTESS\0\0".utf8)

    /// The default cache directory (see the type's documentation); nil without a home.
    public static var defaultDirectory: URL? {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["FRONTLINE_CACHE_DIR"], !dir.isEmpty { return URL(fileURLWithPath: dir) }
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("frontline") }
        if let home = env["HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent(".cache").appendingPathComponent("frontline")
        }
        return nil
    }

    static func fileURL(for geoData: GeoData, in directory: URL) -> URL {
        directory.appendingPathComponent("tessellation-\(geoData.fingerprint)-v\(version).bin")
    }

    /// The tessellation of `geoData`: read from the cache when present and intact, else built
    /// and written there (atomically: a crash never leaves a half-written cache file).
    /// GeoData with places added (``GeoData/base``) is cached under its own fingerprint, once per
    /// set of added places; its file is made from its base's (itself cached), with the areas that
    /// hold an added place tessellated again (``Tessellation/build(_:over:)``).
    public static func tessellation(for geoData: GeoData, directory: URL? = defaultDirectory) throws -> Tessellation {
        func build() throws -> Tessellation {
            guard let base = geoData.base else { return try Tessellation.build(geoData) }
            return try Tessellation.build(geoData, over: try TessellationCache.tessellation(for: base, directory: directory))
        }
        guard let directory else { return try build() }
        let url = fileURL(for: geoData, in: directory)
        if let data = try? Data(contentsOf: url), let cached = decode(data) {
            return cached
        }
        let tessellation = try build()
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try? encode(tessellation).write(to: url, options: .atomic)
        return tessellation
    }

    // MARK: - File format
    // magic (8 bytes), version (u32), cell count (u32); per cell: settlement id (i64, -1 for
    // none), ISO code (u16 length + UTF-8), km² (f64), polygons; then the land polygons.
    // Polygons: count (u32), per polygon ring count (u32), per ring coordinate count (u32) and
    // lon/lat pairs (f64). Little-endian.

    static func encode(_ tessellation: Tessellation) -> Data {
        var out = ByteWriter()
        out.bytes(magic)
        out.u32(version)
        out.u32(UInt32(tessellation.cells.count))
        for cell in tessellation.cells {
            out.i64(Int64(cell.settlementID ?? -1))
            let iso = Array(cell.areaISO.utf8)
            out.u16(UInt16(iso.count))
            out.bytes(iso)
            out.f64(cell.km2)
            out.polygons(cell.geometry.polygons)
        }
        out.polygons(tessellation.land.polygons)
        return Data(out.buffer)
    }

    /// The tessellation, or nil when `data` is not a complete cache file of this version.
    static func decode(_ data: Data) -> Tessellation? {
        data.withUnsafeBytes { raw -> Tessellation? in
            var r = ByteReader(raw)
            guard r.bytes(magic.count) == magic, r.u32() == version, let count = r.u32() else { return nil }
            var cells: [SettlementCell] = []
            cells.reserveCapacity(Int(count))
            for _ in 0..<count {
                guard let id = r.i64(), let isoLength = r.u16(), let isoBytes = r.bytes(Int(isoLength)),
                      let km2 = r.f64(), let geometry = r.polygons() else { return nil }
                cells.append(SettlementCell(settlementID: id < 0 ? nil : Int(id), areaISO: String(decoding: isoBytes, as: UTF8.self),
                                            geometry: geometry, km2: km2))
            }
            guard let land = r.polygons(), r.atEnd else { return nil }
            return Tessellation(cells: cells, land: land)
        }
    }
}

private struct ByteWriter {
    var buffer: [UInt8] = []
    mutating func bytes(_ b: [UInt8]) { buffer += b }
    mutating func u16(_ v: UInt16) { withUnsafeBytes(of: v.littleEndian) { buffer += $0 } }
    mutating func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { buffer += $0 } }
    mutating func i64(_ v: Int64) { withUnsafeBytes(of: v.littleEndian) { buffer += $0 } }
    mutating func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { buffer += $0 } }

    mutating func polygons(_ polygons: [Polygon]) {
        u32(UInt32(polygons.count))
        for polygon in polygons {
            let rings = [polygon.exterior] + polygon.holes
            u32(UInt32(rings.count))
            for ring in rings {
                u32(UInt32(ring.count))
                for c in ring { f64(c.lon); f64(c.lat) }
            }
        }
    }
}

private struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var offset = 0
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }

    var atEnd: Bool { offset == raw.count }

    mutating func bytes(_ n: Int) -> [UInt8]? {
        guard n >= 0, offset + n <= raw.count else { return nil }
        defer { offset += n }
        return Array(raw[offset..<offset + n])
    }

    private mutating func load<T: FixedWidthInteger>(_: T.Type) -> T? {
        let size = MemoryLayout<T>.size
        guard offset + size <= raw.count else { return nil }
        defer { offset += size }
        return T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    mutating func u16() -> UInt16? { load(UInt16.self) }
    mutating func u32() -> UInt32? { load(UInt32.self) }
    mutating func i64() -> Int64? { load(Int64.self) }
    mutating func f64() -> Double? { load(UInt64.self).map(Double.init(bitPattern:)) }

    /// A Polygon (one) or MultiPolygon.
    mutating func polygons() -> Geometry? {
        guard let polygonCount = u32() else { return nil }
        var polygons: [Polygon] = []
        for _ in 0..<polygonCount {
            guard let ringCount = u32(), ringCount > 0 else { return nil }
            var rings: [Ring] = []
            for _ in 0..<ringCount {
                guard let n = u32(), n >= 4, let ring = coordinates(Int(n)) else { return nil }
                rings.append(ring)
            }
            polygons.append(Polygon(unchecked: rings[0], holes: Array(rings.dropFirst())))
        }
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }

    mutating func coordinates(_ n: Int) -> [Coordinate]? {
        guard offset + n * 16 <= raw.count else { return nil }
        var result = [Coordinate]()
        result.reserveCapacity(n)
        for _ in 0..<n { result.append(Coordinate(lon: f64()!, lat: f64()!)) }
        return result
    }
}
