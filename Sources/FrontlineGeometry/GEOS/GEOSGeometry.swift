import CGEOS

/// A geometry living in GEOS (`GEOSGeometry*`), for heavy computation that keeps geometries in
/// GEOS between steps (unions of thousands of polygons, Voronoi tessellation, clipping).
///
/// Ownership is explicit. An *owned* wrapper destroys its pointer with `GEOSGeom_destroy_r` in
/// `deinit`; a *borrowed* wrapper (from ``geometry(at:)``) points into a parent collection and
/// holds the parent strongly instead, so the child stays valid as long as the wrapper lives.
/// Every wrapper holds its ``GEOSContext`` strongly. Operations never mutate a geometry: they
/// return new, owned wrappers, so a borrowed child is safe to pass to any of them.
///
/// Not `Sendable`: a geometry belongs to its context's thread (see ``GEOSContext``). Convert to
/// a ``Geometry`` value with ``geometry()`` to cross threads. Binary operations require both
/// geometries to come from the same context.
public final class GEOSGeometry {
    /// The context this geometry was made in.
    public let context: GEOSContext
    /// The `GEOSGeometry*`. Borrowed for the caller: valid while this wrapper lives; never destroy it.
    package let pointer: OpaquePointer
    /// nil when this wrapper owns `pointer`; otherwise the collection `pointer` points into.
    private let parent: GEOSGeometry?

    /// Takes ownership of `pointer`: it is destroyed with `GEOSGeom_destroy_r` in `deinit`.
    init(owning pointer: OpaquePointer, context: GEOSContext) {
        self.pointer = pointer
        self.context = context
        self.parent = nil
    }

    /// Borrows `pointer`, a part of `parent`, which is kept alive instead of destroyed.
    init(borrowing pointer: OpaquePointer, parent: GEOSGeometry) {
        self.pointer = pointer
        self.context = parent.context
        self.parent = parent
    }

    deinit {
        if parent == nil { GEOSGeom_destroy_r(context.handle, pointer) }
    }

    /// Whether this wrapper owns its pointer (false for a child borrowed from a collection).
    public var isOwned: Bool { parent == nil }

    var handle: GEOSContextHandle_t { context.handle }

    /// Wraps the result of a GEOS function returning a new geometry, or throws with GEOS's message.
    /// Every `GEOSGeometry*`-returning GEOS function returns NULL on exception.
    func owned(_ operation: String, _ result: OpaquePointer?) throws -> GEOSGeometry {
        guard let result else { throw context.error(operation) }
        return GEOSGeometry(owning: result, context: context)
    }

    /// Checks that `other` was made in the same context: GEOS objects must not cross contexts.
    func checkContext(_ other: GEOSGeometry, _ operation: String) {
        precondition(other.context === context, "GEOSGeometry.\(operation): geometries from different GEOSContexts")
    }

    // MARK: Construction

    /// An independent, owned copy, made with `GEOSGeom_clone_r`.
    public func clone() throws -> GEOSGeometry {
        // GEOSGeom_clone_r returns NULL on exception.
        try owned("clone", GEOSGeom_clone_r(handle, pointer))
    }

    /// A point, made with `GEOSGeom_createPointFromXY_r`.
    public convenience init(point: Coordinate, context: GEOSContext) throws {
        // NULL on exception.
        guard let pointer = GEOSGeom_createPointFromXY_r(context.handle, point.lon, point.lat) else {
            throw context.error("createPointFromXY")
        }
        self.init(owning: pointer, context: context)
    }

    /// The box as a geometry, made with `GEOSGeom_createRectangle_r`: a polygon, or a line or a
    /// point when the box is degenerate.
    public convenience init(box: BoundingBox, context: GEOSContext) throws {
        // NULL on exception.
        guard let pointer = GEOSGeom_createRectangle_r(
            context.handle, box.minLon, box.minLat, box.maxLon, box.maxLat
        ) else { throw context.error("createRectangle") }
        self.init(owning: pointer, context: context)
    }

