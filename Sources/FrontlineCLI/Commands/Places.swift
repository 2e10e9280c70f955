import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

struct Places: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Look up the settlements and admin areas Frontline ships with, or add a settlement to the log.",
        subcommands: [Search.self, Areas.self, Add.self, Added.self, Retract.self]
    )
}

extension DatabaseOptions {
    /// Whether the log was named (`--db`, `$FRONTLINE_DB`) rather than left to the default.
    var isNamed: Bool {
        db != nil || !(ProcessInfo.processInfo.environment["FRONTLINE_DB"] ?? "").isEmpty
    }

    /// The shipped GeoData with the places added to the log that stand (``GeoData/adding(log:)``),
    /// for `places search`, which does not need a log: a log named (`--db`, `$FRONTLINE_DB`)
    /// must be one; at the default path, none means the shipped places alone, and one that
    /// cannot be read is said on stderr and left aside.
    func geoDataForLooking() throws -> GeoData {
        let embedded = try GeoData.embedded()
        if isNamed { return embedded.adding(log: try openForReading().addedPlaces()) }
        guard FileManager.default.fileExists(atPath: path) else { return embedded }
        do {
            return embedded.adding(log: try openForReading().addedPlaces())
        } catch {
            Output.tell("warning", "\(VisibleText.escaped(path)) (the default log) cannot be read, so its added places are not searched: \(error)")
            return embedded
        }
    }
}

/// The shipped GeoData with `store`'s added places that stand.
func geoData(of store: some EventStore) throws -> GeoData {
    try GeoData.embedded().adding(log: try store.addedPlaces())
}

/// The shipped territory with `store`'s added places that stand, each with its cell
/// (``Territory/embedded(addingPlacesOf:)``): what events are replayed on.
func territory(of store: some EventStore) throws -> Territory {
    try Territory.embedded(addingPlacesOf: store)
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

        @OptionGroup var database: DatabaseOptions

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
            let geoData = try database.geoDataForLooking()
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
                      + " A settlement the gazetteer lacks can be added (`frontline places add`) or recorded as an area.")
                return
            }
            let rows = matches.map { match -> [String] in
                let place = match.settlement
                let areaName = geoData.areaName(iso: place.areaISO) ?? ""
                let via = match.matchedName == place.name ? "" : "as \(match.matchedName)"
                return [String(place.id), place.name, place.areaISO, areaName,
                        AddedPlace.isAdded(place.id) ? "added" : place.population > 0 ? Output.grouped(place.population) : "—",
                        String(format: "%.5f", place.coordinate.lat), String(format: "%.5f", place.coordinate.lon), via]
            }
            print(Output.table(["ID", "NAME", "AREA", "", "POPULATION", "LAT", "LON", "MATCHED"], rows,
                               rightAligned: [0, 4, 5, 6]))
        }
    }

    /// `places search --json`: one object per place (a place added to the log has an id above
    /// 2000000000, and population 0: unknown).
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

