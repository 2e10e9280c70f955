import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

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
///
/// Its parts: the painter that keeps what later layers cover (``Painter``, Painter.swift), the
/// clipping of drawn layers to the areas (LayerClipping.swift), the caches that let a timeline
/// clip each layer once (ClipCaches.swift), and the rule for slivers between a map's borders
/// and GeoData's (SliverRule.swift).
public final class ControlEngine {
    public let territory: Territory
    /// Clipped layers and area clips, kept from one map to the next (``ClipCache``).
    let clips = ClipCache()
    /// Each cell's cut under later layers' cover, kept from one map to the next (``CellCuts``).
    let cellCuts = CellCuts()
    /// How many area clips were reused (for tests and traces).
    var reusedAreaClips: Int { clips.reusedAreaClips }

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
                try painter.paintCell(cell, side: event.side.storedCode, since: event.at)
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
}
