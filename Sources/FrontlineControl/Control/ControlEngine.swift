import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// Turns events into control maps.
///
/// Control at T is the events with `at` ≤ T, in replay order, painted one over the other: a place
/// event hands over its settlement's cell, an area event its polygon, a snapshot its whole map
/// (its parts, and the rest of its region to the region's own side). Before any event each cell
/// belongs to its area's country.
///
/// The engine paints top-down: from the latest event back, each layer keeps only what no later
/// layer covers, so every km² is counted once. A snapshot seals the areas of its region (nothing
/// older shows through) and hides every older snapshot of that region entirely, including what
/// those drew beyond it. Geometry clipped from snapshots and area events is kept per event, so a
/// timeline clips each snapshot once.
public final class ControlEngine {
    public let territory: Territory
    private var clippedSnapshots: [String: ClippedLayer] = [:]
    private var clippedAreas: [String: ClippedLayer] = [:]
    /// The last clip of each area, to reuse when the next drawing is the same there.
    private var lastClips: [Int: AreaClip] = [:]
    /// The last map's drawing and what of it lay beyond the land, per tile of the land's grid.
    private var lastBeyond: [LandGrid.Tile: (inputs: AreaClip.Inputs, pieces: [ClippedLayer.Piece])] = [:]
    /// How many area clips were reused (for tests and traces).
    private(set) var reusedAreaClips = 0
    private let cellCuts = CellCuts()

    public init(territory: Territory) {
        self.territory = territory
    }

    /// The map at `at` under `view`, from `events` in replay order (later ones are ignored).
    public func map(at: EventTime, view: ControlView, events: [ControlEvent]) throws -> ControlMap {
        let earliestGeometric = events.first { $0.placeID == nil }.map(ReplayPosition.init)
        return try map(at: at, view: view, earliestGeometric: earliestGeometric) { consume in
            for event in events.reversed() {
                guard try consume(event) else { break }
            }
        }
    }

    /// The map at `at` under `view`, from events handed over latest first: `feed` calls its
    /// argument with each event, latest first, until it returns false. `earliestGeometric` is
    /// the replay position of the earliest area or snapshot event (``EventStore/earliestGeometricEvent(to:)``):
    /// once every cell is taken and the feed is past it, nothing older can show, and reading stops.
    /// Over a long log of place events, that is after its latest tens of thousands.
    public func map(at: EventTime, view: ControlView, earliestGeometric: ReplayPosition?,
                    latestFirst feed: (_ consume: (ControlEvent) throws -> Bool) throws -> Void) throws -> ControlMap {
        let t = territory
        let regionCount = t.areas.count + 1
        var painter = Painter(territory: t, regionCount: regionCount, cellCuts: cellCuts)
        var warnings: [String] = []
        var sealedRegions = Set<String>()

        try feed { event in
            if painter.allCellsTaken && earliestGeometric.map({ ReplayPosition(event) < $0 }) ?? true { return false }
            guard event.at <= at, view.includes(event) else { return true }
            switch event.subject {
            case .place(let id):
                guard let cell = t.cellOfSettlement[id] else {
                    warnings.append("event \(event.id): settlement \(id) has no territory in this GeoData; skipped")
                    return true
                }
                try painter.paintCell(cell, side: event.side, since: event.at)
            case .area(let geometry):
                let layer = try clippedArea(event, geometry)
                for (region, pieces) in layer.regions {
                    for piece in pieces { try painter.paintGeometry(piece, region: region, since: event.at) }
                    painter.cover(region: region, with: layer.coverage[region]!)
                }
            case .snapshot(let snapshot):
                guard sealedRegions.insert(snapshot.region).inserted else { return true }
                let layer = try clippedSnapshot(event, snapshot)
                for (region, pieces) in layer.regions {
                    for piece in pieces { try painter.paintGeometry(piece, region: region, since: event.at) }
                    if layer.sealed.contains(region) {
                        painter.seal(region)
                    } else {
                        painter.cover(region: region, with: layer.coverage[region]!)
                    }
                }
            }
            return true
        }
        try Trace.measure("base cells") {
            for area in t.areas.indices {
                for cell in t.cellsOfArea[area] {
                    try painter.paintCell(cell, side: t.areas[area].country, since: nil)
                }
            }
        }
        var map = ControlMap(at: at, view: view, regions: painter.regions)
        map.warnings = warnings
        return map
    }

