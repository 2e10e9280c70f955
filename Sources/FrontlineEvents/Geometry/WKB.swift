import FrontlineGeometry

/// ISO WKB (little-endian, 2D) for the polygonal geometries events carry: what the log stores in
/// its `geometry` columns and hashes (as hex). Kept here, small and fixed, so that stored hashes
/// never depend on another library's output.
enum WKB {
    static func encode(_ geometry: Geometry) -> [UInt8] {
        var out: [UInt8] = []
        write(geometry, into: &out)
        return out
    }

    private static func write(_ geometry: Geometry, into out: inout [UInt8]) {
        out.append(1)  // little-endian
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { out.append(contentsOf: $0) } }
        func f64(_ v: Double) { withUnsafeBytes(of: v.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        func coords(_ cs: [Coordinate]) { u32(cs.count); for c in cs { f64(c.lon); f64(c.lat) } }
        switch geometry {
        case .point(let c): u32(1); f64(c.lon); f64(c.lat)
        case .lineString(let l): u32(2); coords(l.coordinates)
        case .polygon(let p): u32(3); u32(1 + p.holes.count); coords(p.exterior); p.holes.forEach(coords)
        case .multiPoint(let cs): u32(4); u32(cs.count); cs.forEach { write(.point($0), into: &out) }
        case .multiLineString(let ls): u32(5); u32(ls.count); ls.forEach { write(.lineString($0), into: &out) }
        case .multiPolygon(let ps): u32(6); u32(ps.count); ps.forEach { write(.polygon($0), into: &out) }
        case .collection(let gs): u32(7); u32(gs.count); gs.forEach { write($0, into: &out) }
        }
    }

    struct Malformed: Error, CustomStringConvertible {
        var description: String { "malformed WKB" }
    }

    static func decode(_ bytes: [UInt8]) throws -> Geometry {
        var reader = Reader(bytes: bytes)
        let geometry = try reader.geometry()
        guard reader.offset == bytes.count else { throw Malformed() }
        return geometry
    }

    private struct Reader {
        let bytes: [UInt8]
        var offset = 0
        var little = true

        mutating func byte() throws -> UInt8 {
            guard offset < bytes.count else { throw Malformed() }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func u32() throws -> Int {
            guard offset + 4 <= bytes.count else { throw Malformed() }
            var v: UInt32 = 0
            for k in 0..<4 { v |= UInt32(bytes[offset + k]) << (8 * UInt32(k)) }
            offset += 4
            return Int(little ? v : v.byteSwapped)
        }

        mutating func f64() throws -> Double {
            guard offset + 8 <= bytes.count else { throw Malformed() }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(bytes[offset + k]) << (8 * UInt64(k)) }
            offset += 8
            return Double(bitPattern: little ? v : v.byteSwapped)
        }

        mutating func count() throws -> Int {
            let n = try u32()
            guard n <= (bytes.count - offset) else { throw Malformed() }  // each item takes ≥ 1 byte
            return n
        }

        mutating func coordinate() throws -> Coordinate { Coordinate(lon: try f64(), lat: try f64()) }
        mutating func coordinates() throws -> [Coordinate] { try (0..<count()).map { _ in try coordinate() } }

        mutating func geometry() throws -> Geometry {
            little = try byte() == 1
            switch try u32() {
            case 1: return .point(try coordinate())
            case 2: return .lineString(LineString(unchecked: try coordinates()))
            case 3: return .polygon(try polygonBody())
            case 4: return .multiPoint(try (0..<count()).map { _ in
                guard case .point(let c) = try geometry() else { throw Malformed() }; return c })
            case 5: return .multiLineString(try (0..<count()).map { _ in
                guard case .lineString(let l) = try geometry() else { throw Malformed() }; return l })
            case 6: return .multiPolygon(try (0..<count()).map { _ in
                guard case .polygon(let p) = try geometry() else { throw Malformed() }; return p })
            case 7: return .collection(try (0..<count()).map { _ in try geometry() })
            default: throw Malformed()
            }
        }

        mutating func polygonBody() throws -> Polygon {
            let rings = try (0..<count()).map { _ in try coordinates() }
            guard let exterior = rings.first else { return Polygon(unchecked: []) }
            return Polygon(unchecked: exterior, holes: Array(rings.dropFirst()))
        }
    }
}
