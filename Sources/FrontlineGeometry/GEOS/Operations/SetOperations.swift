import CGEOS
import Foundation
import FrontlineSupport

// Overlays are GEOS 3.11's OverlayNG, which already retries a floating-point noding that fails
// with snapping, then with snap-rounding at the inputs' own precision. Should one still throw,
// it is done once more with snap-rounding on a fixed grid of ``GEOSGeometry/robustGridSize``
// degrees (the `…Prec_r` functions), which cannot fail and gives a valid result whose
// vertices lie on the grid. The grid moves a vertex by at most half a step (under a
// millimetre), far below what a map is drawn to; every fallback is counted in
// ``GEOSContext/robustFallbacks``.

extension GEOSGeometry {
    /// The grid (degrees, about 1.1 mm of latitude) of the fixed-precision fallback overlays.
    public static let robustGridSize = 1e-8

    /// `floating`, or on an exception `gridded` at ``robustGridSize``.
    private func overlay(_ operation: String, _ other: GEOSGeometry,
                         _ floating: (GEOSContextHandle_t, OpaquePointer, OpaquePointer) -> OpaquePointer?,
                         _ gridded: (GEOSContextHandle_t, OpaquePointer, OpaquePointer, Double) -> OpaquePointer?) throws -> GEOSGeometry {
        checkContext(other, operation)
        if let result = floating(handle, pointer, other.pointer) { return GEOSGeometry(owning: result, context: context) }
        let first = context.error(operation)
        context.robustFallbacks += 1
        guard let result = gridded(handle, pointer, other.pointer, Self.robustGridSize) else {
            _ = context.takeErrorMessage()
            throw first
        }
        return GEOSGeometry(owning: result, context: context)
    }

    /// The union with `other`, from `GEOSUnion_r` (`GEOSUnionPrec_r` should it fail).
    public func union(_ other: GEOSGeometry) throws -> GEOSGeometry {
        // NULL on exception (as for every geometry-returning GEOS function below).
        try overlay("union", other, GEOSUnion_r, GEOSUnionPrec_r)
    }

    /// The intersection with `other`, from `GEOSIntersection_r` (`GEOSIntersectionPrec_r` should it fail).
    public func intersection(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try overlay("intersection", other, GEOSIntersection_r, GEOSIntersectionPrec_r)
    }

    /// This geometry minus `other`, from `GEOSDifference_r` (`GEOSDifferencePrec_r` should it fail).
    public func difference(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try overlay("difference", other, GEOSDifference_r, GEOSDifferencePrec_r)
    }

    /// The parts in exactly one of the two, from `GEOSSymDifference_r` (`GEOSSymDifferencePrec_r`
    /// should it fail).
    public func symmetricDifference(_ other: GEOSGeometry) throws -> GEOSGeometry {
        try overlay("symmetricDifference", other, GEOSSymDifference_r, GEOSSymDifferencePrec_r)
    }

    /// The union of this geometry's parts (dissolving a collection), from `GEOSUnaryUnion_r`
    /// (`GEOSUnaryUnionPrec_r` should it fail).
    public func unaryUnion() throws -> GEOSGeometry {
        if let result = GEOSUnaryUnion_r(handle, pointer) { return GEOSGeometry(owning: result, context: context) }
        let first = context.error("unaryUnion")
        context.robustFallbacks += 1
        guard let result = GEOSUnaryUnionPrec_r(handle, pointer, Self.robustGridSize) else {
            _ = context.takeErrorMessage()
            throw first
        }
        return GEOSGeometry(owning: result, context: context)
    }

    /// The overlay ``intersection(_:)`` and the others fall back to, done directly: on the grid
    /// of `gridSize` degrees (`GEOSIntersectionPrec_r`), for tests and for measuring what the
    /// grid costs.
    public func intersection(_ other: GEOSGeometry, gridSize: Double) throws -> GEOSGeometry {
        checkContext(other, "intersectionPrec")
        return try owned("intersectionPrec", GEOSIntersectionPrec_r(handle, pointer, other.pointer, gridSize))
    }

    /// The union of many geometries at once (cascaded: fast for thousands of polygons).
    ///
    /// Clones every part (`GEOSGeom_clone_r`) into a GeometryCollection
    /// (`GEOSGeom_createCollection_r`, which takes ownership of its members, so the callers'
    /// geometries are never handed over), then calls `GEOSUnaryUnion_r`. Empty input gives
    /// GEOMETRYCOLLECTION EMPTY. All parts must belong to `context`.
    public static func unaryUnion(_ parts: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        let collection = try collection(parts, context: context)
        return try collection.unaryUnion()
    }

    /// The union of polygons, by buffering them together by zero (`GEOSBuffer_r`): the buffer
    /// builder nodes all the rings at once and keeps what lies inside any of them, where the
    /// cascaded union (``unaryUnion(_:context:)``) overlays pairs, and falls back to slower,
    /// snapping noders when DeepState's polygons meet along shared, nearly collinear edges:
    /// 4–8 times faster on those maps, with the same area to 1e-9 square degrees. Only for
    /// valid polygons (validate or repair first): a zero buffer of a self-intersecting ring
    /// keeps only part of it.
    public static func dissolve(_ polygons: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        try collection(polygons, context: context).buffer(0)
    }