    /// A drawn polygon split over the areas and `outside`.
    private func clippedArea(_ event: ControlEvent, _ geometry: Geometry) throws -> ClippedLayer {
        if let cached = clippedAreas[event.id] { return cached }
        let layer = try clip([(event.side, try territory.geos(geometry))], region: nil, eventID: event.id)
        clippedAreas[event.id] = layer
        return layer
    }

    private func clippedSnapshot(_ event: ControlEvent, _ snapshot: Snapshot) throws -> ClippedLayer {
        if let cached = clippedSnapshots[event.id] { return cached }
        let parts = try snapshot.parts.map { ($0.side, try territory.geos($0.geometry)) }
        let layer = try Trace.measure("clip snapshot \(event.id)") { try clip(parts, region: snapshot.region, eventID: event.id) }
        clippedSnapshots[event.id] = layer
        return layer
    }

    /// Splits `parts` (later parts over earlier ones) over every area and `outside`; with a
    /// `region`, the rest of each area of that country goes to the region's side.
    func clip(_ parts: [(side: String, geometry: GEOSGeometry)], region: String?, eventID: String) throws -> ClippedLayer {
        let t = territory
        // Overlap-free: each part keeps what no later part covers.
        var visible: [(side: String, geometry: GEOSGeometry, box: BoundingBox)] = []
        for (part, own) in zip(parts, try GEOSGeometry.overlapFree(parts.map(\.geometry))) {
            guard try !own.isEmpty, let box = try own.boundingBox else { continue }
            visible.append((part.side, own, box))
        }
        // What of the visible parts lies in `window`, for the parts whose box meets `box`.
        func near(_ box: BoundingBox, window: BoundingBox) throws -> [ClippedLayer.Piece] {
            var near: [ClippedLayer.Piece] = []
            for part in visible where part.box.intersects(box) {
                let clipped = try part.geometry.clip(to: window)
                if try !clipped.isEmpty { near.append(.init(side: part.side, geometry: clipped)) }
            }
            return near
        }
        var regionAreas: Set<Int> = []
        if let region {
            regionAreas = Set(t.areas.indices.filter { t.areas[$0].country == region })
            guard !regionAreas.isEmpty else { throw ControlError.unknownRegion(region: region, eventID: eventID) }
        }

        var layer = ClippedLayer()
        for area in t.areas.indices {
            // Overlays with the area need only what lies in its box: a rectangle clip (linear)
            // first spares them the rest of a country-wide drawing. The margin keeps the cut
            // edges off the area.
            let box = t.areaBoxes[area]
            let parts = try near(box, window: box.expanded(by: Self.windowMargin))
            let sealing = regionAreas.contains(area)  // empty without a region
            // A snapshot's own side drawn into another country's area (see ``crossBorderSliverWidth``).
            let beyondBorder = region.flatMap { t.areas[area].country != $0 ? $0 : nil }
            let inputs = AreaClip.Inputs(region: sealing ? region : nil, parts: parts, beyondBorderOf: beyondBorder)
            guard sealing || !parts.isEmpty else { continue }
            // Consecutive maps of a region mostly redraw the same lines away from the front:
            // where this area's share of the drawing is the previous clip's, to the coordinate,
            // so is the result.
            let result: AreaClip
            if let previous = lastClips[area], try previous.inputs.isIdentical(to: inputs) {
                result = previous
                reusedAreaClips += 1
            } else {
                result = try clipArea(area, inputs)
                lastClips[area] = result
            }
            if result.sealed { layer.sealed.insert(area) }
            if result.sealed || !result.pieces.isEmpty {
                layer.regions.append((area, result.pieces))
                layer.coverage[area] = result.coverage
            }
        }
        // What lies beyond every area is kept, as `outside`: a tile of the land's grid at a time,
        // each against a few segments of coast and border (and, like an area, as it was for the
        // last map where the drawing there is the same), or against the whole land for a
        // drawing that reaches beyond the grid.
        let outside = t.areas.count
        var outsidePieces: [ClippedLayer.Piece] = []
        if let extent = BoundingBox(enclosing: visible.map(\.box)), let tiles = t.landGrid.tiles(meeting: extent) {
            for tile in tiles {
                let land = try t.landTile(tile)
                if case .inland = land { continue }
                let box = t.landGrid.box(tile)
                let parts = try near(box, window: box)
                guard !parts.isEmpty else { continue }
                let inputs = AreaClip.Inputs(region: nil, parts: parts, beyondBorderOf: nil)
                if let previous = lastBeyond[tile], try previous.inputs.isIdentical(to: inputs) {
                    outsidePieces += previous.pieces
                    continue
                }
                let pieces = try beyond(inputs.parts, land: land)
                lastBeyond[tile] = (inputs, pieces)
                outsidePieces += pieces
            }
        } else {
            outsidePieces = try beyond(visible.map { .init(side: $0.side, geometry: $0.geometry) }, land: .edge(try t.land()))
        }
        if !outsidePieces.isEmpty {
            layer.regions.append((outside, outsidePieces))
            layer.coverage[outside] = Coverage(parts: outsidePieces.map(\.geometry), context: t.context)
        }
        return layer
    }

