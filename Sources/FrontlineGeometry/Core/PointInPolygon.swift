/// Even–odd point-in-polygon on longitude/latitude: a point on the boundary may fall either side.
/// Enough for deciding "inside, distance 0" in geodesic measures; topological predicates that
/// must be exact go through GEOS.
public enum PointInPolygon {
    public static func contains(_ polygon: Polygon, _ point: Coordinate) -> Bool {
        guard ringContains(polygon.exterior, point) else { return false }
        return !polygon.holes.contains { ringContains($0, point) }
    }

    public static func ringContains(_ ring: Ring, _ point: Coordinate) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i], b = ring[j]
            if (a.lat > point.lat) != (b.lat > point.lat) {
                let lonAtLat = a.lon + (point.lat - a.lat) / (b.lat - a.lat) * (b.lon - a.lon)
                if point.lon < lonAtLat { inside.toggle() }
            }
            j = i
        }
        return inside
    }
}
