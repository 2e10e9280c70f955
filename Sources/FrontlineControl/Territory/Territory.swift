import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

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
    /// The countries of ``areas``, in the order reports list them (``GeoData/countries``).
    public let countries: [Country]
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
    private var landPrepared: PreparedGeometry?
    private var landTiles: [Int: LandTile] = [:]
    /// The land's grid of ``landTileSize``° tiles, one tile wider than the land all round.
    let landGrid: LandGrid
    private var neighbourPairs: [(Int, Int)]?

    public init(geoData: GeoData, tessellation: Tessellation) throws {
        self.geoData = geoData
        self.tessellation = tessellation
        areas = geoData.areas
        countries = geoData.countries
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
        landGrid = LandGrid(land: landPolygons.boundingBox ?? empty, tileSize: Self.landTileSize)
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

    /// The areas `code` names: one area by its ISO 3166-2 code (`UA-63`), or every area of a
    /// country by its ISO 3166-1 code (`UA`, `RU`); either case.
    public func selection(_ code: String) throws -> AreaSelection {
        let code = code.uppercased()
        if let index = areaIndex[code] {
            return AreaSelection(code: code, name: areas[index].name, indices: [index], isos: [code], country: nil)
        }
        if let country = countries.first(where: { $0.code == code }) {
            let indices = areas.indices.filter { areas[$0].country == code }
            return AreaSelection(code: code, name: country.name, indices: indices, isos: Set(indices.map { areas[$0].iso }),
                                 country: country)
        }
        throw ControlError.unknownArea(code)
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
    package func areaGEOS(_ index: Int) throws -> GEOSGeometry { try area(index) }

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

    /// Degrees on a side of a ``LandTile``: small enough that a tile holds a few segments of
    /// coast and border, large enough that a country-wide drawing spans a few dozen.
    static let landTileSize = 1.0

    /// The land near one tile of ``landGrid``: what lies beyond every area is found a tile at a
    /// time, against a few segments of coast and border rather than the whole land's outline.
    enum LandTile {
        /// Wholly inside the land: nothing drawn there is outside.
        case inland
        /// No land at all: everything drawn there is outside.
        case beyond
        /// The land near the tile, clipped to it and a margin.
        case edge(GEOSGeometry)
    }

    func landTile(_ tile: LandGrid.Tile) throws -> LandTile {
        let key = tile.row * landGrid.columns + tile.column
        if let known = landTiles[key] { return known }
        let box = landGrid.box(tile)
        let prepared = try landPrepared ?? PreparedGeometry(try land())
        landPrepared = prepared
        let result: LandTile
        if try prepared.containsProperly(try GEOSGeometry(box: box, context: context)) {
            result = .inland
        } else {
            let near = try land().clip(to: box.expanded(by: ControlEngine.windowMargin))
            result = try near.isEmpty ? .beyond : .edge(near)
        }
        landTiles[key] = result
        return result
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

/// A grid of square tiles over a box, with one tile to spare on every side.
struct LandGrid {
    struct Tile: Hashable {
        let column: Int
        let row: Int
    }
    let minLon: Double
    let minLat: Double
    let tileSize: Double
    let columns: Int
    let rows: Int

    init(land: BoundingBox, tileSize: Double) {
        self.tileSize = tileSize
        minLon = (land.minLon / tileSize).rounded(.down) * tileSize - tileSize
        minLat = (land.minLat / tileSize).rounded(.down) * tileSize - tileSize
        columns = Int(((land.maxLon - minLon) / tileSize).rounded(.down)) + 2
        rows = Int(((land.maxLat - minLat) / tileSize).rounded(.down)) + 2
    }

    var extent: BoundingBox {
        BoundingBox(minLon: minLon, minLat: minLat, maxLon: minLon + Double(columns) * tileSize, maxLat: minLat + Double(rows) * tileSize)
    }

    func box(_ tile: Tile) -> BoundingBox {
        let west = minLon + Double(tile.column) * tileSize, south = minLat + Double(tile.row) * tileSize
        return BoundingBox(minLon: west, minLat: south, maxLon: west + tileSize, maxLat: south + tileSize)
    }

    /// The tiles `box` meets, or nil when it reaches beyond the grid.
    func tiles(meeting box: BoundingBox) -> [Tile]? {
        let extent = self.extent
        guard box.minLon >= extent.minLon, box.minLat >= extent.minLat, box.maxLon <= extent.maxLon, box.maxLat <= extent.maxLat else { return nil }
        // A box edge on a tile line meets the tile it lies along, not the one beyond.
        func span(_ low: Double, _ high: Double, from origin: Double, count: Int) -> ClosedRange<Int> {
            let first = min(count - 1, Int(((low - origin) / tileSize).rounded(.down)))
            let last = min(count - 1, Int(((high - origin) / tileSize).rounded(.up)) - 1)
            return first...max(first, last)
        }
        let columns = span(box.minLon, box.maxLon, from: minLon, count: self.columns)
        return span(box.minLat, box.maxLat, from: minLat, count: rows).flatMap { row in columns.map { Tile(column: $0, row: row) } }
    }
}