    /// What of `parts` (overlap-free) lies beyond `land`.
    private func beyond(_ parts: [ClippedLayer.Piece], land: Territory.LandTile) throws -> [ClippedLayer.Piece] {
        var pieces: [ClippedLayer.Piece] = []
        for part in parts {
            let beyond: GEOSGeometry
            switch land {
            case .inland: continue
            case .beyond: beyond = part.geometry
            case .edge(let land): beyond = try Self.polygonal(try part.geometry.difference(land), context: territory.context)
            }
            if try !beyond.isEmpty { pieces.append(try ClippedLayer.Piece(side: part.side, geometry: beyond).measured()) }
        }
        return pieces
    }

    /// One area's share of a clip: the parts drawn near it (clipped to a window around its box)
    /// and, for a snapshot's own region, the region's side; then the pieces in the area and
    /// whether the layer seals the area. (`Inputs` also keys what a tile of the land's grid
    /// has beyond the land.)
    struct AreaClip {
        struct Inputs {
            let region: String?
            /// Overlap-free, clipped to a window (an area's box and ``windowMargin``, or a tile):
            /// what they cover there is theirs together, so they alone decide the clip.
            let parts: [ClippedLayer.Piece]
            /// For an area of another country than the snapshot's region: that region, whose
            /// own side's slivers there are left to the area's country.
            let beyondBorderOf: String?

            func isIdentical(to other: Inputs) throws -> Bool {
                guard region == other.region, beyondBorderOf == other.beyondBorderOf, parts.count == other.parts.count else { return false }
                for (a, b) in zip(parts, other.parts) where try a.side != b.side || !a.geometry.isIdentical(to: b.geometry) {
                    return false
                }
                return true
            }
        }
        let inputs: Inputs
        let pieces: [ClippedLayer.Piece]
        let coverage: Coverage?
        let sealed: Bool
    }

