import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// The area that changed hands between two maps: per pair of sides, per admin area, with the
/// settlements whose holder changed.
///
/// Whole cells held in both maps are compared cell by cell (their km² is exact and known); the
/// rest, per area, is intersected side by side, so every km² is counted once.
public struct ControlChange {
    public struct Transfer {
        public let from: Side
        public let to: Side
        public let km2: Double
        /// km² per area (ISO code), largest first; `outside` for territory beyond every area.
        public let areas: [(iso: String, km2: Double)]
        /// km² per country (its code) of the areas, in ``Territory/countries`` order; `outside`
        /// is no country's.
        public let countries: [(code: String, km2: Double)]
        /// The territory itself, when asked for (``compute(from:to:territory:selection:withGeometry:events:)``).
        /// GEOS geometry of the computing thread: for this package only (``shape()`` for others).
        package let geometry: GEOSGeometry?

        /// The territory as a value (polygons in longitude/latitude), when it was asked for.
        public func shape() throws -> Geometry? { try geometry?.geometry() }
    }

    public struct PlaceChange {
        public let id: Int
        public let name: String
        public let areaISO: String
        public let from: Side
        public let to: Side
        /// When the new holder took it (the event's time).
        public let at: EventTime?
    }

    public let from: EventTime
    public let to: EventTime
    public let view: ControlView
    /// Largest first.
    public let transfers: [Transfer]
    /// By time of change, then name.
    public let places: [PlaceChange]

    /// Net km² gained per side (gains minus losses).
    public var netGain: [Side: Double] {
        var result: [Side: Double] = [:]
        for t in transfers {
            result[t.to, default: 0] += t.km2
            result[t.from, default: 0] -= t.km2
        }
        return result
    }

    /// The change from `before` to `after`. With the `events` the maps were drawn from, each
    /// settlement's `at` is when the run of events giving it its new holder began (a snapshot
    /// series re-draws a place every day; the change happened on the first of them).
    public static func compute(from before: ControlMap, to after: ControlMap, territory: Territory,
                               selection: AreaSelection? = nil, withGeometry: Bool = false,
                               events: [ControlEvent]? = nil) throws -> ControlChange {
        let context = territory.context
        struct Key: Hashable { let from: Side; let to: Side }
        var km2: [Key: [Int: Double]] = [:]
        var geometries: [Key: [GEOSGeometry]] = [:]

        let regions = before.regions.indices.filter { selection.covers($0) }
        for region in regions {
            let a = before.regions[region], b = after.regions[region]
            var fullBefore: [Int: Side] = [:]
            for full in a.fullCells { fullBefore[full.cell.index] = full.side }
            var fullAfter: [Int: Side] = [:]
            for full in b.fullCells { fullAfter[full.cell.index] = full.side }

            for (cell, sideAfter) in fullAfter {
                guard let sideBefore = fullBefore[cell], sideBefore != sideAfter else { continue }
                let key = Key(from: sideBefore, to: sideAfter)
                km2[key, default: [:]][region, default: 0] += territory.cells[cell].km2
                if withGeometry { geometries[key, default: []].append(try territory.cell(cell)) }
            }
            // Everything else in this region, side by side.
            func rest(_ control: ControlMap.RegionControl, other: [Int: Side]) throws -> [Side: GEOSGeometry] {
                var parts: [Side: [GEOSGeometry]] = [:]
                for piece in control.pieces { parts[piece.side, default: []].append(piece.geometry) }
                for full in control.fullCells where other[full.cell.index] == nil {
                    parts[full.side, default: []].append(try territory.cell(full.cell.index))
                }
                return try parts.mapValues { try GEOSGeometry.unaryUnion($0, context: context) }
            }
            let restBefore = try rest(a, other: fullAfter)
            let restAfter = try rest(b, other: fullBefore)
            for (sideBefore, g1) in restBefore {
                for (sideAfter, g2) in restAfter where sideAfter != sideBefore {
                    guard try g1.intersects(g2) else { continue }
                    let overlap = try g1.intersection(g2).polygonalPart()
                    guard try !overlap.isEmpty else { continue }
                    let area = try overlap.drawnAreaKm2
                    guard area > 0 else { continue }
                    let key = Key(from: sideBefore, to: sideAfter)
                    km2[key, default: [:]][region, default: 0] += area
                    if withGeometry { geometries[key, default: []].append(overlap) }
                }
            }
        }

        let outside = before.outsideIndex
        var transfers: [Transfer] = []
        for (key, byRegion) in km2 {
            let areas = byRegion.map { (iso: $0.key == outside ? "outside" : territory.areas[$0.key].iso, km2: $0.value) }
                .sorted { $0.km2 > $1.km2 }
            var byCountry: [String: Double] = [:]
            for (region, km2) in byRegion where region != outside { byCountry[territory.areas[region].country, default: 0] += km2 }
            let countries = territory.countries.compactMap { country in byCountry[country.code].map { (code: country.code, km2: $0) } }
            let geometry = try geometries[key].map { try GEOSGeometry.unaryUnion($0, context: context) }
            transfers.append(Transfer(from: key.from, to: key.to, km2: areas.reduce(0) { $0 + $1.km2 }, areas: areas,
                                      countries: countries, geometry: geometry))
        }
        transfers.sort { ($0.km2, $1.from, $1.to) > ($1.km2, $0.from, $0.to) }

        var places: [PlaceChange] = []
        // The events between the two maps, once: place events by cell, and the drawn ones.
        var byCell: [Int: [ControlEvent]] = [:]
        var drawn: [ControlEvent] = []
        for event in events ?? [] where event.at > before.at && event.at <= after.at && after.view.includes(event) {
            if let id = event.placeID {
                if let cell = territory.cellOfSettlement[id] { byCell[cell, default: []].append(event) }
            } else {
                drawn.append(event)
            }
        }
        let holdersBefore = try Holders(map: before, territory: territory)
        let holdersAfter = try Holders(map: after, territory: territory)
        for settlement in territory.geoData.settlements {
            guard let cell = territory.cellOfSettlement[settlement.id] else { continue }
            let region = territory.areaOfCell[cell]
            guard selection.covers(region) else { continue }
            guard let was = try holdersBefore.holder(of: settlement, cell: cell),
                  let now = try holdersAfter.holder(of: settlement, cell: cell), was.side != now.side else { continue }
            var at = now.since
            if events != nil {
                // Replay order: by time, then as recorded (the log's sequence).
                let relevant = ((byCell[cell] ?? []) + drawn).sorted { ($0.at, $0.sequence) < ($1.at, $1.sequence) }
                at = firstOfLastRun(settlement: settlement, cell: cell, side: now.side, events: relevant, territory: territory) ?? at
            }
            places.append(PlaceChange(id: settlement.id, name: settlement.name, areaISO: settlement.areaISO,
                                      from: was.side, to: now.side, at: at))
        }
        places.sort { ($0.at?.millisecondsSinceEpoch ?? 0, $0.name) < ($1.at?.millisecondsSinceEpoch ?? 0, $1.name) }
        return ControlChange(from: before.at, to: after.at, view: after.view, transfers: transfers, places: places)
    }
}

