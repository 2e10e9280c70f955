import ArgumentParser
import FrontlineGeoData
import FrontlineGeometry

struct Places: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up the settlements and admin areas Frontline ships with.",
        subcommands: [Search.self, Areas.self]
    )
}

extension Places {
    struct Search: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Find settlements by any spelling, best match first.",
            discussion: """
                QUERY is a name in any common spelling (Izium, Izyum, Ізюм), optionally with its \
                area ("Pavlivka, Donetsk"), or a GeoNames id. With an area, that area's places \
                come first, then the other areas'. No match is not an error: an empty result \
                (exit 0), with the nearest names for people.
                """
        )

        @Argument(help: "A place name, \"NAME, AREA\", or a GeoNames id.")
        var query: String

        @Option(help: "This admin area's places first (ISO 3166-2 code such as UA-63, or a name).")
        var area: String?

        @Option(help: "At most this many results.")
        var limit: Int = 10

        @Flag(help: "Print JSON for scripts.")
        var json = false

        func validate() throws {
            guard limit > 0 else { throw ValidationError("--limit must be at least 1") }
        }

        func run() throws {
            let geoData = try GeoData.embedded()
            let matches = try geoData.gazetteer.search(query, area: area, limit: limit)
            if json {
                try Output.printJSON(matches.map { PlaceJSON($0.settlement) })
                return
            }
            guard !matches.isEmpty else {
                let near = try geoData.gazetteer.nearest(query, area: area)
                let list = near.map { match in
                    let place = match.settlement
                    return "\(place.name) (\(geoData.areaName(iso: place.areaISO) ?? place.areaISO), id \(place.id))"
                }
                print("No settlement matches '\(VisibleText.escaped(query))'."
                      + (list.isEmpty ? "" : " Nearest names: \(list.joined(separator: ", ")).")
                      + " A settlement the gazetteer lacks can be recorded as an area.")
                return
            }
            let rows = matches.map { match -> [String] in
                let place = match.settlement
                let areaName = geoData.areaName(iso: place.areaISO) ?? ""
                let via = match.matchedName == place.name ? "" : "as \(match.matchedName)"
                return [String(place.id), place.name, place.areaISO, areaName,
                        place.population > 0 ? Output.grouped(place.population) : "—",
                        String(format: "%.5f", place.coordinate.lat), String(format: "%.5f", place.coordinate.lon), via]
            }
            print(Output.table(["ID", "NAME", "AREA", "", "POPULATION", "LAT", "LON", "MATCHED"], rows,
                               rightAligned: [0, 4, 5, 6]))
        }
    }

    /// `places search --json`: one object per place.
    struct PlaceJSON: Encodable {
        let id: Int
        let name: String
        let area: String
        let lat: Double
        let lon: Double
        let population: Int

        init(_ place: Settlement) {
            id = place.id
            name = place.name
            area = place.areaISO
            lat = place.coordinate.lat
            lon = place.coordinate.lon
            population = place.population
        }
    }
}

extension Places {
    struct Areas: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the admin areas with their geodesic areas (km², WGS84).")

        @Flag(help: "Print JSON for scripts.")
        var json = false

        @Flag(help: "Print the areas as an RFC 7946 GeoJSON FeatureCollection, with the same properties.")
        var geojson = false

        func validate() throws {
            guard !(json && geojson) else { throw ValidationError("--json and --geojson cannot be combined") }
        }

        func run() throws {
            let geoData = try GeoData.embedded()
            if json {
                try Output.printJSON(geoData.areas.map(AreaJSON.init))
                return
            }
            if geojson {
                let features = geoData.areas.map { area in
                    let p = AreaJSON(area)
                    return Feature(geometry: area.geometry, properties: [
                        "iso": .string(p.iso), "name": .string(p.name), "country": .string(p.country), "km2": .number(p.km2),
                    ])
                }
                try Output.write(GeoJSONWriter().write(FeatureCollection(features: features)))
                return
            }
            let rows = geoData.areas.map { area in
                [area.iso, area.name, area.country, Output.km2(area.km2), Output.km2(area.officialKm2),
                 String(format: "%+.1f%%", 100 * (area.km2 / area.officialKm2 - 1))]
            }
            print(Output.table(["ISO", "NAME", "COUNTRY", "KM2", "OFFICIAL KM2", "DIFF"], rows, rightAligned: [3, 4, 5]))
        }
    }

    /// `places areas --json`: one object per area.
    struct AreaJSON: Encodable {
        let iso: String
        let name: String
        let country: String
        let km2: Double

        init(_ area: AdminArea) {
            iso = area.iso
            name = area.name
            country = area.country
            km2 = (area.km2 * 1000).rounded() / 1000
        }
    }
}
