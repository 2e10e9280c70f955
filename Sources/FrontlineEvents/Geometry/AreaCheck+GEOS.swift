import FrontlineGeometry

extension AreaCheck {
    /// Validity through GEOS (`Geometry.isValid`, `validityReason`, `makeValid()`: GEOSisValid_r,
    /// GEOSisValidReason_r, GEOSMakeValid_r). A repair keeps only the polygons MakeValid returns
    /// (collapsed parts become lines, which an area cannot hold).
    static func repairIfInvalid(_ geometry: Geometry) throws -> Checked {
        let valid: Bool, reason: String
        do {
            valid = try geometry.isValid
            reason = valid ? "" : try geometry.validityReason
        } catch {
            throw EventFieldError("GEOS cannot read this area: \(error)")
        }
        if valid { return Checked(geometry: geometry, repair: nil) }
        let repaired: Geometry
        do { repaired = try geometry.makeValid() } catch {
            throw EventFieldError("is invalid (\(reason)) and could not be repaired: \(error)")
        }
        let polygons = repaired.polygons
        guard !polygons.isEmpty else {
            throw EventFieldError("is invalid (\(reason)) and has no area left once repaired")
        }
        let result: Geometry = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
        return Checked(geometry: result, repair: "invalid as drawn (\(reason)); repaired with MakeValid")
    }
}
