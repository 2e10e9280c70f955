import FrontlineGeometry

extension ControlEngine {
    /// Only the polygons of an overlay result (which can carry stray lines and points where
    /// boundaries touch).
    static func polygonal(_ geometry: GEOSGeometry, context: GEOSContext) throws -> GEOSGeometry {
        let kind = try geometry.kind
        if kind.isPolygonal { return geometry }
        guard kind == .geometryCollection else {
            return try GEOSGeometry(.multiPolygon([]), context: context)
        }
        var polygons: [GEOSGeometry] = []
        for part in try geometry.geometries() where try part.kind.isPolygonal {
            polygons.append(try part.clone())
        }
        return polygons.isEmpty ? try GEOSGeometry(.multiPolygon([]), context: context)
            : try GEOSGeometry.unaryUnion(polygons, context: context)
    }
}
