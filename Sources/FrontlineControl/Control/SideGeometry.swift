import FrontlineEvents
import FrontlineGeometry

/// Each side's territory on a map as one (Multi)Polygon, and the front lines between them.
public struct SideGeometry {
    /// Side → its territory (GEOS), over the areas asked for (and `outside` when all are).
    public let territories: [String: GEOSGeometry]

    /// Unions each side's cells and pieces. An area held wholly by one side as whole cells is
    /// taken as the area polygon itself rather than the union of its cells (same territory,
    /// far fewer vertices to merge).
    public init(map: ControlMap, territory: Territory, areaIndex: Int? = nil) throws {
        var parts: [String: [GEOSGeometry]] = [:]
        for (region, control) in map.regions.enumerated() {
            if let areaIndex, region != areaIndex { continue }
            let sides = Set(control.fullCells.map(\.side))
            if region < territory.areas.count, control.pieces.isEmpty, sides.count == 1,
               control.fullCells.count == territory.cellsOfArea[region].count {
                parts[sides.first!, default: []].append(try territory.area(region))
                continue
            }
            for full in control.fullCells { parts[full.side, default: []].append(try territory.cell(full.cell)) }
            for piece in control.pieces { parts[piece.side, default: []].append(piece.geometry) }
        }
        territories = try parts.mapValues { try GEOSGeometry.unaryUnion($0, context: territory.context) }
    }

    /// A front line: where the territory of two different sides meets (`contested` counts as a
    /// side of its own), less international borders between GeoData's countries. Coasts never
    /// appear: the sea is nobody's territory.
    public struct FrontLine {
        /// The two sides, sorted.
        public let sides: [String]
        public let geometry: GEOSGeometry
        /// Geodesic length, km.
        public let km: Double
    }

    public func frontLines(territory: Territory) throws -> [FrontLine] {
        let context = territory.context
        let sides = territories.keys.sorted()
        let borders = try internationalBorders(territory)
        var lines: [FrontLine] = []
        for (i, a) in sides.enumerated() {
            let boundary = try territories[a]!.boundary()
            for b in sides[(i + 1)...] {
                let other = territories[b]!
                guard try boundary.intersects(other) else { continue }
                var shared = try Self.lineal(try boundary.intersection(other), context: context)
                if let borders, try shared.intersects(borders) { shared = try shared.difference(borders) }
                shared = try Self.lineal(shared, context: context)
                guard try !shared.isEmpty else { continue }
                let merged = try shared.lineMerge()
                let km = Geodesic.wgs84.length(of: try merged.geometry()) / 1000
                guard km > 0 else { continue }
                lines.append(FrontLine(sides: [a, b], geometry: merged, km: km))
            }
        }
        return lines
    }

    /// Borders between GeoData's countries, widened by ~1 m so that the same border reached by
    /// two overlay operations is removed whole.
    private func internationalBorders(_ territory: Territory) throws -> GEOSGeometry? {
        let countries = Array(Set(territory.areas.map(\.country))).sorted()
        guard countries.count > 1 else { return nil }
        var pieces: [GEOSGeometry] = []
        for (i, x) in countries.enumerated() {
            guard let gx = try territory.country(x) else { continue }
            let boundary = try gx.boundary()
            for y in countries[(i + 1)...] {
                guard let gy = try territory.country(y), try boundary.intersects(gy) else { continue }
                pieces.append(try boundary.intersection(gy))
            }
        }
        guard !pieces.isEmpty else { return nil }
        return try GEOSGeometry.unaryUnion(pieces, context: territory.context).buffer(1e-5, quadrantSegments: 2)
    }

    /// Only the lines of an overlay result.
    static func lineal(_ geometry: GEOSGeometry, context: GEOSContext) throws -> GEOSGeometry {
        let type = try geometry.typeName
        if type == "LineString" || type == "MultiLineString" { return geometry }
        var lines: [GEOSGeometry] = []
        if type == "GeometryCollection" {
            for part in try geometry.geometries() {
                let t = try part.typeName
                if t == "LineString" || t == "MultiLineString" { lines.append(try part.clone()) }
            }
        }
        return try GEOSGeometry.collection(lines, context: context).unaryUnion()
    }
}