extension ControlChange {
    /// The side holding a settlement's point on `map` (nil for a settlement GeoData lacks).
    public static func holder(of settlementID: Int, on map: ControlMap, territory: Territory) throws -> Side? {
        guard let settlement = territory.geoData.settlement(id: settlementID),
              let cell = territory.cellOfSettlement[settlementID] else { return nil }
        return try Holders(map: map, territory: territory).holder(of: settlement, cell: cell)?.side
    }

    /// The time of the first event in the last unbroken run of `events` (in replay order) that
    /// put `settlement` with `side`.
    static func firstOfLastRun(settlement: Settlement, cell: Int, side: Side, events: [ControlEvent],
                               territory: Territory) -> EventTime? {
        var start: EventTime?
        for event in events {
            guard let says = sideAssigned(by: event, to: settlement, cell: cell, territory: territory) else { continue }
            if says == side {
                if start == nil { start = event.at }
            } else {
                start = nil
            }
        }
        return start
    }

    /// The side `event` gives the settlement's point, nil when it says nothing about it.
    static func sideAssigned(by event: ControlEvent, to settlement: Settlement, cell: Int, territory: Territory) -> Side? {
        let point = settlement.coordinate
        func covers(_ geometry: Geometry) -> Bool {
            geometry.polygons.contains { polygon in
                guard let box = BoundingBox(polygon.exterior), box.contains(point) else { return false }
                return PointInPolygon.contains(polygon, point)
            }
        }
        switch event.subject {
        case .place(let id):
            return territory.cellOfSettlement[id] == cell ? event.side : nil
        case .area(let geometry):
            return covers(geometry) ? event.side : nil
        case .snapshot(let snapshot):
            // Later parts are drawn over earlier ones.
            for part in snapshot.parts.reversed() where covers(part.geometry) { return part.side }
            return territory.areas[territory.areaOfCell[cell]].country == snapshot.region ? Side(normalized: snapshot.region) : nil
        }
    }
}

/// Who holds each settlement's point on one map. Whole cells answer at once; points in cut
/// territory are tested against prepared pieces (built on first need, with their boxes).
final class Holders {
    let map: ControlMap
    let territory: Territory
    private var fullSide: [Int: ControlMap.FullCell] = [:]
    private var prepared: [Int: [(piece: ControlMap.Piece, box: BoundingBox, prepared: PreparedGeometry)]] = [:]

    init(map: ControlMap, territory: Territory) throws {
        self.map = map
        self.territory = territory
        for region in map.regions { for full in region.fullCells { fullSide[full.cell.index] = full } }
    }

    private func pieces(of region: Int) throws -> [(piece: ControlMap.Piece, box: BoundingBox, prepared: PreparedGeometry)] {
        if let cached = prepared[region] { return cached }
        let made = try map.regions[region].pieces.compactMap { piece -> (ControlMap.Piece, BoundingBox, PreparedGeometry)? in
            guard let box = try piece.geometry.boundingBox else { return nil }
            return (piece, box, try PreparedGeometry(piece.geometry))
        }
        prepared[region] = made
        return made
    }

    func holder(of settlement: Settlement, cell: Int) throws -> (side: Side, since: EventTime?)? {
        if let full = fullSide[cell] { return (full.side, full.since) }
        let region = territory.areaOfCell[cell]
        let candidates = try pieces(of: region)
        let point = settlement.coordinate
        for candidate in candidates where candidate.box.contains(point) {
            if try candidate.prepared.covers(point) { return (candidate.piece.side, candidate.piece.since) }
        }
        // The settlement's point lies just outside its (generalised) area: the first piece
        // meeting its cell answers.
        let cellGeometry = try territory.cell(cell)
        for candidate in candidates where candidate.box.intersects(territory.cellBoxes[cell]) {
            if try candidate.prepared.intersects(cellGeometry) { return (candidate.piece.side, candidate.piece.since) }
        }
        return nil
    }
}
