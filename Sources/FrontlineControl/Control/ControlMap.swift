import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// Who holds what at one instant under one view: every admin area (and `outside`, territory
/// drawn beyond all of them) split into disjoint pieces, each held by one side.
///
/// Most territory is whole settlement cells (``FullCell``): their km² is known in advance and
/// comparing two maps cell by cell needs no geometry. Territory cut by drawn areas or snapshots is
/// kept as GEOS geometry (``Piece``).
public struct ControlMap {
    public let at: EventTime
    public let view: ControlView
    /// One entry per admin area, in ``Territory/areas`` order, then one for `outside`.
    public internal(set) var regions: [RegionControl]
    /// Events that could not be applied (a place with no cell in this GeoData, say).
    public internal(set) var warnings: [String] = []

    public struct FullCell {
        /// The cell, in ``Territory/cells``.
        public let cell: CellID
        public let side: Side
        /// When this side took the cell; nil for the side holding it before any event.
        public let since: EventTime?
    }

    public struct Piece {
        public let side: Side
        /// GEOS geometry of the engine's thread: for this package only (``shape()`` for others).
        package let geometry: GEOSGeometry
        public let km2: Double
        public let since: EventTime?

        /// The piece as a value: polygons in longitude/latitude, free to cross threads.
        public func shape() throws -> Geometry { try geometry.geometry() }
    }

    public struct RegionControl {
        public internal(set) var fullCells: [FullCell] = []
        public internal(set) var pieces: [Piece] = []
    }

    /// The index of `outside` in ``regions``.
    public var outsideIndex: Int { regions.count - 1 }

    /// km² per side in region `index` (an area index or ``outsideIndex``).
    public func km2BySide(region index: Int, cells: [SettlementCell]) -> [Side: Double] {
        var result: [Side: Double] = [:]
        let region = regions[index]
        for full in region.fullCells { result[full.side, default: 0] += cells[full.cell.index].km2 }
        for piece in region.pieces { result[piece.side, default: 0] += piece.km2 }
        return result
    }
}
