import Foundation
import FrontlineGeometry

/// The spherical azimuthal equidistant projection around a centre (Snyder, *Map Projections —
/// A Working Manual*, USGS PP 1395, §25): distances and directions from the centre are true, and
/// within an oblast (a few hundred km) other distances are off by well under 1 %. That is what
/// nearest-settlement cells need; raw longitude/latitude would stretch them east–west by
/// 1/cos(latitude), about 1.55 at Kharkiv.
struct AzimuthalEquidistant {
    let center: Coordinate
    /// Mean Earth radius (IUGG), in metres.
    static let radius = 6_371_008.8
    private let sinLat0: Double, cosLat0: Double

    init(center: Coordinate) {
        self.center = center
        sinLat0 = sin(center.lat * .pi / 180)
        cosLat0 = cos(center.lat * .pi / 180)
    }

    /// Longitude/latitude to metres east (`lon`) and north (`lat`) of the centre.
    func forward(_ c: Coordinate) -> Coordinate {
        let phi = c.lat * .pi / 180
        let dLambda = (c.lon - center.lon) * .pi / 180
        let cosC = sinLat0 * sin(phi) + cosLat0 * cos(phi) * cos(dLambda)
        let angle = acos(max(-1, min(1, cosC)))
        let k = angle < 1e-12 ? 1 : angle / sin(angle)
        return Coordinate(lon: Self.radius * k * cos(phi) * sin(dLambda),
                          lat: Self.radius * k * (cosLat0 * sin(phi) - sinLat0 * cos(phi) * cos(dLambda)))
    }

    /// Metres east/north of the centre back to longitude/latitude.
    func inverse(_ p: Coordinate) -> Coordinate {
        let rho = (p.lon * p.lon + p.lat * p.lat).squareRoot()
        guard rho > 1e-9 else { return center }
        let angle = rho / Self.radius
        let phi = asin(cos(angle) * sinLat0 + p.lat * sin(angle) * cosLat0 / rho)
        let lambda = center.lon * .pi / 180
            + atan2(p.lon * sin(angle), rho * cosLat0 * cos(angle) - p.lat * sinLat0 * sin(angle))
        return Coordinate(lon: lambda * 180 / .pi, lat: phi * 180 / .pi)
    }
}