    // MARK: Structure

    /// The GEOS type name ("Point", "LinearRing", "Polygon", "GeometryCollection" …), from `GEOSGeomType_r`.
    public var typeName: String {
        get throws {
            // GEOSGeomType_r returns NULL on exception; the string is freed with GEOSFree_r.
            guard let name = GEOSGeomType_r(handle, pointer) else { throw context.error("geomType") }
            defer { GEOSFree_r(handle, name) }
            return String(cString: name)
        }
    }

    /// What kind of geometry GEOS holds: the geometry model's types (OGC Simple Features).
    public enum Kind: Sendable, Equatable {
        case point, lineString, linearRing, polygon, multiPoint, multiLineString, multiPolygon, geometryCollection

        /// A polygon or a multipolygon: something with area.
        public var isPolygonal: Bool { self == .polygon || self == .multiPolygon }
        /// A line string or a multi line string.
        public var isLineal: Bool { self == .lineString || self == .multiLineString }
    }

    /// The kind of this geometry, from its GEOS type id.
    public var kind: Kind {
        get throws {
            switch try typeID {
            case Int32(GEOS_POINT.rawValue): return .point
            case Int32(GEOS_LINESTRING.rawValue): return .lineString
            case Int32(GEOS_LINEARRING.rawValue): return .linearRing
            case Int32(GEOS_POLYGON.rawValue): return .polygon
            case Int32(GEOS_MULTIPOINT.rawValue): return .multiPoint
            case Int32(GEOS_MULTILINESTRING.rawValue): return .multiLineString
            case Int32(GEOS_MULTIPOLYGON.rawValue): return .multiPolygon
            case Int32(GEOS_GEOMETRYCOLLECTION.rawValue): return .geometryCollection
            case let id: throw GEOSError.operationFailed(operation: "geomTypeId", message: "unknown geometry type id \(id)")
            }
        }
    }

    /// The GEOS type id (`GEOSGeomTypes`), from `GEOSGeomTypeId_r`.
    var typeID: Int32 {
        get throws {
            let id = GEOSGeomTypeId_r(handle, pointer)
            // -1 on exception.
            guard id >= 0 else { throw context.error("geomTypeId") }
            return id
        }
    }

    /// The number of parts of a collection (1 for a single geometry), from `GEOSGetNumGeometries_r`.
    public var numberOfGeometries: Int {
        get throws {
            let count = GEOSGetNumGeometries_r(handle, pointer)
            // -1 on exception.
            guard count >= 0 else { throw context.error("getNumGeometries") }
            return Int(count)
        }
    }

    /// The `index`th part, from `GEOSGetGeometryN_r`, as a **borrowed** wrapper that keeps this
    /// geometry alive (no copy is made). Call ``clone()`` on it for an independent geometry.
    /// For a non-collection, index 0 is the geometry itself.
    public func geometry(at index: Int) throws -> GEOSGeometry {
        let count = try numberOfGeometries
        guard (0..<count).contains(index) else {
            throw GEOSError.operationFailed(operation: "getGeometryN", message: "index \(index) out of 0..<\(count)")
        }
        // GEOSGetGeometryN_r returns a pointer owned by this geometry, or NULL on exception.
        guard let child = GEOSGetGeometryN_r(handle, pointer, Int32(index)) else {
            throw context.error("getGeometryN")
        }
        return GEOSGeometry(borrowing: child, parent: self)
    }

    /// All parts, as borrowed wrappers (see ``geometry(at:)``).
    public func geometries() throws -> [GEOSGeometry] {
        try (0..<numberOfGeometries).map { try geometry(at: $0) }
    }
}

extension GEOSGeometry: CustomStringConvertible {
    /// The WKT, or a note that it could not be written.
    public var description: String {
        (try? wkt()) ?? "<GEOSGeometry: WKT unavailable>"
    }
}