    private func clipArea(_ area: Int, _ inputs: AreaClip.Inputs) throws -> AreaClip {
        let t = territory
        let prepared = try t.preparedArea(area)
        var pieces: [ClippedLayer.Piece] = []
        for part in inputs.parts {
            guard try prepared.intersects(part.geometry) else { continue }
            let inside = try prepared.containsProperly(part.geometry) ? part.geometry : try part.geometry.intersection(t.area(area))
            var polygonal = try Self.polygonal(inside, context: t.context)
            if part.side == inputs.beyondBorderOf { polygonal = try Self.withoutSlivers(polygonal, width: Self.crossBorderSliverWidth) }
            guard try !polygonal.isEmpty else { continue }
            pieces.append(.init(side: part.side, geometry: polygonal))
        }
        guard let region = inputs.region else {
            let coverage = pieces.isEmpty ? nil : Coverage(parts: pieces.map(\.geometry), context: t.context)
            return AreaClip(inputs: inputs, pieces: try pieces.map { try $0.measured() }, coverage: coverage, sealed: false)
        }
        // The area less each part in turn: the parts do not overlap, and each difference clips
        // the part to the area's box, where a union of the parts first would overlay them whole.
        var rest = try t.area(area)
        for part in inputs.parts where try prepared.intersects(part.geometry) {
            rest = try rest.difference(part.geometry)
        }
        let polygonal = try Self.polygonal(rest, context: t.context)
        if try !polygonal.isEmpty {
            let kept = pieces.isEmpty ? polygonal : try absorbSlivers(of: polygonal, in: area, into: &pieces)
            if let kept { pieces.append(.init(side: region, geometry: kept)) }
        }
        return AreaClip(inputs: inputs, pieces: try pieces.map { try $0.measured() }, coverage: Coverage(try t.area(area)), sealed: true)
    }

    /// Mean width (2 · area / perimeter, in degrees) under which a piece of a snapshot's
    /// remainder may be a sliver: about 0.7–1.1 km, the gap between DeepState's borders and
    /// Natural Earth's along Ukraine's eastern border.
    static let sliverWidth = 0.01
    /// Mean width (degrees, about 1.1–1.7 km) under which a polygon of a snapshot's own side
    /// (UA on a map of Ukraine) drawn inside another country's area is the gap between the
    /// map's border and GeoData's, not ground that side holds there: it is left to the area's
    /// country. On DeepState's maps, before any incursion, such strips added up to 46 km² of
    /// "UA-held" Russia (a 33 km strip along Belgorod's border, 1 km wide, the largest); the
    /// Kursk salient of 2024 (mean width 0.08°) stays.
    static let crossBorderSliverWidth = 0.015
    /// How far (degrees, about 1 cm) across a segment of a sliver's outline to look for what
    /// the segment runs along: a drawn piece, or the outside of the area.
    static let edgeTolerance = 1e-7
    /// Degrees around a box that a rectangle clip keeps, so that its cut edges stay off the
    /// geometry the box holds.
    static let windowMargin = 0.01

