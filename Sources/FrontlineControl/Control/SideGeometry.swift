import FrontlineEvents
import FrontlineGeometry

/// Each side's territory on a map, per admin area and as one (Multi)Polygon, and the front
/// lines between sides.
public final class SideGeometry {
    let territory: Territory
    /// Region (area index, or the outside index) → side → that side's territory there.
    let regionSides: [Int: [String: GEOSGeometry]]
    private var merged: [String: GEOSGeometry]?

    /// Unions each side's cells and pieces per region. An area held wholly by one side as whole
    /// cells is taken as the area polygon itself (same territory, far fewer vertices to merge).
    public init(map: ControlMap, territory: Territory, selection: AreaSelection? = nil) throws {
        self.territory = territory
        var regionSides: [Int: [String: GEOSGeometry]] = [:]
        for (region, control) in map.regions.enumerated() {
            if !selection.covers(region) { continue }
            let sides = Set(control.fullCells.map(\.side.code))
            if region < territory.areas.count, control.pieces.isEmpty, sides.count == 1,
               control.fullCells.count == territory.cellsOfArea[region].count {
                regionSides[region] = [sides.first!: try territory.area(region)]
                continue
            }
            var parts: [String: [GEOSGeometry]] = [:]
            for full in control.fullCells { parts[full.side.code, default: []].append(try territory.cell(full.cell.index)) }
            for piece in control.pieces { parts[piece.side.code, default: []].append(piece.geometry) }
            if !parts.isEmpty {
                regionSides[region] = try parts.mapValues { try GEOSGeometry.unaryUnion($0, context: territory.context) }
            }
        }
        self.regionSides = regionSides
    }

    /// Side → all its territory (over the areas asked for, and `outside` when all are).
    package func territories() throws -> [String: GEOSGeometry] {
        if let merged { return merged }
        let result = try union { _, _ in true }
        merged = result
        return result
    }

    /// Side → its territory beyond its own country: each area held by the side of its own
    /// country's code (Rostov held by RU, Kyiv by UA) is left out, as a map leaves it
    /// background. Territory drawn beyond every area is no country's, and stays.
    package func foreignTerritories() throws -> [String: GEOSGeometry] {
        try union { region, side in region >= territory.areas.count || territory.areas[region].country != side }
    }

    private func union(_ include: (Int, String) -> Bool) throws -> [String: GEOSGeometry] {
        var parts: [String: [GEOSGeometry]] = [:]
        // In region order: a dictionary's order changes from run to run, and with it the order
        // of the union's polygons, and the bytes of every export of the same map.
        for region in regionSides.keys.sorted() {
            for (side, geometry) in regionSides[region]! where include(region, side) { parts[side, default: []].append(geometry) }
        }
        // Regions meet along area borders with the same vertices: a coverage.
        return try parts.mapValues { try GEOSGeometry.coverageUnion($0, context: territory.context) }
    }

    /// A front line: where the territory of two different sides meets (`contested` counts as a
    /// side of its own), within an admin area or across the border of two areas of the same
    /// country; international borders between GeoData's countries are never front line, nor
    /// are coasts (the sea is nobody's territory) or territory drawn beyond every area.
    public struct FrontLine {
        /// The two sides, sorted.
        public let sides: [Side]
        package let geometry: GEOSGeometry
        /// Geodesic length, km.
        public let km: Double
    }

    public func frontLines() throws -> [FrontLine] {
        let context = territory.context
        struct Pair: Hashable { let a: String; let b: String }
        var pieces: [Pair: [GEOSGeometry]] = [:]
        func meet(_ first: [String: GEOSGeometry], _ second: [String: GEOSGeometry], sameRegion: Bool) throws {
            // Sides, regions and pairs in order, so that each line's pieces are merged in the
            // same order on every run (a dictionary's order is not), and so are its bytes.
            for (a, ga) in first.sorted(by: { $0.key < $1.key }) {
                let boundary = try ga.boundary()
                for (b, gb) in second.sorted(by: { $0.key < $1.key }) where a != b && (!sameRegion || a < b) {
                    guard try boundary.intersects(gb) else { continue }
                    let shared = try Self.lineal(try boundary.intersection(gb), context: context)
                    guard try !shared.isEmpty else { continue }
                    pieces[Pair(a: min(a, b), b: max(a, b)), default: []].append(shared)
                }
            }
        }
        let areaCount = territory.areas.count
        for region in regionSides.keys.sorted() where region < areaCount && regionSides[region]!.count > 1 {
            try meet(regionSides[region]!, regionSides[region]!, sameRegion: true)
        }
        for (r1, r2) in try territory.neighbours() {
            guard territory.areas[r1].country == territory.areas[r2].country,
                  let s1 = regionSides[r1], let s2 = regionSides[r2] else { continue }
            try meet(s1, s2, sameRegion: false)
        }
        var lines: [FrontLine] = []
        for (pair, parts) in pieces.sorted(by: { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }) {
            let merged = try GEOSGeometry.unaryUnion(parts, context: context).lineMerge()
            let km = Geodesic.wgs84.length(of: try merged.geometry()) / 1000
            guard km > 0 else { continue }
            lines.append(FrontLine(sides: [Side(normalized: pair.a), Side(normalized: pair.b)], geometry: merged, km: km))
        }
        return lines.sorted { $0.sides.lexicographicallyPrecedes($1.sides) }
    }

    /// Only the lines of an overlay result.
    static func lineal(_ geometry: GEOSGeometry, context: GEOSContext) throws -> GEOSGeometry {
        let kind = try geometry.kind
        if kind.isLineal { return geometry }
        var lines: [GEOSGeometry] = []
        if kind == .geometryCollection {
            for part in try geometry.geometries() where try part.kind.isLineal {
                lines.append(try part.clone())
            }
        }
        return try GEOSGeometry.collection(lines, context: context).unaryUnion()
    }
}
