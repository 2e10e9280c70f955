import FrontlineGeometry

/// A populated place from GeoNames, placed in one of GeoData's admin areas.
public struct Settlement: Hashable, Sendable, Identifiable {
    /// Ids above this one are places a user added to a log (`frontline places add`), numbered by
    /// the log; GeoNames' ids stay far below it.
    public static let lastShippedID = 2_000_000_000

    /// Whether a user added this place to a log rather than GeoData shipping it.
    public var isAdded: Bool { id > Settlement.lastShippedID }

    /// The GeoNames id: stable across releases, and what events record.
    public let id: Int
    public let name: String
    public let coordinate: Coordinate
    public let population: Int
    /// ISO 3166-2 code of the admin area holding the place ("UA-63").
    public let areaISO: String
    /// Other spellings, Latin and Cyrillic, as GeoNames lists them.
    public let alternateNames: [String]

    public init(id: Int, name: String, coordinate: Coordinate, population: Int, areaISO: String, alternateNames: [String]) {
        self.id = id
        self.name = name
        self.coordinate = coordinate
        self.population = population
        self.areaISO = areaISO
        self.alternateNames = alternateNames
    }
}
