import FrontlineGeoData
import FrontlineGeometry

/// The territory a settlement stands for: its Voronoi cell within its admin area.
public struct SettlementCell: Hashable, Sendable {
    /// GeoNames id; nil for an area that has no settlement, which is then one cell.
    public let settlementID: Int?
    public let areaISO: String
    /// (Multi)polygon in longitude/latitude.
    public let geometry: Geometry
    /// Geodesic area on WGS84, km².
    public let km2: Double
}

/// Every admin area partitioned into the cells of its settlements: the cells tile each area
/// exactly (no gaps, no overlaps), so control over settlements adds up to control over land.
///
/// Cells are nearest-settlement (Voronoi) regions computed in an azimuthal equidistant projection
/// centred on each area, unprojected vertex by vertex, and clipped to the area in
/// longitude/latitude. Neighbouring cells share their unprojected vertices, so they still meet
/// exactly; clipping to the area's own polygon makes their union the area itself.
///
/// A settlement at the same coordinates as an earlier one (GeoNames has a few) gets no cell: the
/// first keeps it.
public struct Tessellation: Sendable {
    public let cells: [SettlementCell]
    /// Every area together (what lies beyond it is `outside`), computed with the cells because
    /// merging the areas costs about as much as tessellating them.
    public let land: Geometry

    public init(cells: [SettlementCell], land: Geometry) {
        self.cells = cells
        self.land = land
    }

    public static func build(_ geoData: GeoData) throws -> Tessellation {
        let byArea = Dictionary(grouping: geoData.settlements, by: \.areaISO)
        var cells: [SettlementCell] = []
        for area in geoData.areas {
            cells += try self.cells(of: area, settlements: byArea[area.iso] ?? [])
        }
        let land = try Geometry.unaryUnion(geoData.areas.map(\.geometry))
        return Tessellation(cells: cells, land: polygonal(land))
    }

    /// The cells of one area, in the order of `settlements` (those without a cell left out).
    static func cells(of area: AdminArea, settlements: [Settlement]) throws -> [SettlementCell] {
        guard !settlements.isEmpty else {
            return [SettlementCell(settlementID: nil, areaISO: area.iso, geometry: area.geometry, km2: area.km2)]
        }
        let context = try GEOSContext()
        let areaGEOS = try GEOSGeometry(area.geometry, context: context)
        let prepared = try PreparedGeometry(areaGEOS)
        guard let box = area.geometry.boundingBox else { return [] }
        let projection = AzimuthalEquidistant(center: Coordinate(lon: (box.minLon + box.maxLon) / 2,
                                                                 lat: (box.minLat + box.maxLat) / 2))
        // The Voronoi envelope: the area's projected extent with a wide margin, so the cells
        // (unprojected with straight edges between their vertices) still cover all of the area.
        let projectedArea = area.geometry.allCoordinates.map(projection.forward)
        guard var envelope = BoundingBox(projectedArea) else { return [] }
        let margin = max(envelope.maxLon - envelope.minLon, envelope.maxLat - envelope.minLat) * 0.25 + 10_000
        envelope = BoundingBox(minLon: envelope.minLon - margin, minLat: envelope.minLat - margin,
                               maxLon: envelope.maxLon + margin, maxLat: envelope.maxLat + margin)
        let sites = settlements.map { projection.forward($0.coordinate) }
        let projectedCells = try GEOSGeometry.voronoiCells(ofSites: sites, envelope: envelope, context: context)

        var result: [SettlementCell] = []
        for (settlement, projectedCell) in zip(settlements, projectedCells) {
            guard let projectedCell else { continue }
            let lonLat = unproject(try projectedCell.geometry(), projection)
            var cell = try GEOSGeometry(lonLat, context: context)
            // Cells wholly inside the area need no clipping; the rest are cut to it.
            if try !prepared.containsProperly(cell) {
                guard try prepared.intersects(cell) else { continue }
                cell = try cell.intersection(areaGEOS)
            }
            let geometry = try polygonal(cell.geometry())
            guard !geometry.isEmpty else { continue }
            result.append(SettlementCell(settlementID: settlement.id, areaISO: area.iso, geometry: geometry,
                                         km2: geometry.drawnAreaKm2))
        }
        return result
    }

    static func unproject(_ geometry: Geometry, _ projection: AzimuthalEquidistant) -> Geometry {
        func ring(_ r: Ring) -> Ring { r.map(projection.inverse) }
        return .multiPolygon(geometry.polygons.map { Polygon(unchecked: ring($0.exterior), holes: $0.holes.map(ring)) })
    }

    /// Only the polygonal part: an intersection can add stray lines or points where a cell
    /// touches the area's boundary.
    static func polygonal(_ geometry: Geometry) -> Geometry {
        let polygons = geometry.polygons
        return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
    }
}
