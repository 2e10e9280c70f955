@testable import FrontlineGeometry
import SeededRandom

/// Helpers for the GEOS test suites.
enum GEOSTest {
    /// Value → GEOS → value.
    static func roundTrip(_ geometry: Geometry) throws -> Geometry {
        try GEOSGeometry(geometry, context: GEOSContext()).geometry()
    }

    /// Whether two numbers agree to a relative tolerance.
    static func close(_ a: Double, _ b: Double, relative: Double = 1e-9) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b), 1)
    }

    static func randomCoordinate(in box: BoundingBox, using rng: inout SplitMix64) -> Coordinate {
        Coordinate(
            lon: Double.random(in: box.minLon...box.maxLon, using: &rng),
            lat: Double.random(in: box.minLat...box.maxLat, using: &rng)
        )
    }
}
