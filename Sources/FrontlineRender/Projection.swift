import Foundation
import FrontlineGeometry

/// Lambert azimuthal equal-area on the authalic sphere, centred on the map: areas on the page
/// are true to areas on the ground, which is what a map of territory won and lost must not
/// distort. Scaled and offset so the region fills the drawing.
struct MapProjection {
    static let radius = 6_371_007.2  // m, WGS84's authalic sphere
    let center: Coordinate
    private let sinPhi0: Double
    private let cosPhi0: Double
    /// Pixels per metre, and the page offset of the region's west/north edge.
    private(set) var scale = 1.0
    private var offsetX = 0.0
    private var offsetY = 0.0

    init(fitting box: BoundingBox, width: Double, height: Double, margin: Double) {
        center = Coordinate(lon: (box.minLon + box.maxLon) / 2, lat: (box.minLat + box.maxLat) / 2)
        sinPhi0 = sin(center.lat * .pi / 180)
        cosPhi0 = cos(center.lat * .pi / 180)
        // The box's outline, sampled, in projected metres.
        var xs: [Double] = [], ys: [Double] = []
        for i in 0...20 {
            let t = Double(i) / 20
            for c in [Coordinate(lon: box.minLon + (box.maxLon - box.minLon) * t, lat: box.minLat),
                      Coordinate(lon: box.minLon + (box.maxLon - box.minLon) * t, lat: box.maxLat),
                      Coordinate(lon: box.minLon, lat: box.minLat + (box.maxLat - box.minLat) * t),
                      Coordinate(lon: box.maxLon, lat: box.minLat + (box.maxLat - box.minLat) * t)] {
                let (x, y) = metres(c)
                xs.append(x)
                ys.append(y)
            }
        }
        let spanX = xs.max()! - xs.min()!, spanY = ys.max()! - ys.min()!
        scale = min((width - 2 * margin) / max(spanX, 1), (height - 2 * margin) / max(spanY, 1))
        offsetX = margin + ((width - 2 * margin) - spanX * scale) / 2 - xs.min()! * scale
        offsetY = margin + ((height - 2 * margin) - spanY * scale) / 2 + ys.max()! * scale
    }

    /// Projected metres east and north of the centre.
    func metres(_ c: Coordinate) -> (Double, Double) {
        let phi = c.lat * .pi / 180, dLambda = (c.lon - center.lon) * .pi / 180
        let k = (2 / (1 + sinPhi0 * sin(phi) + cosPhi0 * cos(phi) * cos(dLambda))).squareRoot()
        return (Self.radius * k * cos(phi) * sin(dLambda),
                Self.radius * k * (cosPhi0 * sin(phi) - sinPhi0 * cos(phi) * cos(dLambda)))
    }

    /// Page coordinates (pixels, y down).
    func page(_ c: Coordinate) -> (x: Double, y: Double) {
        let (x, y) = metres(c)
        return (offsetX + x * scale, offsetY - y * scale)
    }
}
