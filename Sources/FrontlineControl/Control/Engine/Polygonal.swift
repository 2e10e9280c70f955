import FrontlineGeometry

extension ControlEngine {
    /// Only the polygons of an overlay result (which can carry stray lines and points where
    /// boundaries touch).
    static func polygonal(_ geometry: GEOSGeometry, context: GEOSContext) throws -> GEOSGeometry {
        try geometry.polygonalPart()
    }
}
