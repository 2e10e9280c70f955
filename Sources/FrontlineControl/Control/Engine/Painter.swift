import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// The top-down painter: keeps, per region, what later layers already cover.
struct Painter {
    let territory: Territory
    var regions: [ControlMap.RegionControl]
    private var sealed: [Bool]
    /// Per region, what later layers cover; ``coverGeometry(_:)`` unites them when first
    /// needed, into `cover` (the union of the first `coverCount` of them).
    private var covers: [[Coverage]]
    private var cover: [GEOSGeometry?]
    private var coverCount: [Int]
    /// `cover`, prepared when first tested against a cell (every settlement cell of a region
    /// is, once the layers are painted): a plain intersects test walks all of the cover.
    private var preparedCover: [PreparedGeometry?]
    private var taken: [Bool]
    private var takenCount = 0
    /// Whether later events have taken every settlement cell.
    var allCellsTaken: Bool { takenCount == taken.count }
    /// Cells taken in each region since `takenUnion` was last built.
    private var takenCells: [[Int]]
    private var takenUnion: [(count: Int, geometry: GEOSGeometry)?]
    private let cellCuts: CellCuts

    init(territory: Territory, regionCount: Int, cellCuts: CellCuts) {
        self.territory = territory
        self.cellCuts = cellCuts
        regions = Array(repeating: ControlMap.RegionControl(), count: regionCount)
        sealed = Array(repeating: false, count: regionCount)
        covers = Array(repeating: [], count: regionCount)
        cover = Array(repeating: nil, count: regionCount)
        coverCount = Array(repeating: 0, count: regionCount)
        preparedCover = Array(repeating: nil, count: regionCount)
        taken = Array(repeating: false, count: territory.cells.count)
        takenCells = Array(repeating: [], count: regionCount)
        takenUnion = Array(repeating: nil, count: regionCount)
    }

    /// A whole settlement cell, where no later layer covers it.
    mutating func paintCell(_ cell: Int, side: String, since: EventTime?) throws {
        let region = territory.areaOfCell[cell]
        guard !sealed[region], !taken[cell] else { return }
        taken[cell] = true
        takenCount += 1
        takenCells[region].append(cell)
        guard !covers[region].isEmpty else {
            regions[region].fullCells.append(.init(cell: CellID(cell), side: Side(normalized: side), since: since))
            return
        }
        let cut = try cellCuts.cut(cell, region: region, under: covers[region]) { try uncovered(cell, region: region) }
        switch cut {
        case .whole:
            regions[region].fullCells.append(.init(cell: CellID(cell), side: Side(normalized: side), since: since))
        case .piece(let visible, let km2):
            try addPiece(visible, km2: km2, region: region, side: side, since: since)
        }
    }

    /// What of a cell no later layer covers.
    private mutating func uncovered(_ cell: Int, region: Int) throws -> CellCuts.Cut {
        guard let above = try coverGeometry(region), territory.cellBoxes[cell].intersects(try above.boundingBox ?? territory.cellBoxes[cell]) else {
            return .whole
        }
        let geometry = try territory.cell(cell)
        let prepared = try preparedCover[region] ?? PreparedGeometry(above)
        preparedCover[region] = prepared
        guard try prepared.intersects(geometry) else { return .whole }
        let visible = try geometry.difference(above).polygonalPart()
        return .piece(visible, km2: try visible.drawnAreaKm2)
    }

    /// A drawn piece of one region, less what later layers and later-taken cells cover.
    mutating func paintGeometry(_ piece: ClippedLayer.Piece, region: Int, since: EventTime?) throws {
        guard !sealed[region] else { return }
        var visible = piece.geometry
        if let above = try coverGeometry(region), try above.intersects(visible) {
            visible = try visible.difference(above)
        }
        if let cells = try takenUnion(region), try cells.intersects(visible) {
            visible = try visible.difference(cells)
        }
        if visible === piece.geometry {
            try addPiece(visible, km2: piece.km2, region: region, side: piece.side, since: since)
        } else {
            try addPiece(try visible.polygonalPart(), region: region, side: piece.side, since: since)
        }
    }

    /// Marks what `coverage` covers in `region` as covered: older layers do not show through it.
    mutating func cover(region: Int, with coverage: Coverage) {
        covers[region].append(coverage)
    }

    /// Everything later layers cover in `region`, or nil.
    private mutating func coverGeometry(_ region: Int) throws -> GEOSGeometry? {
        let pending = covers[region][coverCount[region]...]
        guard !pending.isEmpty else { return cover[region] }
        let geometries = try (cover[region].map { [$0] } ?? []) + pending.map { try $0.geometry() }
        let united = geometries.count == 1 ? geometries[0] : try GEOSGeometry.unaryUnion(geometries, context: territory.context)
        cover[region] = united
        coverCount[region] = covers[region].count
        preparedCover[region] = nil
        return united
    }

    /// Nothing older shows in `region` any more.
    mutating func seal(_ region: Int) {
        sealed[region] = true
    }

    private mutating func takenUnion(_ region: Int) throws -> GEOSGeometry? {
        let cells = takenCells[region]
        guard !cells.isEmpty else { return nil }
        if let cached = takenUnion[region], cached.count == cells.count { return cached.geometry }
        let union = try GEOSGeometry.unaryUnion(try cells.map { try territory.cell($0) }, context: territory.context)
        takenUnion[region] = (cells.count, union)
        return union
    }

    /// A piece of `region`, unless it has no area; `km2` when already measured.
    private mutating func addPiece(_ geometry: GEOSGeometry, km2 known: Double? = nil, region: Int, side: String, since: EventTime?) throws {
        let km2 = try known ?? geometry.drawnAreaKm2
        guard km2 > 0 else { return }
        regions[region].pieces.append(.init(side: Side(normalized: side), geometry: geometry, km2: km2, since: since))
    }
}
