import CGEOS

/// A geometry prepared for many fast predicate tests against it (`GEOSPrepare_r`): spatial
/// indexes over its edges are built lazily on first use.
///
/// Keeps its base ``GEOSGeometry`` (and so the context) alive; destroyed with
/// `GEOSPreparedGeom_destroy_r`. Not `Sendable`: GEOS builds the indexes lazily, so a prepared
/// geometry must not be used from two threads at once, even for reads.
public final class PreparedGeometry {
    /// The geometry that was prepared. It must not change while prepared; ``GEOSGeometry`` never does.
    public let base: GEOSGeometry
    /// The `const GEOSPreparedGeometry*`, owned by this wrapper.
    private let pointer: OpaquePointer

    /// Prepares `base` with `GEOSPrepare_r`.
    public init(_ base: GEOSGeometry) throws {
        // NULL on exception.
        guard let pointer = GEOSPrepare_r(base.context.handle, base.pointer) else { throw base.context.error("prepare") }
        self.base = base
        self.pointer = pointer
    }

    deinit {
        GEOSPreparedGeom_destroy_r(base.context.handle, pointer)
    }

    private func predicate(
        _ operation: String, _ other: GEOSGeometry,
        _ call: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> CChar
    ) throws -> Bool {
        base.checkContext(other, operation)
        switch call(base.context.handle, pointer, other.pointer) {
        case 1: return true
        case 0: return false
        default: throw base.context.error(operation) // 2: exception
        }
    }

    /// `GEOSPreparedContains_r`.
    public func contains(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedContains", other, GEOSPreparedContains_r) }
    /// `GEOSPreparedContainsProperly_r`: `other` lies in the interior, touching no boundary.
    public func containsProperly(_ other: GEOSGeometry) throws -> Bool {
        try predicate("preparedContainsProperly", other, GEOSPreparedContainsProperly_r)
    }
    /// `GEOSPreparedIntersects_r`.
    public func intersects(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedIntersects", other, GEOSPreparedIntersects_r) }
    /// `GEOSPreparedCovers_r`.
    public func covers(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedCovers", other, GEOSPreparedCovers_r) }
    /// `GEOSPreparedCoveredBy_r`.
    public func coveredBy(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedCoveredBy", other, GEOSPreparedCoveredBy_r) }
    /// `GEOSPreparedWithin_r`.
    public func within(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedWithin", other, GEOSPreparedWithin_r) }
    /// `GEOSPreparedDisjoint_r`.
    public func disjoint(_ other: GEOSGeometry) throws -> Bool { try predicate("preparedDisjoint", other, GEOSPreparedDisjoint_r) }

    /// Whether the coordinate lies in the interior (not on the boundary), via a temporary point
    /// and `GEOSPreparedContains_r` (GEOS 3.11 has no `GEOSPreparedContainsXY_r`).
    public func contains(_ c: Coordinate) throws -> Bool {
        try withPoint(c) { try predicate("preparedContains", $0, GEOSPreparedContains_r) }
    }

    /// Whether the coordinate lies in the geometry or on its boundary (`GEOSPreparedCovers_r`).
    public func covers(_ c: Coordinate) throws -> Bool {
        try withPoint(c) { try predicate("preparedCovers", $0, GEOSPreparedCovers_r) }
    }

    private func withPoint<T>(_ c: Coordinate, _ body: (GEOSGeometry) throws -> T) throws -> T {
        try body(GEOSGeometry(point: c, context: base.context))
    }
}
