extension Geometry {
    /// The geometry with extra vertices on every segment longer than `maxDegrees` (in longitude
    /// or latitude), placed on the straight longitude/latitude line between the ends.
    ///
    /// RFC 7946 (§3.1.1) draws GeoJSON edges as straight lines in longitude/latitude, while
    /// geodesic measures follow the ellipsoid's shortest path between vertices. On long edges the
    /// two part by metres; densified, they agree, and a polygon clipped along its boundary
    /// measures the same as the pieces it is cut into.
    public func densified(maxDegrees: Double) -> Geometry {
        func path(_ cs: [Coordinate]) -> [Coordinate] {
            guard cs.count >= 2 else { return cs }
            var out: [Coordinate] = [cs[0]]
            out.reserveCapacity(cs.count)
            for (a, b) in zip(cs, cs.dropFirst()) {
                let steps = Int((max(abs(b.lon - a.lon), abs(b.lat - a.lat)) / maxDegrees).rounded(.up))
                if steps > 1 {
                    // Interpolate from the lesser end, so an edge shared by two polygons (walked
                    // a→b in one and b→a in the other) gets bit-identical points in both.
                    let forward = (a.lon, a.lat) < (b.lon, b.lat)
                    let (from, to) = forward ? (a, b) : (b, a)
                    var points = (1..<steps).map { i -> Coordinate in
                        let t = Double(i) / Double(steps)
                        return Coordinate(lon: from.lon + t * (to.lon - from.lon), lat: from.lat + t * (to.lat - from.lat))
                    }
                    if !forward { points.reverse() }
                    out.append(contentsOf: points)
                }
                out.append(b)
            }
            return out
        }
        func polygon(_ p: Polygon) -> Polygon { Polygon(unchecked: path(p.exterior), holes: p.holes.map(path)) }
        switch self {
        case .point, .multiPoint: return self
        case .lineString(let l): return .lineString(LineString(unchecked: path(l.coordinates)))
        case .multiLineString(let ls): return .multiLineString(ls.map { LineString(unchecked: path($0.coordinates)) })
        case .polygon(let p): return .polygon(polygon(p))
        case .multiPolygon(let ps): return .multiPolygon(ps.map(polygon))
        case .collection(let gs): return .collection(gs.map { $0.densified(maxDegrees: maxDegrees) })
        }
    }
}
