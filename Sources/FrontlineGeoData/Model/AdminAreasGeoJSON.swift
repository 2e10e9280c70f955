import FrontlineGeometry
import FrontlineJSON

/// Reads GeoData/areas.geojson: one Feature per area with properties `iso`, `name`, `country`,
/// `officialKm2` and a (Multi)Polygon geometry. The file is the tool's own, checked by the
/// GeoData build and by the tests, so validity is not re-checked at every start.
enum AdminAreasGeoJSON {
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> [AdminAreaRecord] {
        let document = try GeoJSONReader(repair: false, checkValidity: false).read(bytes, source: file)
        return try document.features.enumerated().map { index, feature in
            // Features are one per line after the opening line, so feature i is on line i + 2.
            func fail(_ field: String, _ problem: String) -> GeoDataError {
                .malformed(file: file, line: index + 2, field: field, problem: problem)
            }
            let properties = feature.properties ?? JSONObject()
            func text(_ key: String) throws -> String {
                guard let value = properties[key]?.stringValue, !value.isEmpty else { throw fail(key, "missing or not a string") }
                return value
            }
            guard let official = properties["officialKm2"]?.numberValue, official > 0 else {
                throw fail("officialKm2", "missing or not a positive number")
            }
            let drawn: Geometry
            switch feature.geometry {
            case .polygon(let polygon)?: drawn = .multiPolygon([polygon])
            case .multiPolygon(let polygons)?: drawn = .multiPolygon(polygons)
            default: throw fail("geometry", "expected a Polygon or MultiPolygon")
            }
            return AdminAreaRecord(iso: try text("iso"), name: try text("name"), country: try text("country"),
                                   officialKm2: official, drawn: drawn)
        }
    }
}

/// An area as the file has it, before it is measured.
struct AdminAreaRecord: Sendable {
    let iso: String
    let name: String
    let country: String
    let officialKm2: Double
    let drawn: Geometry

    /// The area with its km² on WGS84, measured as drawn (edges straight in lon/lat).
    func measured() -> AdminArea {
        AdminArea(iso: iso, name: name, country: country, officialKm2: officialKm2,
                  geometry: drawn, km2: drawn.drawnAreaKm2)
    }
}
