import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

// Drawn layers (area events, snapshots) split over the admin areas and `outside`, each area
// clipped once and reused while its share of the drawing stays the same.

extension ControlEngine {
    /// Degrees around a box that a rectangle clip keeps, so that its cut edges stay off the
    /// geometry the box holds.
    static let windowMargin = 0.01

    /// A drawn polygon split over the areas and `outside`.
    func clippedArea(_ event: ControlEvent, _ geometry: Geometry) throws -> ClippedLayer {
        if let cached = clips.areas[event.id] { return cached }
        let layer = try clip([(event.side.storedCode, try territory.geos(geometry))], region: nil, eventID: event.id)
        clips.areas[event.id] = layer
        return layer
    }

    func clippedSnapshot(_ event: ControlEvent, _ snapshot: Snapshot) throws -> ClippedLayer {
        if let cached = clips.snapshots[event.id] { return cached }
        let parts = try snapshot.parts.map { ($0.side.code, try territory.geos($0.geometry)) }
        let layer = try Trace.measure("clip snapshot \(event.id)") { try clip(parts, region: snapshot.region, eventID: event.id) }
        clips.snapshots[event.id] = layer
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
            if let previous = clips.lastClips[area], try previous.inputs.isIdentical(to: inputs) {
                result = previous
                clips.reusedAreaClips += 1
            } else {
                result = try clipArea(area, inputs)
                clips.lastClips[area] = result
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
                if let previous = clips.lastBeyond[tile], try previous.inputs.isIdentical(to: inputs) {
                    outsidePieces += previous.pieces
                    continue
                }
                let pieces = try beyond(inputs.parts, land: land)
                clips.lastBeyond[tile] = (inputs, pieces)
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
            case .edge(let land): beyond = try part.geometry.difference(land).polygonalPart()
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
            var polygonal = try inside.polygonalPart()
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
        let polygonal = try rest.polygonalPart()
        if try !polygonal.isEmpty {
            let kept = pieces.isEmpty ? polygonal : try absorbSlivers(of: polygonal, in: area, into: &pieces)
            if let kept { pieces.append(.init(side: region, geometry: kept)) }
        }
        return AreaClip(inputs: inputs, pieces: try pieces.map { try $0.measured() }, coverage: Coverage(try t.area(area)), sealed: true)
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
