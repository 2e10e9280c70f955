import Foundation

/// The exact area on an ellipsoid of polygons as GeoJSON draws them.
///
/// RFC 7946 edges are straight lines in longitude/latitude, not geodesics. By Green's theorem
/// the area enclosed by a ring is ∮ S(φ) dλ, where
///
///     S(φ) = b²/2 · (sin φ / (1 − e² sin² φ) + artanh(e sin φ) / e)
///
/// is the ellipsoid's area between the equator and latitude φ per radian of longitude. Along a
/// straight edge λ is linear in φ, so each edge contributes Δλ · mean(S) over the edge, which a
/// 5-point Gauss–Legendre rule gives to rounding error (edges spanning more than half a degree
/// of latitude are split first). No densification is needed, and splitting an edge never
/// changes the total: settlement cells cut from an area add up to it.
///
/// Agrees with PROJ's geodesic area of the same polygons densified to a vertex every 0.00125°
/// to about 1e-9 (tested), and is ~300 times faster on Ukraine's oblasts.
public struct DrawnArea: Sendable {
    let b2: Double
    let e2: Double
    let e: Double

    public static let wgs84 = DrawnArea(equatorialRadius: 6_378_137, flattening: 1 / 298.257223563)

    public init(equatorialRadius a: Double, flattening f: Double) {
        let b = a * (1 - f)
        b2 = b * b
        e2 = f * (2 - f)
        e = e2.squareRoot()
    }

    /// S(φ) for φ in radians: m² per radian of longitude between the equator and φ.
    @inline(__always)
    func zone(_ phi: Double) -> Double {
        let x = sin(phi)
        return b2 / 2 * (x / (1 - e2 * x * x) + atanh(e * x) / e)
    }

    // 5-point Gauss–Legendre nodes and weights on [0, 1].
    private static let nodes: [Double] = [0.046910077030668, 0.230765344947158, 0.5, 0.769234655052842, 0.953089922969332]
    private static let weights: [Double] = [0.118463442528095, 0.239314335249683, 0.284444444444444, 0.239314335249683, 0.118463442528095]

    /// Signed area of a closed ring in m² (positive counter-clockwise).
    public func signedArea(_ ring: [Coordinate]) -> Double {
        guard ring.count >= 4 else { return 0 }
        let radians = Double.pi / 180
        var total = 0.0
        for i in 0..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            let dLon = (b.lon - a.lon) * radians
            guard dLon != 0 else { continue }
            let phi1 = a.lat * radians, dPhi = (b.lat - a.lat) * radians
            if dPhi == 0 {
                total -= dLon * zone(phi1)
                continue
            }
            // Half a degree of latitude per piece keeps the quadrature at rounding error.
            let pieces = max(1, Int((abs(b.lat - a.lat) / 0.5).rounded(.up)))
            var mean = 0.0
            for p in 0..<pieces {
                let start = phi1 + dPhi * Double(p) / Double(pieces)
                let span = dPhi / Double(pieces)
                var sum = 0.0
                for k in 0..<5 { sum += Self.weights[k] * zone(start + span * Self.nodes[k]) }
                mean += sum
            }
            total -= dLon * mean / Double(pieces)
        }
        return total
    }

    /// Area in m² of the polygons of `geometry` (exteriors minus holes, parts summed; orientation
    /// does not matter; overlapping parts count twice: union first). 0 for points and lines.
    public func area(of geometry: Geometry) -> Double {
        geometry.polygons.reduce(0) { total, polygon in
            total + polygon.holes.reduce(abs(signedArea(polygon.exterior))) { $0 - abs(signedArea($1)) }
        }
    }
}
