import CGEOS

// Every geometry-returning GEOS function here returns NULL on exception; `owned(_:_:)` throws then.

extension GEOSGeometry {
    /// The area within `distance` (planar, in degrees) of the geometry, from `GEOSBuffer_r`.
    /// A negative distance shrinks polygons; `buffer(0)` is a classic (lossy) repair — prefer ``makeValid()``.
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> GEOSGeometry {
        try owned("buffer", GEOSBuffer_r(handle, pointer, distance, Int32(clamping: quadrantSegments)))
    }

    /// The boundary (rings of a polygon as lines, end points of a line), from `GEOSBoundary_r`.
    public func boundary() throws -> GEOSGeometry {
        try owned("boundary", GEOSBoundary_r(handle, pointer))
    }

    /// Lines sewn together where they meet end to end, from `GEOSLineMerge_r`.
    public func lineMerge() throws -> GEOSGeometry {
        try owned("lineMerge", GEOSLineMerge_r(handle, pointer))
    }

    /// The part inside `box`, from `GEOSClipByRect_r` (much faster than an intersection with a
    /// rectangle; lines lying on the box edge may be kept or dropped).
    ///
    /// GEOS does not guarantee a result, nor a valid one. On real maps a ring that runs along
    /// the box can come back self-intersecting (6 of the 7,767 clips of a replay of the shared
    /// DeepState archive), and a valid sliver a few metres wide can make it throw ("Invalid
    /// number of points in LinearRing found 3", ISW's map of 2023-06-01; GEOS 3.14 too). Both are
    /// fixtures in the tests' GEOS/Robustness. Then the part is made again by the overlay
    /// (``intersection(_:)`` with the box), whose result is valid; of a polygonal geometry only
    /// the polygons are kept (``polygonalPart()``), since a clip feeds overlays and predicates,
    /// which need valid input of one dimension. Counted in ``GEOSContext/robustFallbacks``.
    public func clip(to box: BoundingBox) throws -> GEOSGeometry {
        // NULL on exception.
        if let result = GEOSClipByRect_r(handle, pointer, box.minLon, box.minLat, box.maxLon, box.maxLat) {
            let clipped = GEOSGeometry(owning: result, context: context)
            if try clipped.isValid { return clipped }
        } else {
            context.clearErrors()
        }
        context.robustFallbacks += 1
        let cut = try intersection(GEOSGeometry(box: box, context: context))
        return try kind.isPolygonal ? cut.polygonalPart() : cut
    }

    /// The polygons of the geometry: itself when polygonal, the union of a collection's polygons
    /// (an overlay's result can carry stray lines and points where boundaries touch), else an
    /// empty MultiPolygon.
    public func polygonalPart() throws -> GEOSGeometry {
        let kind = try self.kind
        if kind.isPolygonal { return self }
        guard kind == .geometryCollection else { return try GEOSGeometry(.multiPolygon([]), context: context) }
        var polygons: [GEOSGeometry] = []
        for part in try geometries() where try part.kind.isPolygonal {
            polygons.append(try part.clone())
        }
        return polygons.isEmpty ? try GEOSGeometry(.multiPolygon([]), context: context)
            : try GEOSGeometry.unaryUnion(polygons, context: context)
    }

    /// The bounding rectangle as a geometry (a point or line when degenerate), from `GEOSEnvelope_r`.
    public func envelope() throws -> GEOSGeometry {
        try owned("envelope", GEOSEnvelope_r(handle, pointer))
    }

    /// The planar centroid (POINT EMPTY for an empty geometry), from `GEOSGetCentroid_r`.
    /// It may lie outside a concave polygon; see ``pointOnSurface()``.
    public func centroid() throws -> GEOSGeometry {
        try owned("centroid", GEOSGetCentroid_r(handle, pointer))
    }

    /// A point guaranteed to lie on the geometry (inside a polygon), from `GEOSPointOnSurface_r`.
    public func pointOnSurface() throws -> GEOSGeometry {
        try owned("pointOnSurface", GEOSPointOnSurface_r(handle, pointer))
    }

    /// A copy in normal form (ordered parts, rings starting at their least point, exterior
    /// clockwise as GEOS normalises), from `GEOSGeom_clone_r` then `GEOSNormalize_r` on the copy.
    public func normalized() throws -> GEOSGeometry {
        let copy = try clone()
        // GEOSNormalize_r returns -1 on exception, 0 on success.
        guard GEOSNormalize_r(handle, copy.pointer) == 0 else { throw context.error("normalize") }
        return copy
    }

    /// Simplified with Douglas–Peucker without changing topology (no new self-intersections,
    /// holes stay inside), from `GEOSTopologyPreserveSimplify_r`. `tolerance` is planar (degrees).
    public func simplify(tolerance: Double) throws -> GEOSGeometry {
        try owned("topologyPreserveSimplify", GEOSTopologyPreserveSimplify_r(handle, pointer, tolerance))
    }

    /// Coordinates snapped to a grid of `gridSize` (degrees), from `GEOSGeom_setPrecision_r`.
    /// The default mode (`GEOS_PREC_VALID_OUTPUT`) keeps the result valid, dropping collapsed
    /// parts; `keepCollapsed` keeps collapsed lines (`GEOS_PREC_KEEP_COLLAPSED`).
    ///
    /// GEOS 3.11 can throw on a valid sliver that collapses on the grid ("TopologyException:
    /// unable to assign free hole to a shell", DeepState's change of 2023-01-01 to 2023-06-01;
    /// a fixture in the tests' GEOS/Robustness; GEOS 3.14 answers POLYGON EMPTY). Then each
    /// vertex is snapped on its own (`GEOS_PREC_NO_TOPO`) and the result made valid
    /// (``makeValid()``, collapsed parts dropped): valid, as the mode promises. Counted in
    /// ``GEOSContext/robustFallbacks``.
    public func setPrecision(gridSize: Double, keepCollapsed: Bool = false) throws -> GEOSGeometry {
        let flags = keepCollapsed ? GEOS_PREC_KEEP_COLLAPSED.rawValue : GEOS_PREC_VALID_OUTPUT.rawValue
        // NULL on exception.
        if let result = GEOSGeom_setPrecision_r(handle, pointer, gridSize, Int32(flags)) {
            return GEOSGeometry(owning: result, context: context)
        }
        let first = context.error("setPrecision")
        guard !keepCollapsed else { throw first }
        context.robustFallbacks += 1
        // NULL on exception.
        guard let pointwise = GEOSGeom_setPrecision_r(handle, pointer, gridSize, Int32(GEOS_PREC_NO_TOPO.rawValue)) else {
            _ = context.takeErrorMessage()
            throw first
        }
        return try GEOSGeometry(owning: pointwise, context: context).makeValid()
    }
}

extension Geometry {
    /// `GEOSBuffer_r` in a fresh context (planar distance, in degrees).
    public func buffer(_ distance: Double, quadrantSegments: Int = 8) throws -> Geometry {
        try viaGEOS { try $0.buffer(distance, quadrantSegments: quadrantSegments) }
    }

    /// `GEOSBoundary_r` in a fresh context.
    public func boundary() throws -> Geometry { try viaGEOS { try $0.boundary() } }

    /// `GEOSLineMerge_r` in a fresh context.
    public func lineMerge() throws -> Geometry { try viaGEOS { try $0.lineMerge() } }
}
