import CGEOS

// Conversion between ``Geometry`` values and GEOS geometries.
//
// Value → GEOS builds coordinate sequences with `GEOSCoordSeq_copyFromBuffer_r` straight from
// the `[Coordinate]` storage; GEOS → value copies out with `GEOSCoordSeq_copyToBuffer_r`.
//
// Ownership: `GEOSGeom_createLineString_r`/`createLinearRing_r` take the coordinate sequence,
// and `GEOSGeom_createPolygon_r`/`createCollection_r` take their members, **whether or not they
// succeed** (GEOS ≥ 3.10 moves them into `unique_ptr`s first and frees them on exception). Parts
// made before a failure that were not yet handed to GEOS are destroyed here.
//
// Empty values: `.lineString` with no coordinates ↔ LINESTRING EMPTY, `.polygon` with an empty
// exterior ↔ POLYGON EMPTY, empty multi-geometries and collections ↔ their GEOS empties.
// GEOS's POINT EMPTY has no `.point` value and comes back as `.multiPoint([])`; empty points
// inside a MULTIPOINT are dropped. Z and M ordinates are dropped.

extension GEOSGeometry {
    /// Converts a value into a new, owned GEOS geometry.
    /// - Throws: ``GEOSError/conversionFailed(_:)`` with GEOS's message when GEOS rejects the
    ///   geometry (a line of one point, an unclosed or too short ring, holes without exterior).
    public convenience init(_ geometry: Geometry, context: GEOSContext) throws {
        let pointer = try GEOSConversion(context: context).make(geometry)
        self.init(owning: pointer, context: context)
    }

    /// Converts back to a ``Geometry`` value (see the file notes for empties).
    public func geometry() throws -> Geometry {
        try GEOSConversion(context: context).value(pointer)
    }
}

/// Conversion helpers bound to one context. Every returned `OpaquePointer` is owned by the caller.
struct GEOSConversion {
    let context: GEOSContext
    var handle: GEOSContextHandle_t { context.handle }

    private func failed(_ what: String) -> GEOSError {
        .conversionFailed("\(what): \(context.takeErrorMessage() ?? "GEOS reported no message")")
    }

    private func destroy(_ parts: [OpaquePointer]) {
        for part in parts { GEOSGeom_destroy_r(handle, part) }
    }

    // MARK: Value → GEOS

    func make(_ geometry: Geometry) throws -> OpaquePointer {
        switch geometry {
        case .point(let c):
            return try point(c)
        case .multiPoint(let points):
            return try collection(Int32(GEOS_MULTIPOINT.rawValue), points, "MultiPoint", point)
        case .lineString(let line):
            return try lineString(line.coordinates)
        case .multiLineString(let lines):
            return try collection(Int32(GEOS_MULTILINESTRING.rawValue), lines, "MultiLineString") {
                try lineString($0.coordinates)
            }
        case .polygon(let polygon):
            return try self.polygon(polygon)
        case .multiPolygon(let polygons):
            return try collection(Int32(GEOS_MULTIPOLYGON.rawValue), polygons, "MultiPolygon", polygon)
        case .collection(let members):
            return try collection(Int32(GEOS_GEOMETRYCOLLECTION.rawValue), members, "GeometryCollection", make)
        }
    }

    private func point(_ c: Coordinate) throws -> OpaquePointer {
        // NULL on exception.
        guard let p = GEOSGeom_createPointFromXY_r(handle, c.lon, c.lat) else { throw failed("Point") }
        return p
    }

