/// A position on the WGS84 ellipsoid in degrees, longitude first as in GeoJSON (RFC 7946 §3.1.1).
public struct Coordinate: Hashable, Sendable {
    public var lon: Double
    public var lat: Double

    public init(lon: Double, lat: Double) {
        self.lon = lon
        self.lat = lat
    }

    /// Whether the coordinate is finite and within [-180, 180] × [-90, 90].
    public var isInRange: Bool {
        lon.isFinite && lat.isFinite && (-180...180).contains(lon) && (-90...90).contains(lat)
    }
}

extension Coordinate: CustomStringConvertible {
    public var description: String { "(\(lon), \(lat))" }
}