extension Places {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a settlement the gazetteer lacks to the log, with its coordinates and source.",
            discussion: """
                The place is an entry of the log's hash chain (`verify` covers it), kept for good \
                unless retracted (`frontline places retract`). It resolves at once wherever a place \
                is named (record, import, events --place, places search) and gets its own territory: \
                its area is tessellated again with it (cached per set of added places). Its id is \
                the log's own, from 2000000001 up (GeoNames' ids lie below that). Strict: --area \
                must be an admin area's ISO code (`frontline places areas`), the point must lie \
                inside that area, at least 50 m from its other settlements, and no settlement of \
                the area may already answer to the name or an --alt (give a name that tells them \
                apart, or record against the one that exists). A name holds no comma and is not a \
                number. Prints what was added on stderr, its id on stdout.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockWait: LockWaitOptions

        @Argument(help: "The settlement's name (its official spelling).")
        var name: String

        @Option(help: ArgumentHelp("Latitude, decimal degrees (WGS84).", valueName: "degrees"))
        var lat: Double

        @Option(help: ArgumentHelp("Longitude, decimal degrees (WGS84).", valueName: "degrees"))
        var lon: Double

        @Option(help: ArgumentHelp("The admin area that holds it: an ISO 3166-2 code such as UA-23.", valueName: "ISO"))
        var area: String

        @Option(help: "Where the place and its coordinates come from (required).")
        var source: String

        @Option(name: .customLong("alt"), help: ArgumentHelp("Another spelling it resolves by (repeatable).", valueName: "name"))
        var alternates: [String] = []

        @Flag(help: "Print the place as JSON (the keys of `places added --json`, and km2).")
        var json = false

        func run() throws {
            let draft: PlaceDraft
            do {
                draft = try PlaceDraft(name: name, lat: lat, lon: lon, areaISO: area, source: source, alternateNames: alternates)
            } catch let error as EventFieldError {
                throw EventFieldError(error.problem, field: error.field.map { $0 == "name" ? "NAME" : "--" + $0 })
            }
            let embedded = try GeoData.embedded()
            // Checked before a log is made for it, then again in the log's write, against the
            // places the log holds then.
            do {
                try embedded.checkNewPlace(name: draft.name, alternates: draft.alternateNames, coordinate: draft.coordinate,
                                           areaISO: draft.areaISO)
            } catch let refused as PlaceRefused {
                throw Self.fieldError(refused)
            }
            let store = try database.open(wait: lockWait)
            let place: AddedPlace
            do {
                place = try store.addPlace(draft) { existing in
                    try embedded.adding(log: existing).checkNewPlace(
                        name: draft.name, alternates: draft.alternateNames, coordinate: draft.coordinate, areaISO: draft.areaISO)
                }
            } catch let refused as PlaceRefused {
                throw Self.fieldError(refused)
            }
            // Its territory, which also leaves the tessellation with it in the cache for the
            // next command.
            var km2: Double?
            do {
                let territory = try Territory.embedded(adding: try store.addedPlaces().filter { !$0.isRetracted }.map(\.settlement))
                km2 = territory.cells.first { $0.settlementID == place.id }?.km2
            } catch {
                Output.tell("warning", "place \(place.id) was added, but its territory could not be computed now: \(error)")
            }
            if json {
                try Output.printJSON(AddedPlaceJSON(place, km2: km2))
                return
            }
            let areaName = embedded.areaName(iso: place.areaISO) ?? place.areaISO
            let territory = km2.map { "; its territory: \(Output.km2($0)) km²" } ?? ""
            Output.tell("added", "\(place.name) (\(areaName), \(place.coordinate.lat), \(place.coordinate.lon)) as place \(place.id)\(territory)")
            print(place.id)
        }

        static func fieldError(_ refused: PlaceRefused) -> EventFieldError {
            let field = ["name": "NAME", "alt": "--alt", "area": "--area", "lat/lon": "--lat/--lon"][refused.field] ?? refused.field
            return EventFieldError(refused.problem, field: field)
        }
    }

    /// `places add --json` and `places added --json`: exactly these keys (`retraction` null for
    /// a place that stands; `km2` only from `places add`).
    struct AddedPlaceJSON: Encodable {
        let place: AddedPlace
        let km2: Double?
        let includeKm2: Bool

        init(_ place: AddedPlace, km2: Double?) {
            self.place = place
            self.km2 = km2
            includeKm2 = true
        }

        init(_ place: AddedPlace) {
            self.place = place
            km2 = nil
            includeKm2 = false
        }

        enum Keys: String, CodingKey { case id, name, area, lat, lon, source, alternates, recordedAt, sequence, retraction, km2 }
        enum RetractionKeys: String, CodingKey { case reason, recordedAt, sequence }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(place.id, forKey: .id)
            try c.encode(place.name, forKey: .name)
            try c.encode(place.areaISO, forKey: .area)
            try c.encode(place.coordinate.lat, forKey: .lat)
            try c.encode(place.coordinate.lon, forKey: .lon)
            try c.encode(place.source, forKey: .source)
            try c.encode(place.alternateNames, forKey: .alternates)
            try c.encode(place.recordedAt.iso8601, forKey: .recordedAt)
            try c.encode(place.sequence, forKey: .sequence)
            if let retraction = place.retraction {
                var r = c.nestedContainer(keyedBy: RetractionKeys.self, forKey: .retraction)
                try r.encode(retraction.reason, forKey: .reason)
                try r.encode(retraction.recordedAt.iso8601, forKey: .recordedAt)
                try r.encode(retraction.sequence, forKey: .sequence)
            } else {
                try c.encodeNil(forKey: .retraction)
            }
            if includeKm2 {
                if let km2 { try c.encode((km2 * 1000).rounded() / 1000, forKey: .km2) } else { try c.encodeNil(forKey: .km2) }
            }
        }
    }

    struct Added: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the places added to the log, retracted ones marked.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Print a JSON array of {\"id\", \"name\", \"area\", \"lat\", \"lon\", \"source\", \"alternates\", \"recordedAt\", \"sequence\", \"retraction\"}.")
        var json = false

        func run() throws {
            let places = FileManager.default.fileExists(atPath: database.path) || database.isNamed
                ? try database.openForReading().addedPlaces() : []
            if json {
                try Output.printJSON(places.map { AddedPlaceJSON($0) })
                return
            }
            guard !places.isEmpty else {
                Output.say("no places added (`frontline places add NAME --lat … --lon … --area ISO --source …` adds one)")
                return
            }
            Output.say(Output.table(["ID", "NAME", "AREA", "LAT", "LON", "ALSO", "SOURCE", "RECORDED", ""], places.map { place in
                [String(place.id), place.name, place.areaISO, String(place.coordinate.lat), String(place.coordinate.lon),
                 place.alternateNames.joined(separator: ", "), place.source, place.recordedAt.iso8601,
                 place.retraction.map { "retracted: \($0.reason)" } ?? ""]
            }, rightAligned: [0, 3, 4]))
        }
    }

    struct Retract: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Retract a place added to the log, with the reason: it no longer resolves and has no territory.",
            discussion: """
                The place stays in the log, marked retracted. Refused while events not retracted \
                name it: retract them first (`frontline retract ID --reason …`), so that no event \
                is left without its territory.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockWait: LockWaitOptions

        @Argument(help: "The added place's id (see `frontline places added`).")
        var id: Int

        @Option(help: "Why it is withdrawn (required).")
        var reason: String

        func run() throws {
            guard AddedPlace.isAdded(id) else {
                throw EventFieldError("\(id) is not an added place's id (those are above \(AddedPlace.firstID)): a GeoNames settlement cannot be retracted", field: "ID")
            }
            let store = try database.openExisting(wait: lockWait)
            let retraction = try store.retractPlace(id: id, reason: reason)
            let name = try store.addedPlaces().first { $0.id == id }?.name ?? ""
            Output.say("retracted place \(retraction.placeID) (\(name))")
        }
    }
}
