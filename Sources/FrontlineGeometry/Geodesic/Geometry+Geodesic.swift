/// Geodesic measures on WGS84 as properties of a geometry, named so they cannot be mistaken for
/// planar ones (GEOS measures are in square degrees). See ``Geodesic`` for the rules: holes are
/// subtracted, parts summed, overlapping parts counted twice (union first).
extension Geometry {
    /// ``Geodesic/area(of:)`` on WGS84, in m².
    public var geodesicArea: Double { Geodesic.wgs84.area(of: self) }

    /// ``Geodesic/area(of:)`` on WGS84, in km².
    public var geodesicAreaKm2: Double { Geodesic.wgs84.area(of: self) / 1e6 }

    /// km² on WGS84 of the polygons as GeoJSON draws them (edges straight in longitude/latitude,
    /// RFC 7946), exactly: see ``DrawnArea``. Frontline measures territory with this.
    public var drawnAreaKm2: Double { DrawnArea.wgs84.area(of: self) / 1e6 }

    /// ``Geodesic/length(of:)`` on WGS84, in metres (ring lengths for polygons).
    public var geodesicLength: Double { Geodesic.wgs84.length(of: self) }

    /// ``Geodesic/distance(from:to:)`` on WGS84, in metres (0 inside a polygon).
    public func geodesicDistance(from point: Coordinate) -> Double { Geodesic.wgs84.distance(from: point, to: self) }
}

extension GEOSGeometry {
    /// ``Geometry/drawnAreaKm2`` of this geometry: 0 when it is empty.
    public var drawnAreaKm2: Double {
        get throws { try isEmpty ? 0 : try geometry().drawnAreaKm2 }
    }
}
