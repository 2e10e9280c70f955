import FrontlineGeometry

/// Checks for the geometry of an area event: a Polygon or MultiPolygon with every coordinate in
/// range. (Validity — self-intersections and the like — is checked and repaired with GEOS by
/// ``AreaCheck/prepare(_:)``.)
public enum AreaCheck {
    static func requirePolygonal(_ geometry: Geometry, field: String) throws {
        switch geometry {
        case .polygon, .multiPolygon: break
        default:
            throw EventStoreError.invalid(EventFieldError("an area must be a Polygon or MultiPolygon, not a \(geometry.typeName)", field: field))
        }
        guard !geometry.isEmpty else { throw EventStoreError.invalid(EventFieldError("the area is empty", field: field)) }
    }
}

extension AreaCheck {
    /// A checked area: the geometry to store and, when it had to be repaired, what was wrong.
    public struct Checked: Sendable {
        public var geometry: Geometry
        public var repair: String?
    }

    /// Checks an area as drawn: a non-empty Polygon or MultiPolygon (coordinates in range and
    /// rings closed are checked when it is read). An invalid one (self-intersecting, say) is
    /// repaired with GEOS's MakeValid, keeping its polygons, and the repair is reported.
    public static func prepare(_ geometry: Geometry) throws -> Checked {
        do { try requirePolygonal(geometry, field: "geometry") } catch EventStoreError.invalid(let error) { throw error }
        for c in geometry.allCoordinates where !c.isInRange {
            throw EventFieldError(GeometryError.coordinateOutOfRange(c).description)
        }
        return try repairIfInvalid(geometry)
    }
}
