/// A country GeoData has areas of, with the official area its figures are shares of.
///
/// GeoData need not hold the whole country: it ships Russia's five border oblasts only, and a
/// share of Russia is still a share of all of Russia (see ``officialKm2``).
public struct Country: Hashable, Sendable {
    /// ISO 3166-1 alpha-2 code: the `country` of its areas, and the side holding them before
    /// any event.
    public let code: String
    public let name: String
    /// The whole country's area as its statistics office publishes it, km²: what a `share`
    /// divides by.
    public let officialKm2: Double
    /// Where ``officialKm2`` comes from.
    public let source: String

    public init(code: String, name: String, officialKm2: Double, source: String) {
        self.code = code
        self.name = name
        self.officialKm2 = officialKm2
        self.source = source
    }

    /// Ukraine within its internationally recognised borders, Crimea and Sevastopol included
    /// (UN General Assembly resolution 68/262).
    public static let ukraine = Country(
        code: "UA", name: "Ukraine", officialKm2: 603_628,
        source: "State Statistics Service of Ukraine: 603,628 km², Crimea and Sevastopol included")

    /// Russia within its internationally recognised borders: Rosstat's figure from before 2014,
    /// without Crimea and Sevastopol (which count as Ukraine's).
    public static let russia = Country(
        code: "RU", name: "Russia", officialKm2: 17_098_246,
        source: "Rosstat: 17,098,246 km², without Crimea and Sevastopol")

    /// The countries Frontline knows the facts of, in the order reports list them.
    public static let known: [Country] = [.ukraine, .russia]
}

extension GeoData {
    /// The countries of GeoData's areas: the ``Country/known`` ones first, in their order, then
    /// any other (a test's theatre, say) by code, named by its code, with the official km² of
    /// its areas (their measured km² where GeoData has no official figure) as its area.
    public var countries: [Country] {
        var codes: [String] = []
        for area in areas where !codes.contains(area.country) { codes.append(area.country) }
        let known = Country.known.filter { codes.contains($0.code) }
        let others = codes.filter { code in !Country.known.contains { $0.code == code } }.sorted().map { code in
            let areas = self.areas.filter { $0.country == code }
            let official = areas.allSatisfy { $0.officialKm2 > 0 }
            let km2 = areas.reduce(0) { $0 + (official ? $1.officialKm2 : $1.km2) }
            return Country(code: code, name: code, officialKm2: km2,
                           source: official ? "the official km² of GeoData's areas" : "the km² of GeoData's areas")
        }
        return known + others
    }
}
