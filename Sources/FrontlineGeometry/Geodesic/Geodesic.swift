import Foundation
import CProj

/// Measures on an ellipsoid with Karney's algorithms (PROJ's `geodesic.h`: the same code behind
/// pyproj's `Geod` and PostGIS `geography`). Results are in metres and square metres.
///
/// `geod_*` functions are reentrant: they read the `geod_geodesic` constants and write only their
/// outputs, so one value may be used from any number of threads.
public struct Geodesic: Sendable {
    private let geod: geod_geodesic

    /// WGS84: a = 6,378,137 m, f = 1/298.257223563.
    public static let wgs84 = Geodesic(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    /// An ellipsoid; calls `geod_init`.
    public init(equatorialRadius: Double, flattening: Double) {
        var g = geod_geodesic()
        geod_init(&g, equatorialRadius, flattening)
        geod = g
    }

    // MARK: Two points

    /// The geodesic between two points: its length and the azimuths (degrees clockwise from north)
    /// at each end; calls `geod_inverse`.
    public func inverse(from a: Coordinate, to b: Coordinate) -> (distance: Double, azimuth1: Double, azimuth2: Double) {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: geod) { geod_inverse($0, a.lat, a.lon, b.lat, b.lon, &s12, &azi1, &azi2) }
        return (s12, azi1, azi2)
    }

    /// Geodesic distance between two points, in metres.
    public func distance(from a: Coordinate, to b: Coordinate) -> Double {
        inverse(from: a, to: b).distance
    }

    /// The point `distance` metres from `start` along `azimuth` (degrees); calls `geod_direct`.
    public func destination(from start: Coordinate, azimuth: Double, distance: Double) -> Coordinate {
        var lat = 0.0, lon = 0.0, azi2 = 0.0
        withUnsafePointer(to: geod) { geod_direct($0, start.lat, start.lon, azimuth, distance, &lat, &lon, &azi2) }
        return Coordinate(lon: lon, lat: lat)
    }

    /// A polygon approximating the geodesic circle of `radius` metres around `center`, with
    /// `segments` vertices (counter-clockwise, closed).
    public func circle(center: Coordinate, radius: Double, segments: Int = 64) -> Polygon {
        let n = max(segments, 8)
        var ring = (0..<n).map { i in destination(from: center, azimuth: -360 * Double(i) / Double(n), distance: radius) }
        ring.append(ring[0])
        return Polygon(unchecked: ring)
    }

    // MARK: Areas and lengths

    /// Geodesic area in m²: exterior rings minus holes, parts summed; 0 for points and lines.
    /// Ring orientation does not matter. Overlapping parts are counted twice: union first.
    public func area(of geometry: Geometry) -> Double {
        geometry.polygons.reduce(0) { total, polygon in
            total + polygon.holes.reduce(ringArea(polygon.exterior)) { $0 - ringArea($1) }
        }
    }

    /// Sum of the polygon ring lengths in metres (exteriors and holes).
    public func perimeter(of geometry: Geometry) -> Double {
        geometry.polygons.reduce(0) { total, polygon in
            ([polygon.exterior] + polygon.holes).reduce(total) { $0 + pathLength($1) }
        }
    }

    /// Geodesic length in metres of the lines of a geometry; for polygons, of their rings.
    public func length(of geometry: Geometry) -> Double {
        switch geometry {
        case .point, .multiPoint: 0
        case .lineString, .multiLineString: geometry.lineStrings.reduce(0) { $0 + pathLength($1.coordinates) }
        case .polygon, .multiPolygon: perimeter(of: geometry)
        case .collection(let members): members.reduce(0) { $0 + length(of: $1) }
        }
    }

    /// Absolute area of one ring in m²; calls `geod_polygon_addpoint` and `geod_polygon_compute`.
    func ringArea(_ ring: Ring) -> Double {
        guard ring.count >= 4 else { return 0 }
        var polygon = geod_polygon()
        geod_polygon_init(&polygon, 0)
        var area = 0.0, perimeter = 0.0
        withUnsafePointer(to: geod) { g in
            // The closing vertex repeats the first; geod_polygon closes the ring itself.
            for c in ring.dropLast() { geod_polygon_addpoint(g, &polygon, c.lat, c.lon) }
            _ = geod_polygon_compute(g, &polygon, 0, 1, &area, &perimeter)
        }
        return abs(area)
    }

    func pathLength(_ coordinates: [Coordinate]) -> Double {
        zip(coordinates, coordinates.dropFirst()).reduce(0) { $0 + distance(from: $1.0, to: $1.1) }
    }

    // MARK: Point to geometry

