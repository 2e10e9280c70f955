import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// km² per side, overall, per admin area and per country, at one instant: what
/// `frontline control` prints.
public struct ControlSummary: Sendable {
    public struct AreaRow: Sendable {
        public let iso: String
        public let name: String
        public let sides: [Side: Double]

        /// The area as a region of the territory (``iso``).
        public var region: RegionID { RegionID(iso) }
    }

    /// One country's areas together: who holds how much of it.
    public struct CountryRow: Sendable {
        public let country: Country
        /// The km² of the country's areas in GeoData (all sides together).
        public let km2: Double
        public let sides: [Side: Double]

        /// The share of the country's official area (``Country/officialKm2``) `side` holds.
        public func share(_ side: Side) -> Double { (sides[side] ?? 0) / country.officialKm2 }
    }

    public let at: EventTime
    public let view: ControlView
    /// Over the areas reported (all of them, or the ones asked for); `outside` is not included.
    public let sides: [Side: Double]
    public let areas: [AreaRow]
    /// Each country all of whose areas are reported, in ``Territory/countries`` order.
    public let countries: [CountryRow]
    /// Territory drawn beyond every admin area, per side; empty when there is none.
    public let outside: [Side: Double]

    /// A summary from figures already known (a chart's rows, a test's).
    public init(at: EventTime, view: ControlView, sides: [Side: Double], areas: [AreaRow] = [],
                countries: [CountryRow] = [], outside: [Side: Double] = [:]) {
        self.at = at
        self.view = view
        self.sides = sides
        self.areas = areas
        self.countries = countries
        self.outside = outside
    }

    /// Summarises `map`; with `selection`, only its areas (and no `outside`).
    public init(map: ControlMap, territory: Territory, selection: AreaSelection? = nil) {
        at = map.at
        view = map.view
        var rows: [AreaRow] = []
        var total: [Side: Double] = [:]
        var byCountry: [String: [Side: Double]] = [:]
        var reported: [String: Int] = [:]
        for index in territory.areas.indices where selection.covers(index) {
            let sides = map.km2BySide(region: index, cells: territory.cells)
            let area = territory.areas[index]
            rows.append(AreaRow(iso: area.iso, name: area.name, sides: sides))
            reported[area.country, default: 0] += 1
            for (side, km2) in sides {
                total[side, default: 0] += km2
                byCountry[area.country, default: [:]][side, default: 0] += km2
            }
        }
        sides = total
        areas = rows
        countries = territory.countries.compactMap { country in
            let count = territory.areas.lazy.filter { $0.country == country.code }.count
            guard reported[country.code] == count, let sides = byCountry[country.code] else { return nil }
            return CountryRow(country: country, km2: sides.values.reduce(0, +), sides: sides)
        }
        outside = selection == nil ? map.km2BySide(region: map.outsideIndex, cells: territory.cells) : [:]
    }

    /// The row of the country of `code`, when it is reported whole.
    public func country(_ code: String) -> CountryRow? { countries.first { $0.country.code == code } }
}
