import CGEOS

extension GEOSGeometry {
    /// Maps a GEOS predicate's `char` result: 1 true, 0 false, 2 exception (thrown with GEOS's message).
    func predicate(_ operation: String, _ other: GEOSGeometry, _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar) throws -> Bool {
        checkContext(other, operation)
        switch call(handle, pointer, other.pointer) {
        case 1: return true
        case 0: return false
        default: throw context.error(operation) // 2: exception
        }
    }

    /// Whether the geometries share any point, from `GEOSIntersects_r`.
    public func intersects(_ other: GEOSGeometry) throws -> Bool { try predicate("intersects", other, GEOSIntersects_r) }
    /// Whether `other` lies in this geometry with at least one interior point in common, from `GEOSContains_r`.
    public func contains(_ other: GEOSGeometry) throws -> Bool { try predicate("contains", other, GEOSContains_r) }
    /// Whether no point of `other` lies outside this geometry, from `GEOSCovers_r`.
    public func covers(_ other: GEOSGeometry) throws -> Bool { try predicate("covers", other, GEOSCovers_r) }
    /// Whether no point of this geometry lies outside `other`, from `GEOSCoveredBy_r`.
    public func coveredBy(_ other: GEOSGeometry) throws -> Bool { try predicate("coveredBy", other, GEOSCoveredBy_r) }
    /// The converse of ``contains(_:)``, from `GEOSWithin_r`.
    public func within(_ other: GEOSGeometry) throws -> Bool { try predicate("within", other, GEOSWithin_r) }
    /// Whether the geometries meet only on their boundaries, from `GEOSTouches_r`.
    public func touches(_ other: GEOSGeometry) throws -> Bool { try predicate("touches", other, GEOSTouches_r) }
    /// Whether the geometries share no point, from `GEOSDisjoint_r`.
    public func disjoint(_ other: GEOSGeometry) throws -> Bool { try predicate("disjoint", other, GEOSDisjoint_r) }
    /// Whether the interiors overlap in the same dimension, from `GEOSOverlaps_r`.
    public func overlaps(_ other: GEOSGeometry) throws -> Bool { try predicate("overlaps", other, GEOSOverlaps_r) }
    /// Whether the geometries cross, from `GEOSCrosses_r`.
    public func crosses(_ other: GEOSGeometry) throws -> Bool { try predicate("crosses", other, GEOSCrosses_r) }
    /// Whether the geometries are topologically equal (same point set), from `GEOSEquals_r`.
    public func topologicallyEquals(_ other: GEOSGeometry) throws -> Bool { try predicate("equals", other, GEOSEquals_r) }
    /// Whether the geometries are the same structure with the same coordinates in the same order
    /// (a comparison, no topology: linear in their size), from `GEOSEqualsExact_r` with tolerance 0.
    public func isIdentical(to other: GEOSGeometry) throws -> Bool {
        try predicate("equalsExact", other) { GEOSEqualsExact_r($0, $1, $2, 0) }
    }
}

extension Geometry {
    private func predicate(_ other: Geometry, _ body: (GEOSGeometry, GEOSGeometry) throws -> Bool) throws -> Bool {
        let context = try GEOSContext()
        return try body(GEOSGeometry(self, context: context), GEOSGeometry(other, context: context))
    }

    /// `GEOSContains_r` in a fresh context (safe to call concurrently). For many tests against
    /// one geometry use ``PreparedGeometry``.
    public func contains(_ other: Geometry) throws -> Bool { try predicate(other) { try $0.contains($1) } }
    /// `GEOSIntersects_r` in a fresh context.
    public func intersects(_ other: Geometry) throws -> Bool { try predicate(other) { try $0.intersects($1) } }
    /// `GEOSCovers_r` in a fresh context.
    public func covers(_ other: Geometry) throws -> Bool { try predicate(other) { try $0.covers($1) } }
}