    /// Shortest geodesic distance in metres from a point to a geometry: 0 inside a polygon,
    /// otherwise the distance to the nearest vertex or edge (edges are geodesics).
    ///
    /// Edges are first ranked with a local equirectangular estimate around `point`; only those
    /// within 10 % (plus 1 km) of the best estimate are measured exactly, by a golden-section
    /// search along the edge with `geod_inverseline`/`geod_position`.
    public func distance(from point: Coordinate, to geometry: Geometry) -> Double {
        if geometry.polygons.contains(where: { PointInPolygon.contains($0, point) }) { return 0 }
        var segments: [(Coordinate, Coordinate)] = []
        var vertices: [Coordinate] = []
        func addPath(_ path: [Coordinate]) {
            if path.count == 1 { vertices.append(path[0]) }
            segments.append(contentsOf: zip(path, path.dropFirst()).map { ($0, $1) })
        }
        switch geometry {
        case .point(let c): vertices.append(c)
        case .multiPoint(let cs): vertices.append(contentsOf: cs)
        default:
            geometry.lineStrings.forEach { addPath($0.coordinates) }
            geometry.polygons.forEach { p in ([p.exterior] + p.holes).forEach(addPath) }
            if case .collection(let members) = geometry {
                for case .point(let c) in members { vertices.append(c) }
                for case .multiPoint(let cs) in members { vertices.append(contentsOf: cs) }
            }
        }
        var best = vertices.map { distance(from: point, to: $0) }.min() ?? .infinity
        guard !segments.isEmpty else { return best }
        let local = LocalPlane(origin: point)
        let estimates = segments.map { local.distanceToSegment($0.0, $0.1) }
        let cutoff = (estimates.min() ?? .infinity) * 1.1 + 1_000
        for (segment, estimate) in zip(segments, estimates) where estimate <= cutoff {
            best = min(best, distance(from: point, toEdge: segment.0, segment.1))
        }
        return best
    }

    /// Distance from a point to the geodesic edge a–b, minimised along the edge.
    func distance(from point: Coordinate, toEdge a: Coordinate, _ b: Coordinate) -> Double {
        var line = geod_geodesicline()
        withUnsafePointer(to: geod) { geod_inverseline(&line, $0, a.lat, a.lon, b.lat, b.lon, 0) }
        let length = line.s13
        guard length > 0 else { return distance(from: point, to: a) }
        func at(_ s: Double) -> Double {
            var lat = 0.0, lon = 0.0, azi = 0.0
            withUnsafePointer(to: line) { geod_position($0, s, &lat, &lon, &azi) }
            return distance(from: point, to: Coordinate(lon: lon, lat: lat))
        }
        // Golden-section search: distance along a short geodesic is unimodal.
        let ratio = (5.0.squareRoot() - 1) / 2
        var lo = 0.0, hi = length
        var x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo)
        var f1 = at(x1), f2 = at(x2)
        while hi - lo > max(1e-4, length * 1e-12) {
            if f1 < f2 {
                hi = x2; x2 = x1; f2 = f1
                x1 = hi - ratio * (hi - lo); f1 = at(x1)
            } else {
                lo = x1; x1 = x2; f1 = f2
                x2 = lo + ratio * (hi - lo); f2 = at(x2)
            }
        }
        return min(f1, f2, at(0), at(length))
    }
}

/// An equirectangular plane around one point, in metres on a sphere of the WGS84 mean radius:
/// good to a few per cent within hundreds of km, used only to rank candidates before exact
/// geodesic measurement.
struct LocalPlane {
    let origin: Coordinate
    let metresPerDegreeLat = 6_371_008.8 * Double.pi / 180
    let metresPerDegreeLon: Double

    init(origin: Coordinate) {
        self.origin = origin
        metresPerDegreeLon = metresPerDegreeLat * cos(origin.lat * Double.pi / 180)
    }

    func project(_ c: Coordinate) -> (x: Double, y: Double) {
        var dLon = c.lon - origin.lon
        if dLon > 180 { dLon -= 360 } else if dLon < -180 { dLon += 360 }
        return (dLon * metresPerDegreeLon, (c.lat - origin.lat) * metresPerDegreeLat)
    }

    /// Planar distance from the origin to the segment a–b.
    func distanceToSegment(_ a: Coordinate, _ b: Coordinate) -> Double {
        let p = project(a), q = project(b)
        let dx = q.x - p.x, dy = q.y - p.y
        let lengthSquared = dx * dx + dy * dy
        let t = lengthSquared > 0 ? max(0, min(1, -(p.x * dx + p.y * dy) / lengthSquared)) : 0
        let x = p.x + t * dx, y = p.y + t * dy
        return (x * x + y * y).squareRoot()
    }
}
