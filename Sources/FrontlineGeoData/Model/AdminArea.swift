import FrontlineGeometry

/// A first-level administrative unit (an oblast, Crimea, a city with special status).
public struct AdminArea: Hashable, Sendable, Identifiable {
    /// ISO 3166-2 code, e.g. "UA-63" (Kharkiv Oblast) or "RU-BEL" (Belgorod Oblast).
    public let iso: String
    public let name: String
    /// ISO 3166-1 alpha-2 code of the country the area belongs to; this is also the side that
    /// holds the area before any event.
    public let country: String
    /// The area as published by the national statistics office, for comparison only.
    public let officialKm2: Double
    /// (Multi)polygon in WGS84 longitude/latitude, as drawn in GeoData/areas.geojson.
    public let geometry: Geometry
    /// Area of ``geometry`` on the WGS84 ellipsoid, in km² (``Geometry/drawnAreaKm2``).
    public let km2: Double

    public var id: String { iso }

    public init(iso: String, name: String, country: String, officialKm2: Double, geometry: Geometry, km2: Double) {
        self.iso = iso
        self.name = name
        self.country = country
        self.officialKm2 = officialKm2
        self.geometry = geometry
        self.km2 = km2
    }
}
