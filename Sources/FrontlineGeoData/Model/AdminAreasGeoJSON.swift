import FrontlineGeometry

/// Reads GeoData/areas.geojson: one Feature per area with properties `iso`, `name`, `country`,
/// `officialKm2` and a (Multi)Polygon geometry.
enum AdminAreasGeoJSON {
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> [AdminArea] {
        // Filled in once the GeoJSON reader lands.
        return []
    }
}