    /// A snapshot draws its parts against its own, detailed borders; GeoData's are generalised.
    /// Between the two, the region's remainder leaves thin slivers along the area's edge (and
    /// false front lines along them); inside an area, a drawing that follows a river bank by
    /// bank leaves the river as a ribbon of the region's side. Each remainder polygon thinner
    /// than ``sliverWidth`` that lies along the area's edge (a quarter of its outline or more)
    /// next to a drawn part (a quarter or more), or that one side's parts almost enclose (three
    /// quarters of its outline), is given to that side; a thin strip between two different
    /// sides (a bridgehead) stays. Returns what stays with the region (nil when nothing does).
    func absorbSlivers(of remainder: GEOSGeometry, in area: Int, into pieces: inout [ClippedLayer.Piece]) throws -> GEOSGeometry? {
        let context = territory.context
        let components = try remainder.kind == .polygon ? [remainder] : try remainder.geometries()
        var kept: [GEOSGeometry] = []
        var absorbed: [Int: [GEOSGeometry]] = [:]
        let pieceBoxes = try pieces.map { try $0.geometry.boundingBox }
        let preparedPieces = try pieces.map { try PreparedGeometry($0.geometry) }
        for component in components {
            let perimeter = try component.planarLength
            guard perimeter > 0, 2 * (try component.planarArea) / perimeter < Self.sliverWidth,
                  let box = try component.boundingBox else {
                kept.append(component)
                continue
            }
            let outline = try component.boundary()
            let nearby = try pieces.indices.filter { index in
                try pieceBoxes[index]?.intersects(box) == true && preparedPieces[index].intersects(outline)
            }
            guard !nearby.isEmpty, case .polygon(let polygon) = try component.geometry() else {
                kept.append(component)
                continue
            }
            // The remainder is the area less the drawn parts, so each segment of the outline runs
            // along a piece or along the area's edge: what lies just across it (``edgeTolerance``
            // beyond the segment's middle) is in that piece, or outside the area. A prepared
            // point-in-polygon test is logarithmic in the piece's size; overlaying the outline
            // with each piece and with the area's edge cost a pass over all of them per sliver.
            var shared = [Double](repeating: 0, count: nearby.count)
            var alongEdge = 0.0
            let preparedArea = try territory.preparedArea(area)
            for (ringIndex, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                // Across is to the right of a counter-clockwise shell, to the left of a
                // counter-clockwise hole.
                let across = RingOrientation.isCounterClockwise(ring) == (ringIndex == 0) ? -1.0 : 1.0
                segments: for (a, b) in zip(ring, ring.dropFirst()) {
                    let dx = b.lon - a.lon, dy = b.lat - a.lat
                    let length = (dx * dx + dy * dy).squareRoot()
                    guard length > 0 else { continue }
                    let step = across * Self.edgeTolerance / length
                    let beyond = Coordinate(lon: (a.lon + b.lon) / 2 - dy * step, lat: (a.lat + b.lat) / 2 + dx * step)
                    for (slot, index) in nearby.enumerated() where try preparedPieces[index].contains(beyond) {
                        shared[slot] += length
                        continue segments
                    }
                    if try !preparedArea.contains(beyond) { alongEdge += length }
                }
            }
            var best: (index: Int, shared: Double)?
            var bySide: [String: Double] = [:]
            for (slot, index) in nearby.enumerated() {
                bySide[pieces[index].side, default: 0] += shared[slot]
                if shared[slot] > (best?.shared ?? 0) { best = (index, shared[slot]) }
            }
            // Along the area's edge next to a drawn part, or a ribbon (a river the drawing
            // follows bank by bank) almost enclosed by one side.
            let edgeSliver = (best?.shared ?? 0) >= perimeter / 4 && alongEdge >= perimeter / 4
            let ribbon = best.map { bySide[pieces[$0.index].side, default: 0] >= perimeter * 0.75 } ?? false
            if let best, edgeSliver || ribbon {
                absorbed[best.index, default: []].append(component)
            } else {
                kept.append(component)
            }
        }
        // Each piece's slivers join its side as one more piece, gathered without a union (the
        // components of one valid polygon are disjoint). Merging them into the piece would redo
        // an overlay of the whole piece, and every consumer (km², the per-side unions behind
        // front lines and exports) takes a side's pieces together anyway.
        for index in absorbed.keys.sorted() {
            pieces.append(.init(side: pieces[index].side, geometry: try GEOSGeometry.multiPolygon(absorbed[index]!, context: context)))
        }
        if kept.count == components.count { return remainder }
        return kept.isEmpty ? nil : try GEOSGeometry.multiPolygon(kept, context: context)
    }

    /// `polygonal` without its polygons thinner than `width` (mean width, 2 · area / perimeter,
    /// in degrees).
    static func withoutSlivers(_ polygonal: GEOSGeometry, width: Double) throws -> GEOSGeometry {
        let components = try polygonal.kind == .polygon ? [polygonal] : try polygonal.geometries()
        let kept = try components.filter { component in
            let perimeter = try component.planarLength
            return try perimeter > 0 && 2 * component.planarArea / perimeter >= width
        }
        if kept.count == components.count { return polygonal }
        return try GEOSGeometry.multiPolygon(kept, context: polygonal.context)
    }

