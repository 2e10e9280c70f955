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

    /// Shortest geodesic distance in metres from a point to a geometry: 0 inside a polygon
    /// (even–odd rule on longitude/latitude, ``PointInPolygon``), otherwise the distance to the
    /// nearest vertex or edge (edges are geodesics).
    ///
    /// Each edge gets a cheap, rigorous lower bound from 3-D chords (see ``ChordBound``); edges
    /// are then measured exactly in order of their bound, stopping as soon as the next bound is
    /// no better than the best distance found, so long lines far from the point stay fast.
    /// An exact edge distance is a golden-section search along the edge
    /// (`geod_inverseline` + `geod_position`) to 0.1 mm.
    public func distance(from point: Coordinate, to geometry: Geometry) -> Double {
        distance(from: point, to: geometry, prune: true)
    }

    /// `prune: false` measures every edge exactly (the reference for tests of the pruning).
    func distance(from point: Coordinate, to geometry: Geometry, prune: Bool) -> Double {
        if geometry.polygons.contains(where: { PointInPolygon.contains($0, point) }) { return 0 }
        var paths: [[Coordinate]] = []
        var vertices: [Coordinate] = []
        func collect(_ geometry: Geometry) {
            switch geometry {
            case .point(let c): vertices.append(c)
            case .multiPoint(let cs): vertices.append(contentsOf: cs)
            case .lineString(let line): paths.append(line.coordinates)
            case .multiLineString(let lines): paths.append(contentsOf: lines.map(\.coordinates))
            case .polygon(let p): paths.append(p.exterior); paths.append(contentsOf: p.holes)
            case .multiPolygon(let ps): for p in ps { paths.append(p.exterior); paths.append(contentsOf: p.holes) }
            case .collection(let members): members.forEach(collect)
            }
        }
        collect(geometry)
        for path in paths where path.count == 1 { vertices.append(path[0]) }

        // Candidates: isolated vertices (b == nil) and edges, each with a lower bound.
        let bound = ChordBound(point)
        var candidates: [(lowerBound: Double, a: Coordinate, b: Coordinate?)] = vertices.map { (bound.chord(to: $0), $0, nil) }
        for path in paths where path.count >= 2 {
            var previous = path[0]
            var previousChord = bound.chord(to: previous)
            var previousXYZ = bound.xyz(previous)
            for c in path.dropFirst() {
                let xyz = bound.xyz(c)
                let chord = bound.chord(xyz)
                candidates.append((bound.edgeLowerBound(previousChord, chord, previousXYZ, xyz), previous, c))
                previous = c
                previousChord = chord
                previousXYZ = xyz
            }
        }
        if prune { candidates.sort { $0.lowerBound < $1.lowerBound } }
        var best = Double.infinity
        for candidate in candidates {
            if prune && candidate.lowerBound >= best { break }
            let d = candidate.b.map { distance(from: point, toEdge: candidate.a, $0) } ?? distance(from: point, to: candidate.a)
            best = min(best, d)
        }
        return best
    }

    /// Distance from a point to the geodesic edge a–b, minimised along the edge.
    func distance(from point: Coordinate, toEdge a: Coordinate, _ b: Coordinate) -> Double {
        var line = geod_geodesicline()
        // caps 0 is GEOD_DISTANCE_IN | GEOD_LONGITUDE (plus latitude and azimuth): what geod_position needs.
        withUnsafePointer(to: geod) { geod_inverseline(&line, $0, a.lat, a.lon, b.lat, b.lon, 0) }
        let length = line.s13
        guard length > 0 else { return distance(from: point, to: a) }
        func at(_ s: Double) -> Double {
            var lat = 0.0, lon = 0.0, azi = 0.0
            withUnsafePointer(to: line) { geod_position($0, s, &lat, &lon, &azi) }
            return distance(from: point, to: Coordinate(lon: lon, lat: lat))
        }
        // Golden-section search: the distance from a point to a point moving along a geodesic
        // edge shorter than a quarter meridian is unimodal.
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

/// Cheap lower bounds for geodesic distances from one point, from straight 3-D chords between
/// points on the WGS84 ellipsoid (earth-centred coordinates, height 0).
///
/// - A geodesic is never shorter than the chord: `d(p, v) ≥ |P − V|`.
/// - For a point X on the geodesic edge A–B of length L, `|X − A| ≤ s` and `|X − B| ≤ L − s`,
///   so `|P − X| ≥ (|P − A| + |P − B| − L) / 2`.
/// - L is bounded above from the chord `c = |A − B|`: a geodesic's curvature in space is the
///   surface's normal curvature, at most 1 / (b²/a) (the meridian radius at the equator), and by
///   Schur's comparison theorem an arc whose curvature never exceeds 1/R is no longer than the
///   circular arc of radius R on the same chord, `2R·asin(c / 2R)`. Edges with chords over R
///   (thousands of km) get no bound (0) rather than rely on the comparison.
struct ChordBound {
    static let a = 6_378_137.0
    static let f = 1 / 298.257223563
    static let e2 = f * (2 - f)
    /// b²/a = a(1 − e²): the smallest radius of curvature on the ellipsoid.
    static let minimumRadius = a * (1 - e2)

    let p: (x: Double, y: Double, z: Double)

    init(_ point: Coordinate) { p = ChordBound.xyz(point) }

    static func xyz(_ c: Coordinate) -> (x: Double, y: Double, z: Double) {
        let phi = c.lat * .pi / 180, lambda = c.lon * .pi / 180
        let sinPhi = sin(phi), cosPhi = cos(phi)
        let n = a / (1 - e2 * sinPhi * sinPhi).squareRoot()
        return (n * cosPhi * cos(lambda), n * cosPhi * sin(lambda), n * (1 - e2) * sinPhi)
    }

    func xyz(_ c: Coordinate) -> (x: Double, y: Double, z: Double) { ChordBound.xyz(c) }

    static func chord(_ u: (x: Double, y: Double, z: Double), _ v: (x: Double, y: Double, z: Double)) -> Double {
        let dx = u.x - v.x, dy = u.y - v.y, dz = u.z - v.z
        return (dx * dx + dy * dy + dz * dz).squareRoot()
    }

    func chord(_ v: (x: Double, y: Double, z: Double)) -> Double { ChordBound.chord(p, v) }
    func chord(to c: Coordinate) -> Double { chord(xyz(c)) }

    /// A lower bound of the geodesic distance from the point to any point of the edge A–B,
    /// given the chords from the point to A and B. The 1e-9 relative slack covers rounding.
    func edgeLowerBound(_ chordA: Double, _ chordB: Double, _ a: (x: Double, y: Double, z: Double),
                        _ b: (x: Double, y: Double, z: Double)) -> Double {
        let c = ChordBound.chord(a, b)
        let r = ChordBound.minimumRadius
        guard c < r else { return 0 }
        let maximumLength = 2 * r * asin(c / (2 * r))
        return max(0, (chordA + chordB - maximumLength) / 2 * (1 - 1e-9) - 1e-6)
    }
}
