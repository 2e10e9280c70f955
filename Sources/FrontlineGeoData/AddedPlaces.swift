import Foundation
import FrontlineGeometry
import FrontlineSupport

/// Places a user added to a log (`frontline places add`), layered over the shipped GeoData: the
/// embedded gazetteer and areas stay as they are, and a GeoData with places added holds them as
/// settlements too (population 0: unknown), so that every command that resolves a name, or
/// gives a settlement its territory, sees them the same way.
extension GeoData {
    /// This GeoData with `places` added to its settlements (nothing changes when there are
    /// none). Its fingerprint is the base's with a digest of the added places, so the territory
    /// tessellated with them is cached once per set of added places. Adding to a GeoData that
    /// already has places added adds to its base.
    public func adding(_ places: [Settlement]) -> GeoData {
        guard !places.isEmpty else { return self }
        let root = base ?? self
        let added = addedPlaces + places
        var hash = FNV1a()
        for place in added {
            hash.add(Int64(place.id)); hash.add(place.name); hash.add(place.areaISO)
            hash.add(place.coordinate.lon); hash.add(place.coordinate.lat)
            for name in place.alternateNames { hash.add(name) }
            hash.add(Int64(-1))
        }
        return GeoData(records: root.records, settlements: root.settlements + added,
                       fingerprint: root.fingerprint + "+" + hash.hex, logistics: root.logisticsSource,
                       base: root, addedPlaces: added)
    }

    /// The least distance, in metres, between a new place and a settlement of its area: closer,
    /// it would be the same place, and its territory a sliver (at the same coordinates, none).
    public static let minimumPlaceSpacing = 50.0

    /// Checks that a place named `name` (and `alternates`) at `coordinate` can be added to area
    /// `areaISO` of this GeoData (with the places already added to the log): the area exists,
    /// the point lies inside its boundary, no settlement of the area already answers to the
    /// name or an alternate (a name must not shadow another, nor be shadowed), and none lies
    /// within ``minimumPlaceSpacing``. Throws ``PlaceRefused`` saying what to do instead.
    public func checkNewPlace(name: String, alternates: [String], coordinate: Coordinate, areaISO: String) throws {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        guard let record = records.first(where: { $0.iso == areaISO }) else {
            let hint = (try? gazetteer.areaISO(for: areaISO)).map { " (did you mean \($0)?)" } ?? ""
            throw PlaceRefused(field: "area", problem: "'\(VisibleText.escaped(areaISO))' is not an admin area's ISO code\(hint); `frontline places areas` lists them")
        }
        let point = "\(coordinate.lat), \(coordinate.lon)"
        func inside(_ geometry: Geometry) -> Bool { geometry.polygons.contains { PointInPolygon.contains($0, coordinate) } }
        if !inside(record.drawn) {
            let holder = records.first { inside($0.drawn) }
            let km = record.drawn.geodesicDistance(from: coordinate) / 1000
            let lies = holder.map { "lies in \($0.iso) (\($0.name))" } ?? "lies outside every admin area"
            throw PlaceRefused(field: "lat/lon", problem: "\(point) \(lies), \(fixed(km, 1)) km from \(record.iso) (\(record.name)): "
                + "check the coordinates (latitude first) and the area")
        }
        for spelling in [name] + alternates {
            let bearers = try gazetteer.search(spelling, area: areaISO, limit: .max)
                .filter { $0.quality <= .exactAlternate && $0.settlement.areaISO == areaISO }
            guard let clash = bearers.first?.settlement else { continue }
            let km = Geodesic.wgs84.distance(from: coordinate, to: clash.coordinate) / 1000
            let kind = addedPlaces.contains { $0.id == clash.id } ? "a place added to this log" : "a settlement"
            throw PlaceRefused(field: spelling == name ? "name" : "alt", problem:
                "'\(VisibleText.escaped(spelling))' already names \(kind) in \(record.iso) (\(record.name)): "
                + "\(VisibleText.escaped(clash.name)) (id \(clash.id), at \(fixed(clash.coordinate.lat, 5)), \(fixed(clash.coordinate.lon, 5)), "
                + "\(fixed(km, 1)) km from the new point). If it is the same place, record against it (--place \(clash.id)); "
                + "if it is another, give a name that tells the two apart (the name with its hromada or district, say), "
                + "so that neither shadows the other")
        }
        // A place's own name is taken before another place's other spelling (the gazetteer's
        // tiers): a new place named as a settlement elsewhere is spelled would take that
        // spelling from it wherever no oblast is given. (Where the name is a settlement's own
        // name too, the spelling already goes to that one, and the new place makes the name
        // ambiguous without its oblast, as namesakes are.)
        let bearers = try gazetteer.search(name, limit: .max)
        if !bearers.contains(where: { $0.quality == .exactName }),
           let other = bearers.first(where: { $0.quality == .exactAlternate })?.settlement {
            let otherArea = areaName(iso: other.areaISO) ?? other.areaISO
            throw PlaceRefused(field: "name", problem:
                "'\(VisibleText.escaped(name))' is another spelling of \(VisibleText.escaped(other.name)) (id \(other.id), \(otherArea)): "
                + "as the new place's own name it would take that spelling from \(VisibleText.escaped(other.name)) wherever no oblast "
                + "is given. Give the new place a name that tells the two apart (and --alt '\(VisibleText.escaped(name))': "
                + "it then needs its oblast, as namesakes do)")
        }
        let near = settlements.lazy.filter { $0.areaISO == areaISO }
            .map { ($0, Geodesic.wgs84.distance(from: coordinate, to: $0.coordinate)) }
            .filter { $0.1 < Self.minimumPlaceSpacing }.min { $0.1 < $1.1 }
        if let (place, metres) = near {
            throw PlaceRefused(field: "lat/lon", problem: "\(point) is \(fixed(metres, 0)) m from \(VisibleText.escaped(place.name)) (id \(place.id)): "
                + "the same place? Record against it (--place \(place.id)); a settlement needs its own point, at least "
                + "\(fixed(Self.minimumPlaceSpacing, 0)) m from any other of its area")
        }
    }
}

/// A place that cannot be added (``GeoData/checkNewPlace(name:alternates:coordinate:areaISO:)``):
/// which field, and why.
public struct PlaceRefused: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var problem: String

    public init(field: String, problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { "\(field): \(problem)" }
}