    /// The union of polygons that form a coverage (they meet only along shared edges with the
    /// same vertices, like admin areas or settlement cells), from `GEOSCoverageUnion_r`: much
    /// faster than ``unaryUnion(_:context:)`` because shared edges are simply dropped instead of
    /// noded. Input that is not a coverage can give an invalid result, so the result is checked
    /// and the general union used instead when it is not valid.
    public static func coverageUnion(_ parts: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        guard parts.count > 1 else { return try unaryUnion(parts, context: context) }
        let collection = try collection(parts, context: context)
        if let pointer = GEOSCoverageUnion_r(context.handle, collection.pointer) {
            let union = GEOSGeometry(owning: pointer, context: context)
            if try Trace.measure("coverage union validity", { try union.isValid }) { return union }
            if Trace.enabled { FileHandle.standardError.write(Data("trace: coverage union invalid: \(try union.validityReason)\n".utf8)) }
        } else {
            _ = context.takeErrorMessage()  // not a coverage after all: fall back below
        }
        return try collection.unaryUnion()
    }

    /// Layers drawn one over the other, later over earlier: what each keeps visible (in the
    /// order given; empty where later layers cover it all). This is how a map's overlapping
    /// parts become overlap-free.
    public static func overlapFree(_ layers: [GEOSGeometry]) throws -> [GEOSGeometry] {
        var visible: [GEOSGeometry] = []
        var above: GEOSGeometry?
        for (index, layer) in layers.enumerated().reversed() {
            visible.append(try above.map { try layer.difference($0) } ?? layer)
            if index > 0 { above = try above.map { try $0.union(layer) } ?? layer }
        }
        return visible.reversed()
    }

    /// A GeometryCollection of clones of `parts`, from `GEOSGeom_clone_r` and `GEOSGeom_createCollection_r`.
    public static func collection(_ parts: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        try collect(parts, type: GEOS_GEOMETRYCOLLECTION, name: "GeometryCollection", context: context)
    }

    /// A MultiPolygon of clones of `polygons`, which must be Polygons with disjoint interiors
    /// (components of one valid polygonal geometry, say): no overlay, unlike a union.
    public static func multiPolygon(_ polygons: [GEOSGeometry], context: GEOSContext) throws -> GEOSGeometry {
        try collect(polygons, type: GEOS_MULTIPOLYGON, name: "MultiPolygon", context: context)
    }

    private static func collect(_ parts: [GEOSGeometry], type: GEOSGeomTypes, name: String, context: GEOSContext) throws -> GEOSGeometry {
        var clones: [OpaquePointer?] = []
        clones.reserveCapacity(parts.count)
        for part in parts {
            precondition(part.context === context, "GEOSGeometry.collection: part from a different GEOSContext")
            // NULL on exception.
            guard let clone = GEOSGeom_clone_r(context.handle, part.pointer) else {
                for made in clones { GEOSGeom_destroy_r(context.handle, made) }
                throw context.error("clone")
            }
            clones.append(clone)
        }
        let pointer = try context.collection(type: Int32(type.rawValue), taking: &clones, name)
        return GEOSGeometry(owning: pointer, context: context)
    }
}

extension Geometry {
    /// Runs `body` on GEOS copies of `self` and `other` in a fresh context and converts back.
    func viaGEOS(_ other: Geometry, _ body: (GEOSGeometry, GEOSGeometry) throws -> GEOSGeometry) throws -> Geometry {
        let context = try GEOSContext()
        return try body(GEOSGeometry(self, context: context), GEOSGeometry(other, context: context)).geometry()
    }

    /// Runs `body` on a GEOS copy of `self` in a fresh context and converts back.
    func viaGEOS(_ body: (GEOSGeometry) throws -> GEOSGeometry) throws -> Geometry {
        let context = try GEOSContext()
        return try body(GEOSGeometry(self, context: context)).geometry()
    }

    /// The union (`GEOSUnion_r`, fresh context per call: safe to call concurrently).
    public func union(_ other: Geometry) throws -> Geometry { try viaGEOS(other) { try $0.union($1) } }
    /// The intersection (`GEOSIntersection_r`).
    public func intersection(_ other: Geometry) throws -> Geometry { try viaGEOS(other) { try $0.intersection($1) } }
    /// The difference (`GEOSDifference_r`).
    public func difference(_ other: Geometry) throws -> Geometry { try viaGEOS(other) { try $0.difference($1) } }
    /// The symmetric difference (`GEOSSymDifference_r`).
    public func symmetricDifference(_ other: Geometry) throws -> Geometry {
        try viaGEOS(other) { try $0.symmetricDifference($1) }
    }

    /// The union of all `geometries` (`GEOSUnaryUnion_r` over one collection; fresh context).
    /// Empty input gives an empty collection.
    public static func unaryUnion(_ geometries: [Geometry]) throws -> Geometry {
        try Geometry.collection(geometries).viaGEOS { try $0.unaryUnion() }
    }
}