    /// A coordinate sequence copied from `coordinates` with `GEOSCoordSeq_copyFromBuffer_r`.
    private func sequence(_ coordinates: [Coordinate]) throws -> OpaquePointer {
        let result: OpaquePointer? = if Coordinate.isPackedXY {
            coordinates.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: Double.self) { doubles in
                    GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(buffer.count), 0, 0)
                }
            }
        } else {
            coordinates.flatMap { [$0.lon, $0.lat] }.withUnsafeBufferPointer { doubles in
                GEOSCoordSeq_copyFromBuffer_r(handle, doubles.baseAddress, UInt32(coordinates.count), 0, 0)
            }
        }
        // NULL on exception.
        guard let result else { throw failed("coordinate sequence") }
        return result
    }

    private func lineString(_ coordinates: [Coordinate]) throws -> OpaquePointer {
        if coordinates.isEmpty {
            // NULL on exception.
            guard let empty = GEOSGeom_createEmptyLineString_r(handle) else { throw failed("LineString") }
            return empty
        }
        let seq = try sequence(coordinates)
        // Takes the sequence, even on failure; NULL on exception (e.g. a single coordinate).
        guard let line = GEOSGeom_createLineString_r(handle, seq) else { throw failed("LineString") }
        return line
    }

    private func ring(_ coordinates: [Coordinate]) throws -> OpaquePointer {
        let seq = try sequence(coordinates)
        // Takes the sequence, even on failure; NULL on exception (unclosed, or fewer than 4 points).
        guard let ring = GEOSGeom_createLinearRing_r(handle, seq) else { throw failed("LinearRing") }
        return ring
    }

    private func polygon(_ polygon: Polygon) throws -> OpaquePointer {
        if polygon.exterior.isEmpty {
            guard polygon.holes.isEmpty else {
                throw GEOSError.conversionFailed("Polygon: holes without an exterior ring")
            }
            // NULL on exception.
            guard let empty = GEOSGeom_createEmptyPolygon_r(handle) else { throw failed("Polygon") }
            return empty
        }
        let shell = try ring(polygon.exterior)
        var holes: [OpaquePointer?] = []
        holes.reserveCapacity(polygon.holes.count)
        do {
            for hole in polygon.holes { holes.append(try ring(hole)) }
        } catch {
            destroy([shell] + holes.compactMap { $0 })
            throw error
        }
        // Takes the shell and the holes (not the array), even on failure; NULL on exception.
        let result = holes.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createPolygon_r(handle, shell, buffer.baseAddress, UInt32(buffer.count))
        }
        guard let result else { throw failed("Polygon") }
        return result
    }

    private func collection<T>(
        _ type: Int32, _ members: [T], _ name: String, _ make: (T) throws -> OpaquePointer
    ) throws -> OpaquePointer {
        var parts: [OpaquePointer?] = []
        parts.reserveCapacity(members.count)
        do {
            for member in members { parts.append(try make(member)) }
        } catch {
            destroy(parts.compactMap { $0 })
            throw error
        }
        return try context.collection(type: type, taking: &parts, name)
    }

    // MARK: GEOS → value

    func value(_ g: OpaquePointer) throws -> Geometry {
        let type = GEOSGeomTypeId_r(handle, g)
        switch type {
        case -1: // exception
            throw failed("geometry type")
        case Int32(GEOS_POINT.rawValue):
            let coordinates = try self.coordinates(g)
            return coordinates.first.map(Geometry.point) ?? .multiPoint([])
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            return .lineString(LineString(unchecked: try coordinates(g)))
        case Int32(GEOS_POLYGON.rawValue):
            return .polygon(try polygon(g))
        case Int32(GEOS_MULTIPOINT.rawValue):
            return .multiPoint(try children(g).flatMap { try coordinates($0) })
        case Int32(GEOS_MULTILINESTRING.rawValue):
            return .multiLineString(try children(g).map { LineString(unchecked: try coordinates($0)) })
        case Int32(GEOS_MULTIPOLYGON.rawValue):
            return .multiPolygon(try children(g).map { try polygon($0) })
        case Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            return .collection(try children(g).map { try value($0) })
        default:
            throw GEOSError.conversionFailed("unsupported GEOS geometry type id \(type)")
        }
    }

    /// Borrowed pointers to the parts of a collection.
    private func children(_ g: OpaquePointer) throws -> [OpaquePointer] {
        let count = GEOSGetNumGeometries_r(handle, g)
        // -1 on exception.
        guard count >= 0 else { throw failed("number of geometries") }
        return try (0..<count).map { i in
            // Borrowed from g; NULL on exception.
            guard let child = GEOSGetGeometryN_r(handle, g, i) else { throw failed("geometry \(i)") }
            return child
        }
    }

    private func polygon(_ g: OpaquePointer) throws -> Polygon {
        // GEOSisEmpty_r: 2 on exception.
        switch GEOSisEmpty_r(handle, g) {
        case 1: return Polygon(unchecked: [])
        case 0: break
        default: throw failed("isEmpty")
        }
        // Borrowed from g; NULL on exception.
        guard let shell = GEOSGetExteriorRing_r(handle, g) else { throw failed("exterior ring") }
        let holeCount = GEOSGetNumInteriorRings_r(handle, g)
        // -1 on exception.
        guard holeCount >= 0 else { throw failed("number of interior rings") }
        let holes = try (0..<holeCount).map { i in
            // Borrowed from g; NULL on exception.
            guard let hole = GEOSGetInteriorRingN_r(handle, g, i) else { throw failed("interior ring \(i)") }
            return try coordinates(hole)
        }
        return Polygon(unchecked: try coordinates(shell), holes: holes)
    }

    /// The XY coordinates of a point, line string or ring, via `GEOSCoordSeq_copyToBuffer_r`.
    private func coordinates(_ g: OpaquePointer) throws -> [Coordinate] {
        // Borrowed from g; NULL on exception.
        guard let seq = GEOSGeom_getCoordSeq_r(handle, g) else { throw failed("coordinate sequence") }
        var size: UInt32 = 0
        // 0 on exception.
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) != 0 else { throw failed("coordinate sequence size") }
        if size == 0 { return [] }
        let count = Int(size)
        if Coordinate.isPackedXY {
            var ok = true
            let coordinates = [Coordinate](unsafeUninitializedCapacity: count) { buffer, initialized in
                // 0 on error; then nothing counts as initialised (Coordinate is trivial, nothing leaks).
                ok = buffer.withMemoryRebound(to: Double.self) { doubles in
                    GEOSCoordSeq_copyToBuffer_r(handle, seq, doubles.baseAddress, 0, 0) != 0
                }
                initialized = ok ? count : 0
            }
            guard ok else { throw failed("copy coordinates") }
            return coordinates
        }
        var doubles = [Double](repeating: 0, count: 2 * count)
        // 0 on error.
        guard GEOSCoordSeq_copyToBuffer_r(handle, seq, &doubles, 0, 0) != 0 else { throw failed("copy coordinates") }
        return (0..<count).map { Coordinate(lon: doubles[2 * $0], lat: doubles[2 * $0 + 1]) }
    }
}

extension GEOSContext {
    /// A collection of `type` made with `GEOSGeom_createCollection_r`, which takes every member
    /// (not the array) even when it fails. `parts` must be owned pointers; they are GEOS's afterwards.
    func collection(type: Int32, taking parts: inout [OpaquePointer?], _ name: String) throws -> OpaquePointer {
        let result = parts.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(handle, type, buffer.baseAddress, UInt32(buffer.count))
        }
        parts.removeAll()
        // NULL on exception.
        guard let result else {
            throw GEOSError.conversionFailed("\(name): \(takeErrorMessage() ?? "GEOS reported no message")")
        }
        return result
    }
}

extension Coordinate {
    /// Whether `[Coordinate]` storage is laid out as XYXY doubles (it is on every platform Swift
    /// supports; checked rather than assumed), so it can be handed to GEOS without copying.
    static let isPackedXY: Bool =
        MemoryLayout<Coordinate>.size == 2 * MemoryLayout<Double>.size
        && MemoryLayout<Coordinate>.stride == 2 * MemoryLayout<Double>.stride
        && MemoryLayout<Coordinate>.offset(of: \Coordinate.lon) == 0
        && MemoryLayout<Coordinate>.offset(of: \Coordinate.lat) == MemoryLayout<Double>.size
}