    /// Only the polygons of an overlay result (which can carry stray lines and points where
    /// boundaries touch).
    static func polygonal(_ geometry: GEOSGeometry, context: GEOSContext) throws -> GEOSGeometry {
        let kind = try geometry.kind
        if kind.isPolygonal { return geometry }
        guard kind == .geometryCollection else {
            return try GEOSGeometry(.multiPolygon([]), context: context)
        }
        var polygons: [GEOSGeometry] = []
        for part in try geometry.geometries() where try part.kind.isPolygonal {
            polygons.append(try part.clone())
        }
        return polygons.isEmpty ? try GEOSGeometry(.multiPolygon([]), context: context)
            : try GEOSGeometry.unaryUnion(polygons, context: context)
    }
}

/// An event's geometry split over regions (area indices, and the `outside` index).
struct ClippedLayer {
    struct Piece {
        let side: String
        let geometry: GEOSGeometry
        /// Geodesic km², for a piece of a finished layer: measured once, however many maps
        /// of a timeline paint it.
        var km2: Double?

        init(side: String, geometry: GEOSGeometry, km2: Double? = nil) {
            self.side = side
            self.geometry = geometry
            self.km2 = km2
        }

        func measured() throws -> Piece {
            if km2 != nil { return self }
            return Piece(side: side, geometry: geometry, km2: try geometry.drawnAreaKm2)
        }
    }
    var regions: [(region: Int, pieces: [Piece])] = []
    /// Per region, everything the layer covers there.
    var coverage: [Int: Coverage] = [:]
    /// Areas the layer covers entirely (a snapshot's own region).
    var sealed: Set<Int> = []
}

/// What a layer covers in one region. The parts are united only when an older layer is
/// painted there: in a replay of snapshots, older maps of a region are hidden whole, and the
/// union of a map's territory beyond every area (a coast's worth of slivers) is never needed.
final class Coverage {
    private var parts: [GEOSGeometry]
    private var united: GEOSGeometry?
    private let context: GEOSContext

    init(_ geometry: GEOSGeometry) {
        parts = []
        united = geometry
        context = geometry.context
    }

    init(parts: [GEOSGeometry], context: GEOSContext) {
        self.parts = parts
        self.context = context
        if parts.count == 1 { united = parts[0] }
    }

    func geometry() throws -> GEOSGeometry {
        if let united { return united }
        let union = try GEOSGeometry.unaryUnion(parts, context: context)
        united = union
        parts = []
        return union
    }
}

/// What of each settlement cell the cover of later layers leaves, per region, kept from one
/// map to the next: consecutive maps of a timeline mostly share a region's cover (the same
/// clipped layers, reused), and so each cell's cut.
final class CellCuts {
    enum Cut {
        /// No later layer covers any of the cell.
        case whole
        /// What no later layer covers (possibly empty), and its km².
        case piece(GEOSGeometry, km2: Double)
    }

    private var byRegion: [Int: (covers: [Coverage], cuts: [Int: Cut])] = [:]

    /// The cut of `cell` under `covers`, made by `make` unless known for the same coverages.
    func cut(_ cell: Int, region: Int, under covers: [Coverage], make: () throws -> Cut) rethrows -> Cut {
        if let known = byRegion[region], known.covers.count == covers.count, zip(known.covers, covers).allSatisfy({ $0 === $1 }) {
            if let cut = known.cuts[cell] { return cut }
        } else {
            byRegion[region] = (covers, [:])
        }
        let cut = try make()
        byRegion[region]!.cuts[cell] = cut
        return cut
    }
}

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
            regions[region].fullCells.append(.init(cell: cell, side: side, since: since))
            return
        }
        let cut = try cellCuts.cut(cell, region: region, under: covers[region]) { try uncovered(cell, region: region) }
        switch cut {
        case .whole:
            regions[region].fullCells.append(.init(cell: cell, side: side, since: since))
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
        let visible = try ControlEngine.polygonal(try geometry.difference(above), context: territory.context)
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
            try addPiece(try ControlEngine.polygonal(visible, context: territory.context), region: region, side: piece.side, since: since)
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
        regions[region].pieces.append(.init(side: side, geometry: geometry, km2: km2, since: since))
    }
}
