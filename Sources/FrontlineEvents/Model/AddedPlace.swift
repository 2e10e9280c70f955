import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// A settlement a user added to a log (`frontline places add`): an entry of the hash chain, like
/// an event, which events then record by its id as they record a GeoNames settlement.
///
/// Ids: an added place's id is ``firstID`` plus its number in the log (1, 2, …, in the order
/// added, retracted ones counted), so 2000000001, 2000000002, …. GeoNames ids lie below 13
/// million and grow by about 100,000 a year, so the two never meet; and any id from ``firstID``
/// up is an added place, never a GeoNames one. An added place's id is its log's own: another
/// log's 2000000001 may be another place.
public struct AddedPlace: Hashable, Sendable {
    /// Ids above this one are added places (``isAdded(_:)``).
    public static let firstID = Settlement.lastShippedID

    /// Whether `id` is in the added places' id space (above ``firstID``).
    public static func isAdded(_ id: Int) -> Bool { id > firstID }

    public var id: Int
    public var name: String
    public var coordinate: Coordinate
    /// ISO 3166-2 code of the admin area that holds it ("UA-23").
    public var areaISO: String
    /// Where the place and its coordinates come from.
    public var source: String
    /// Other spellings it resolves by.
    public var alternateNames: [String]
    public var recordedAt: EventTime
    /// The entry's position in the log's hash chain.
    public var sequence: Int64
    /// Set once the place is retracted: it then no longer resolves and has no territory.
    public var retraction: PlaceRetraction?

    public var isRetracted: Bool { retraction != nil }

    /// The place as a settlement of the gazetteer and the territory (population 0: unknown).
    public var settlement: Settlement {
        Settlement(id: id, name: name, coordinate: coordinate, population: 0, areaISO: areaISO, alternateNames: alternateNames)
    }

    public init(id: Int, name: String, coordinate: Coordinate, areaISO: String, source: String, alternateNames: [String],
                recordedAt: EventTime, sequence: Int64, retraction: PlaceRetraction? = nil) {
        self.id = id
        self.name = name
        self.coordinate = coordinate
        self.areaISO = areaISO
        self.source = source
        self.alternateNames = alternateNames
        self.recordedAt = recordedAt
        self.sequence = sequence
        self.retraction = retraction
    }
}

/// The retraction of an added place (`frontline places retract`): an entry of the chain.
public struct PlaceRetraction: Hashable, Sendable {
    public var placeID: Int
    public var reason: String
    public var recordedAt: EventTime
    public var sequence: Int64

    public init(placeID: Int, reason: String, recordedAt: EventTime, sequence: Int64) {
        self.placeID = placeID
        self.reason = reason
        self.recordedAt = recordedAt
        self.sequence = sequence
    }
}

/// A place as the user gives it, checked field by field (``init(name:lat:lon:areaISO:source:alternateNames:)``):
/// what the log checks before it asks GeoData whether the place fits (its area, its name).
public struct PlaceDraft: Hashable, Sendable {
    public var name: String
    public var coordinate: Coordinate
    public var areaISO: String
    public var source: String
    public var alternateNames: [String]

    /// Names and the source are trimmed; empty ones, control characters and overlong text are
    /// refused (the rules of an event's text, ``FieldRules``), as are coordinates off the globe.
    /// Alternates that repeat the name or each other are dropped. The area is upper-cased.
    public init(name: String, lat: Double, lon: Double, areaISO: String, source: String, alternateNames: [String] = []) throws {
        func text(_ value: String, _ field: String) throws -> String {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw EventFieldError("is required", field: field) }
            if let problem = FieldRules.problem(trimmed, as: .source) { throw EventFieldError(problem, field: field) }
            return trimmed
        }
        // What `--place` and a file's place column read as something else: "NAME, OBLAST" and
        // a GeoNames id.
        func spelling(_ value: String, _ field: String) throws -> String {
            let trimmed = try text(value, field)
            if trimmed.contains(",") {
                throw EventFieldError("'\(VisibleText.escaped(trimmed))' holds a comma, which separates a name from its oblast where places are named (\"Robotyne, Zaporizhzhia\")", field: field)
            }
            if Int(trimmed) != nil { throw EventFieldError("'\(trimmed)' is a number, which names a place by its id", field: field) }
            guard trimmed.count <= Gazetteer.maximumQueryLength else {
                throw EventFieldError("a name has at most \(Gazetteer.maximumQueryLength) characters", field: field)
            }
            return trimmed
        }
        self.name = try spelling(name, "name")
        guard lat.isFinite, (-90...90).contains(lat) else {
            throw EventFieldError("\(lat) is not a latitude (-90 to 90)", field: "lat")
        }
        guard lon.isFinite, (-180...180).contains(lon) else {
            throw EventFieldError("\(lon) is not a longitude (-180 to 180)", field: "lon")
        }
        coordinate = Coordinate(lon: lon, lat: lat)
        self.areaISO = try text(areaISO, "area").uppercased()
        self.source = try text(source, "source")
        var seen: Set<String> = [self.name.lowercased()]
        var alternates: [String] = []
        for alternate in alternateNames {
            let trimmed = try spelling(alternate, "alt")
            if seen.insert(trimmed.lowercased()).inserted { alternates.append(trimmed) }
        }
        self.alternateNames = alternates
    }
}

extension GeoData {
    /// This GeoData with the log's added places that stand (not retracted) as settlements
    /// (``GeoData/adding(_:)``).
    public func adding(log places: [AddedPlace]) -> GeoData {
        adding(places.filter { !$0.isRetracted }.map(\.settlement))
    }
}
