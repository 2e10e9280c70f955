import CGEOS

// Robustness. GEOS 3.11 answers the plain predicates through its topology graph (relate),
// which can throw a TopologyException ("side location conflict") on *valid* polygons whose
// edges nearly coincide: DeepState's hand-drawn maps, and the overlays made from them, have
// such edges in dozens of places along the front (in 2023–2025 a third of `change` windows
// over the shared archive failed this way). Where a predicate has an answer that needs no
// graph, it is asked again that way before anything is thrown: see ``intersects(_:)`` and
// ``covers(_:)``. The overlays have their own fallback (SetOperations.swift).

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

    /// A predicate whose graph-based answer may fail on valid input: on an exception, GEOS's
    /// message is set aside and `fallback` answers instead; should it fail too, the first
    /// error is thrown. Each fallback taken is counted (``GEOSContext/robustFallbacks``).
    func predicate(_ operation: String, _ other: GEOSGeometry,
                   _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar,
                   fallback: () throws -> Bool) throws -> Bool {
        let first: GEOSError
        do { return try predicate(operation, other, call) } catch let error as GEOSError { first = error }
        context.robustFallbacks += 1
        do { return try fallback() } catch { throw first }
    }

    /// Whether the geometries share any point, from `GEOSIntersects_r`.
    ///
    /// Should relate fail (see the notes at the top of this file), a prepared geometry answers
    /// (`GEOSPreparedIntersects_r`: segment intersections and point-in-polygon tests, no graph),
    /// and, should that fail too, the overlay does: the intersection is not empty.
    public func intersects(_ other: GEOSGeometry) throws -> Bool {
        try predicate("intersects", other, GEOSIntersects_r) {
            do { return try PreparedGeometry(self).intersects(other) } catch {
                return try !intersection(other).isEmpty
            }
        }
    }
    /// Whether no point of `other` lies outside this geometry, from `GEOSCovers_r`; should
    /// relate fail, from the overlay: nothing of `other` is left once this is taken away.
    public func covers(_ other: GEOSGeometry) throws -> Bool {
        try predicate("covers", other, GEOSCovers_r) { try other.difference(self).isEmpty }
    }
    /// Whether no point of this geometry lies outside `other`, from `GEOSCoveredBy_r` (as
    /// ``covers(_:)``, from the overlay should relate fail).
    public func coveredBy(_ other: GEOSGeometry) throws -> Bool {
        try predicate("coveredBy", other, GEOSCoveredBy_r) { try difference(other).isEmpty }
    }
    /// Whether the geometries share no point, from `GEOSDisjoint_r` (as ``intersects(_:)``,
    /// answered without relate should it fail).
    public func disjoint(_ other: GEOSGeometry) throws -> Bool {
        try predicate("disjoint", other, GEOSDisjoint_r) { try !intersects(other) }
    }
    /// Whether `other` lies in this geometry with at least one interior point in common, from `GEOSContains_r`.
    public func contains(_ other: GEOSGeometry) throws -> Bool { try predicate("contains", other, GEOSContains_r) }
    /// The converse of ``contains(_:)``, from `GEOSWithin_r`.
    public func within(_ other: GEOSGeometry) throws -> Bool { try predicate("within", other, GEOSWithin_r) }
    /// Whether the geometries meet only on their boundaries, from `GEOSTouches_r`.
    public func touches(_ other: GEOSGeometry) throws -> Bool { try predicate("touches", other, GEOSTouches_r) }
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
