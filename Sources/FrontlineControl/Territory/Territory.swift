import FrontlineGeoData
import FrontlineGeometry

/// GeoData's admin areas and settlement cells, with their GEOS geometries built on first use.
///
/// One instance serves one thread: it owns a GEOS context (GEOS handles are not shared across
/// threads).
public final class Territory {
    public let geoData: GeoData
    /// What the cells came from: with `geoData`, all another thread needs to build its own
    /// territory (both are Sendable; a territory is not).
    public let tessellation: Tessellation
    public let areas: [AdminArea]
    public let cells: [SettlementCell]
    /// Every area together.
    let landPolygons: Geometry
    let context: GEOSContext
    let areaIndex: [String: Int]
    /// Cell indices of each area, in `areas` order.
    let cellsOfArea: [[Int]]
    /// The area index of each cell.
    let areaOfCell: [Int]
    let cellBoxes: [BoundingBox]
    let areaBoxes: [BoundingBox]
    /// The cell standing for each settlement: its own, or (for a settlement GeoNames lists at the
    /// coordinates of another) the cell its coordinates fall in.
    let cellOfSettlement: [Int: Int]
    private var cellGEOS: [GEOSGeometry?]
    private var areaGEOS: [GEOSGeometry?]
    private var areaPrepared: [PreparedGeometry?]
    private var landGEOS: GEOSGeometry?
    private var neighbourPairs: [(Int, Int)]?

    public init(geoData: GeoData, tessellation: Tessellation) throws {
        self.geoData = geoData
        self.tessellation = tessellation
        areas = geoData.areas
        cells = tessellation.cells
        landPolygons = tessellation.land
        context = try GEOSContext()
        areaIndex = Dictionary(uniqueKeysWithValues: areas.enumerated().map { ($1.iso, $0) })
        var cellsOfArea = [[Int]](repeating: [], count: areas.count)
        var areaOfCell: [Int] = []
        var cellOfSettlement: [Int: Int] = [:]
        for (index, cell) in cells.enumerated() {
            let area = areaIndex[cell.areaISO] ?? 0
            cellsOfArea[area].append(index)
            areaOfCell.append(area)
            if let id = cell.settlementID { cellOfSettlement[id] = index }
        }
        let empty = BoundingBox(minLon: 0, minLat: 0, maxLon: 0, maxLat: 0)
        let cellBoxes = tessellation.cells.map { $0.geometry.boundingBox ?? empty }
        self.cellBoxes = cellBoxes
        areaBoxes = areas.map { $0.geometry.boundingBox ?? empty }
        let cells = tessellation.cells
        for settlement in geoData.settlements where cellOfSettlement[settlement.id] == nil {
            let point = settlement.coordinate
            let found = cells.indices.first { i in
                cellBoxes[i].contains(point) && cells[i].geometry.polygons.contains { PointInPolygon.contains($0, point) }
            }
            if let found { cellOfSettlement[settlement.id] = found }
        }
        self.cellsOfArea = cellsOfArea
        self.areaOfCell = areaOfCell
        self.cellOfSettlement = cellOfSettlement
        cellGEOS = Array(repeating: nil, count: cells.count)
        areaGEOS = Array(repeating: nil, count: areas.count)
        areaPrepared = Array(repeating: nil, count: areas.count)
    }

    /// The shipped GeoData with its cached tessellation (see ``TessellationCache``).
    public static func embedded() throws -> Territory {
        let geoData = try Trace.measure("geodata") { try GeoData.embedded() }
        _ = Trace.measure("areas") { geoData.areas }
        let tessellation = try Trace.measure("tessellation") { try TessellationCache.tessellation(for: geoData) }
        return try Trace.measure("territory index") { try Territory(geoData: geoData, tessellation: tessellation) }
    }

    public func areaIndex(iso: String) throws -> Int {
        guard let index = areaIndex[iso] else { throw ControlError.unknownArea(iso) }
        return index
    }

    func cell(_ index: Int) throws -> GEOSGeometry {
        if let g = cellGEOS[index] { return g }
        let g = try GEOSGeometry(cells[index].geometry, context: context)
        cellGEOS[index] = g
        return g
    }

    func area(_ index: Int) throws -> GEOSGeometry {
        if let g = areaGEOS[index] { return g }
        let g = try GEOSGeometry(areas[index].geometry, context: context)
        areaGEOS[index] = g
        return g
    }

    /// An area's boundary polygon, for drawing.
    public func areaGEOS(_ index: Int) throws -> GEOSGeometry { try area(index) }

    func preparedArea(_ index: Int) throws -> PreparedGeometry {
        if let p = areaPrepared[index] { return p }
        let p = try PreparedGeometry(try area(index))
        areaPrepared[index] = p
        return p
    }

    /// Every area together: what lies beyond it is `outside`.
    func land() throws -> GEOSGeometry {
        if let landGEOS { return landGEOS }
        let union = try GEOSGeometry(landPolygons, context: context)
        landGEOS = union
        return union
    }

    /// Pairs of areas (i < j) that share a border.
    func neighbours() throws -> [(Int, Int)] {
        if let neighbourPairs { return neighbourPairs }
        var pairs: [(Int, Int)] = []
        for i in areas.indices {
            for j in areas.indices where j > i && areaBoxes[i].intersects(areaBoxes[j]) {
                if try preparedArea(i).intersects(try area(j)) { pairs.append((i, j)) }
            }
        }
        neighbourPairs = pairs
        return pairs
    }

    func geos(_ geometry: Geometry) throws -> GEOSGeometry {
        try GEOSGeometry(geometry, context: context)
    }
}
