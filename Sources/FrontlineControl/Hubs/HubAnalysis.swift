import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// The distances and shares behind a hub's status. Defaults as documented in the README
/// ("Logistics hubs"), with the calibration cases that chose them.
public struct HubThresholds: Sendable {
    /// A stretch of a line within this distance of ground another side holds or contests is
    /// under fire control, km: the reach of tube artillery and FPV drones in ISW's and
    /// DeepState's descriptions of roads "under Russian fire control".
    public var fireKm = 10.0
    /// Under pressure when the front is this close to the hub, km.
    public var pressureKm = 15.0
    /// Threatened when this share of its lines (or more) is cut or under fire control.
    public var threatenedShare = 0.5
    /// A way from the hub to its side's rear that crosses more than this much ground held or
    /// contested by another side, km, leads into the enemy's ground: it is the enemy's axis of
    /// advance, not one of the hub's lines (which would then be a cut line).
    public var axisKm = 15.0
    /// Fire control counts within this many km of the hub along a line: farther on, the stretch
    /// is the next hub's concern (without it, Dzhankoi, 90 km from the front, would count the
    /// stretch of the M-18 near Vasylivka as its own).
    public var reachKm = 30.0
    /// A line is under fire control when at least this many km of it are (a shorter exposure
    /// is a crossing a convoy makes in minutes).
    public var minFireKm = 5.0
    /// Fire control counts where the enemy is on a line's flank or ahead of it: where the
    /// nearest enemy ground lies at least this many degrees away from the direction back to the
    /// hub. Fire from behind the hub is the hub's own exposure (its front distance says that):
    /// a road leaving a front-line town straight away from the front never counts, one running
    /// between two enemy salients does.
    public var flankDegrees = 60.0
    /// Radius of the ring whose share held by another side or contested is `encirclement`, km.
    public var ringKm = 15.0
    /// Points sampled on the ring.
    public var ringSamples = 360
    /// Lines are measured every this many km.
    public var sampleKm = 0.25

    public init() {}
}

/// A hub's status for its holder, least to most urgent (`heldByOtherSide` apart: it is the
/// status for a reader following the side that held the hub before).
public enum HubCondition: String, Sendable, CaseIterable, Comparable {
    case secure
    case underPressure = "under-pressure"
    case threatened
    case nearlyEncircled = "nearly-encircled"
    case cutOff = "cut-off"
    case contested
    case heldByOtherSide = "held-by-other-side"

    /// The words for people: "nearly encircled".
    public var label: String { rawValue.replacingOccurrences(of: "-", with: " ") }

    /// Most urgent last; a hub held by the other side sorts before secure ones.
    var rank: Int { self == .heldByOtherSide ? -1 : HubCondition.allCases.firstIndex(of: self)! }
    public static func < (a: HubCondition, b: HubCondition) -> Bool { a.rank < b.rank }
}

/// The state of a line of communication (or of one stretch of it).
public enum LineState: String, Sendable, CaseIterable, Comparable {
    case open
    /// Within `fireKm` of the enemy's ground, on the line's flank.
    case underFire = "under-fire"
    /// It crosses ground another side holds or contests.
    case cut

    public var label: String { self == .underFire ? "under fire control" : rawValue }
    var rank: Int { LineState.allCases.firstIndex(of: self)! }
    public static func < (a: LineState, b: LineState) -> Bool { a.rank < b.rank }
}

/// One line of communication of a hub: a route leaving it, followed over the network to a rear
/// anchor its holder holds.
public struct HubLine: Sendable {
    /// The route the line leaves the hub by, and the next waypoint on it.
    public let route: Logistics.Route
    public let toward: Settlement
    /// The rear anchor it leads to, and the waypoints on the way (hub first).
    public let rear: Settlement
    public let path: [Settlement]
    public let state: LineState
    /// Length to the rear anchor, km; the part of it under fire control (not cut); the part
    /// crossing ground another side holds or contests.
    public let km: Double
    public let fireKm: Double
    public let cutKm: Double
    /// Where it is first cut: km from the hub, and the two waypoints of that stretch.
    public let cutAt: (km: Double, from: Settlement, to: Settlement)?
    /// The point where it is first cut.
    public let cutPoint: Coordinate?
    /// The line from the hub in runs of one state each (what the map draws).
    public let stretches: [Stretch]

    public struct Stretch: Sendable {
        public let state: LineState
        /// km from the hub where the run starts.
        public let startKm: Double
        public var points: [Coordinate]
    }
}

/// One hub on one map.
public struct HubStatus: Sendable {
    public let hub: Logistics.Hub
    /// Who holds the hub's settlement; nil when nobody does (beyond every territory).
    public let side: Side?
    public let condition: HubCondition
    /// Geodesic distance to the nearest territory held by another side (contested included), km;
    /// nil when there is none.
    public let frontKm: Double?
    /// Share of the ring around the hub held by another side or contested (0–1), over the part
    /// of the ring that is anybody's territory.
    public let encirclement: Double
    /// The holder's lines of communication (none for a contested hub).
    public let lines: [HubLine]
    /// Routes leaving the hub that lead into another side's ground (its axes, not lines).
    public let axes: Int
    /// Whether the hub is itself one of its holder's rear anchors.
    public let atRear: Bool

    public var routesOpen: Int { lines.filter { $0.state != .cut }.count }
    public var routesTotal: Int { lines.count }
}

/// A route segment (between two consecutive waypoints) on one map.
public struct SegmentStatus: Sendable {
    public let route: Logistics.Route
    public let from: Settlement
    public let to: Settlement
    public let km: Double
    /// The side none of whose enemies' ground the segment crosses, when exactly one such side
    /// holds ground on it; nil when it crosses a front.
    public let side: Side?
    /// For `side`: its state and the km under fire control (any side of the line: a segment
    /// has no hub to take a flank from).
    public let state: LineState
    public let fireKm: Double
    public var isOpen: Bool { side != nil }
}

/// Hub status and ground lines of communication, computed on control maps.
///
/// Each segment is sampled every `sampleKm`: a sample is cut for a side when it lies in ground
/// another side holds or contests, and has its distance to that ground otherwise (up to
/// `fireKm`; measured in a local equirectangular frame, within 0.5 % at these distances). A
/// route leaving a hub is a line of communication when the cheapest way from the hub through
/// it to one of the holder's rear anchors (held by it; cut ground costs 101 × its length, ground
/// within fire reach 3 ×) crosses at most `axisKm` of enemy ground; the line's state is the
/// worst of its stretches.
public final class HubAnalysis {
    public let territory: Territory
    public let logistics: Logistics
    public let thresholds: HubThresholds

    struct Edge { let a: Settlement; let b: Settlement; let route: Logistics.Route; let km: Double }
    /// Undirected edges between waypoints, each with its route.
    private var edges: [Edge] = []
    /// Waypoint id → edge indices.
    private var adjacency: [Int: [Int]] = [:]

    public init(territory: Territory, logistics: Logistics, thresholds: HubThresholds = HubThresholds()) {
        self.territory = territory
        self.logistics = logistics
        self.thresholds = thresholds
        for route in logistics.routes {
            for (a, b) in zip(route.waypoints, route.waypoints.dropFirst()) {
                adjacency[a.id, default: []].append(edges.count)
                adjacency[b.id, default: []].append(edges.count)
                edges.append(Edge(a: a, b: b, route: route, km: Geodesic.wgs84.distance(from: a.coordinate, to: b.coordinate) / 1000))
            }
        }
    }

    /// A segment's samples for one side, from `a` to `b`: each piece's distance to the side's
    /// enemies' ground, km (0: in it; infinity: beyond `fireKm`).
    struct Reading {
        let distances: [Double]
        /// Where each piece's nearest enemy ground lies: east and north km (nil unless within fire reach).
        let enemy: [(east: Double, north: Double)?]
        /// Each piece's centre.
        let points: [Coordinate]
        var pieceKm: Double
    }

    /// Every hub and segment on `map`. `perspective` gives, by hub id, the side a reader follows:
    /// a hub it names held by another side (not contested) is `heldByOtherSide`.
    public func evaluate(_ map: ControlMap, perspective: [String: Side] = [:]) throws -> (hubs: [HubStatus], segments: [SegmentStatus]) {
        let context = territory.context
        let sides = try SideGeometry(map: map, territory: territory).territories()
        let prepared = try sides.mapValues { try PreparedGeometry($0) }
        let holders = try Holders(map: map, territory: territory)

        func holder(of settlement: Settlement) throws -> String? {
            if let cell = territory.cellOfSettlement[settlement.id] {
                return try holders.holder(of: settlement, cell: cell)?.side.code
            }
            return try prepared.first { try $0.value.covers(settlement.coordinate) }?.key
        }
        func holder(of point: Coordinate) throws -> String? {
            try prepared.first { try $0.value.covers(point) }?.key
        }

        // Readings of every segment for every side that holds ground (contested excepted).
        let realSides = sides.keys.filter { $0 != Side.contested.code }.sorted()
        var readings: [String: [Reading]] = [:]
        for side in realSides {
            let enemies = sides.filter { $0.key != side }
            readings[side] = try edges.map { try read($0, enemies: enemies, prepared: prepared, context: context) }
        }

        // Segments, as the export draws them.
        var segments: [SegmentStatus] = []
        for (index, edge) in edges.enumerated() {
            var side: String?
            var state = LineState.cut, fire = 0.0
            let clear = realSides.filter { s in readings[s]![index].distances.allSatisfy { $0 > 0 } }
            let holding = try clear.filter { s in try holder(of: edge.a.coordinate.midpoint(edge.b.coordinate)) == s }
            if clear.count == 1 || holding.count == 1 {
                let s = holding.first ?? clear[0]
                side = s
                let reading = readings[s]![index]
                fire = Double(reading.distances.filter { $0 <= thresholds.fireKm }.count) * reading.pieceKm
                state = fire >= thresholds.minFireKm ? .underFire : .open
            }
            segments.append(SegmentStatus(route: edge.route, from: edge.a, to: edge.b, km: edge.km, side: side.map(Side.init(normalized:)),
                                          state: state, fireKm: fire))
        }

        // Who holds each rear anchor.
        var anchors: [String: Set<Int>] = [:]
        for (side, settlements) in logistics.rear {
            anchors[side] = Set(try settlements.filter { try holder(of: $0) == side }.map(\.id))
        }

        var statuses: [HubStatus] = []
        for hub in logistics.hubs {
            let point = hub.settlement.coordinate
            let side = try holder(of: hub.settlement)
            // Distance to the nearest other side's territory.
            var frontKm: Double?
            for (other, geometry) in sides where other != side {
                let km = try distanceKm(from: point, to: geometry)
                if let km, km < (frontKm ?? .infinity) { frontKm = km }
            }
            // The ring.
            let circle = Geodesic.wgs84.circle(center: point, radius: thresholds.ringKm * 1000, segments: thresholds.ringSamples)
            var held = 0, opposing = 0
            for sample in circle.exterior.dropLast() {
                guard let owner = try holder(of: sample) else { continue }
                held += 1
                if owner != side || owner == Side.contested.code { opposing += 1 }
            }
            let encirclement = held == 0 ? 0 : Double(opposing) / Double(held)
            var lines: [HubLine] = [], axes = 0, atRear = false
            if let side, side != Side.contested.code, let sideReadings = readings[side] {
                let rear = anchors[side] ?? []
                atRear = rear.contains(hub.settlement.id)
                for edgeIndex in adjacency[hub.settlement.id] ?? [] {
                    if let line = try self.line(from: hub.settlement, first: edgeIndex, rear: rear.subtracting([hub.settlement.id]),
                                                readings: sideReadings, hubFrontKm: frontKm ?? .infinity) {
                        lines.append(line)
                    } else {
                        axes += 1
                    }
                }
            }
            let condition = classify(side: side, perspective: perspective[hub.id]?.code, frontKm: frontKm, lines: lines, atRear: atRear)
            statuses.append(HubStatus(hub: hub, side: side.map(Side.init(normalized:)), condition: condition, frontKm: frontKm,
                                      encirclement: encirclement, lines: lines, axes: axes, atRear: atRear))
        }
        return (statuses, segments)
    }

    /// The ladder (README, "Logistics hubs").
    func classify(side: String?, perspective: String?, frontKm: Double?, lines: [HubLine], atRear: Bool) -> HubCondition {
        let t = thresholds
        guard let side, side != Side.contested.code else { return .contested }
        if let perspective, perspective != Side.contested.code, perspective != side { return .heldByOtherSide }
        let open = lines.filter { $0.state != .cut }
        let troubled = lines.filter { $0.state != .open }
        if !atRear {
            if open.isEmpty { return .cutOff }
            if (open.count == 1 && lines.count >= 2) || open.allSatisfy({ $0.state == .underFire }) { return .nearlyEncircled }
        }
        if !lines.isEmpty, Double(troubled.count) >= t.threatenedShare * Double(lines.count) { return .threatened }
        if (frontKm ?? .infinity) <= t.pressureKm || !troubled.isEmpty { return .underPressure }
        return .secure
    }

    /// Samples one segment for a side whose enemies' territories are `enemies`.
    func read(_ edge: Edge, enemies: [String: GEOSGeometry], prepared: [String: PreparedGeometry], context: GEOSContext) throws -> Reading {
        let pieces = max(1, Int((edge.km / thresholds.sampleKm).rounded(.up)))
        let pieceKm = edge.km / Double(pieces)
        var distances = [Double](repeating: .infinity, count: pieces)
        var enemy = [(east: Double, north: Double)?](repeating: nil, count: pieces)
        let a = edge.a.coordinate, b = edge.b.coordinate
        let lat0 = (a.lat + b.lat) / 2, lon0 = (a.lon + b.lon) / 2
        let ky = 110.574, kx = 111.320 * cos(lat0 * .pi / 180)
        let margin = thresholds.fireKm + 1
        let box = BoundingBox(minLon: min(a.lon, b.lon) - margin / kx, minLat: min(a.lat, b.lat) - margin / ky,
                              maxLon: max(a.lon, b.lon) + margin / kx, maxLat: max(a.lat, b.lat) + margin / ky)
        let boxGeometry = try GEOSGeometry(.polygon(Polygon(unchecked: [
            Coordinate(lon: box.minLon, lat: box.minLat), Coordinate(lon: box.maxLon, lat: box.minLat),
            Coordinate(lon: box.maxLon, lat: box.maxLat), Coordinate(lon: box.minLon, lat: box.maxLat),
            Coordinate(lon: box.minLon, lat: box.minLat),
        ])), context: context)
        func local(_ c: Coordinate) -> Coordinate { Coordinate(lon: (c.lon - lon0) * kx, lat: (c.lat - lat0) * ky) }
        let points = (0..<pieces).map { i -> Coordinate in
            let t = (Double(i) + 0.5) / Double(pieces)
            return Coordinate(lon: a.lon + (b.lon - a.lon) * t, lat: a.lat + (b.lat - a.lat) * t)
        }
        for (side, geometry) in enemies {
            guard let near = prepared[side], try near.intersects(boxGeometry) else { continue }
            let clipped = try geometry.clip(to: box)
            if try clipped.isEmpty { continue }
            let localGeometry = try clipped.geometry().mapped(local)
            let frame = try GEOSGeometry(localGeometry, context: context)
            var edges: [(Coordinate, Coordinate)]?
            for (i, point) in points.enumerated() where distances[i] > 0 {
                let p = local(point)
                let here = try GEOSGeometry(.point(p), context: context)
                let km = try frame.planarDistance(to: here)
                guard km <= thresholds.fireKm, km < distances[i] else { continue }
                distances[i] = km
                if km > 0 {
                    if edges == nil { edges = Self.edges(of: localGeometry) }
                    let q = Self.nearest(to: p, edges: edges!)
                    enemy[i] = (q.lon - p.lon, q.lat - p.lat)
                }
            }
        }
        return Reading(distances: distances, enemy: enemy, points: points, pieceKm: pieceKm)
    }

    /// Every edge of a (local, planar) geometry's rings and lines.
    static func edges(of geometry: Geometry) -> [(Coordinate, Coordinate)] {
        var result: [(Coordinate, Coordinate)] = []
        func add(_ path: [Coordinate]) { for (a, b) in zip(path, path.dropFirst()) { result.append((a, b)) } }
        func walk(_ g: Geometry) {
            switch g {
            case .point(let c): result.append((c, c))
            case .multiPoint(let cs): for c in cs { result.append((c, c)) }
            case .lineString(let l): add(l.coordinates)
            case .multiLineString(let ls): ls.forEach { add($0.coordinates) }
            case .polygon(let p): add(p.exterior); p.holes.forEach(add)
            case .multiPolygon(let ps): for p in ps { add(p.exterior); p.holes.forEach(add) }
            case .collection(let gs): gs.forEach(walk)
            }
        }
        walk(geometry)
        return result
    }

    /// The point of `edges` nearest to `p` (planar).
    static func nearest(to p: Coordinate, edges: [(Coordinate, Coordinate)]) -> Coordinate {
        var best = Coordinate(lon: .infinity, lat: .infinity), bestD2 = Double.infinity
        for (a, b) in edges {
            let dx = b.lon - a.lon, dy = b.lat - a.lat
            let length2 = dx * dx + dy * dy
            let t = length2 == 0 ? 0 : max(0, min(1, ((p.lon - a.lon) * dx + (p.lat - a.lat) * dy) / length2))
            let q = Coordinate(lon: a.lon + t * dx, lat: a.lat + t * dy)
            let d2 = (q.lon - p.lon) * (q.lon - p.lon) + (q.lat - p.lat) * (q.lat - p.lat)
            if d2 < bestD2 { bestD2 = d2; best = q }
        }
        return best
    }

    /// Whether the enemy seen from `point` (east/north km) lies at least `flankDegrees` from the
    /// direction back to `hub`.
    func onFlank(_ enemy: (east: Double, north: Double)?, at point: Coordinate, hub: Coordinate) -> Bool {
        guard let enemy else { return false }
        let east = (hub.lon - point.lon) * 111.320 * cos(point.lat * .pi / 180), north = (hub.lat - point.lat) * 110.574
        let hubLength = (east * east + north * north).squareRoot()
        let enemyLength = (enemy.east * enemy.east + enemy.north * enemy.north).squareRoot()
        // At the hub itself every direction is the hub's own exposure.
        guard hubLength > 0.5, enemyLength > 0 else { return false }
        let cosine = (east * enemy.east + north * enemy.north) / (hubLength * enemyLength)
        return cosine <= cos(thresholds.flankDegrees * .pi / 180)
    }

    /// The line leaving `hub` by edge `first`, or nil when that way leads into the enemy's ground.
    func line(from hub: Settlement, first: Int, rear: Set<Int>, readings: [Reading], hubFrontKm: Double) throws -> HubLine? {
        guard !rear.isEmpty else { return nil }
        // Cost of an edge: its km, plus 100 × its cut km and 2 × its km within fire reach.
        func cost(_ index: Int) -> Double {
            let r = readings[index]
            let cut = Double(r.distances.filter { $0 == 0 }.count) * r.pieceKm
            let near = Double(r.distances.filter { $0 > 0 && $0.isFinite }.count) * r.pieceKm
            return edges[index].km + 100 * cut + 2 * near
        }
        let start = edges[first].a.id == hub.id ? edges[first].b : edges[first].a
        // Dijkstra from the next waypoint, never back through the hub.
        var best: [Int: Double] = [start.id: cost(first)]
        var previous: [Int: (node: Int, edge: Int)] = [start.id: (hub.id, first)]
        var settlements: [Int: Settlement] = [hub.id: hub, start.id: start]
        var done = Set<Int>([hub.id])
        var target: Int?
        while true {
            guard let (node, d) = best.filter({ !done.contains($0.key) }).min(by: { $0.value < $1.value }) else { break }
            done.insert(node)
            if rear.contains(node) { target = node; break }
            for index in adjacency[node] ?? [] {
                let edge = edges[index]
                let other = edge.a.id == node ? edge.b : edge.a
                if done.contains(other.id) { continue }
                let candidate = d + cost(index)
                if candidate < best[other.id] ?? .infinity {
                    best[other.id] = candidate
                    previous[other.id] = (node, index)
                    settlements[other.id] = other
                }
            }
        }
        guard let target else { return nil }
        // The path, hub first.
        var chain: [(node: Int, edge: Int)] = []
        var node = target
        while node != hub.id, let step = previous[node] {
            chain.append((node, step.edge))
            node = step.node
        }
        chain.reverse()
        var path = [hub]
        var km = 0.0, fire = 0.0, cut = 0.0
        var cutAt: (km: Double, from: Settlement, to: Settlement)?
        var cutPoint: Coordinate?
        var stretches: [HubLine.Stretch] = []
        var from = hub
        for (node, index) in chain {
            let to = settlements[node]!
            let reading = readings[index]
            let forward = edges[index].a.id == from.id
            let distances: [Double] = forward ? reading.distances : reading.distances.reversed()
            let enemies = forward ? reading.enemy : reading.enemy.reversed()
            let points: [Coordinate] = forward ? reading.points : reading.points.reversed()
            for (i, d) in distances.enumerated() {
                let s = km + reading.pieceKm / 2
                let t0 = Double(i) / Double(distances.count), t1 = Double(i + 1) / Double(distances.count)
                func at(_ t: Double) -> Coordinate {
                    Coordinate(lon: from.coordinate.lon + (to.coordinate.lon - from.coordinate.lon) * t,
                               lat: from.coordinate.lat + (to.coordinate.lat - from.coordinate.lat) * t)
                }
                var state = LineState.open
                if d == 0 {
                    state = .cut
                    cut += reading.pieceKm
                    if cutAt == nil {
                        cutAt = (s, from, to)
                        cutPoint = at((t0 + t1) / 2)
                    }
                } else if d <= thresholds.fireKm, s <= thresholds.reachKm, onFlank(enemies[i], at: points[i], hub: hub.coordinate) {
                    state = .underFire
                    fire += reading.pieceKm
                }
                if let last = stretches.last, last.state == state {
                    stretches[stretches.count - 1].points.append(at(t1))
                } else {
                    stretches.append(HubLine.Stretch(state: state, startKm: km, points: [at(t0), at(t1)]))
                }
                km += reading.pieceKm
            }
            path.append(to)
            from = to
        }
        guard cut <= thresholds.axisKm else { return nil }
        let state: LineState = cut > 0 ? .cut : fire >= thresholds.minFireKm ? .underFire : .open
        return HubLine(route: edges[first].route, toward: start, rear: path.last!, path: path, state: state,
                       km: km, fireKm: fire, cutKm: cut, cutAt: cutAt, cutPoint: cutPoint,
                       stretches: stretches)
    }

    /// Geodesic km from `point` to `geometry`, looking only within ~2° first (the front is
    /// rarely farther, and the whole territory has hundreds of thousands of vertices).
    func distanceKm(from point: Coordinate, to geometry: GEOSGeometry) throws -> Double? {
        for reach in [2.0, 8.0] {
            let box = BoundingBox(minLon: point.lon - reach * 1.5, minLat: point.lat - reach,
                                  maxLon: point.lon + reach * 1.5, maxLat: point.lat + reach)
            let near = try geometry.clip(to: box)
            guard try !near.isEmpty else { continue }
            let km = Geodesic.wgs84.distance(from: point, to: try near.geometry()) / 1000
            // Within the box's inner radius the answer cannot be beaten by what was clipped off.
            if km <= reach * 111 * 0.6 { return km }
        }
        let km = Geodesic.wgs84.distance(from: point, to: try geometry.geometry()) / 1000
        return km.isFinite ? km : nil
    }
}

extension Coordinate {
    func midpoint(_ other: Coordinate) -> Coordinate { Coordinate(lon: (lon + other.lon) / 2, lat: (lat + other.lat) / 2) }
}

extension Geometry {
    /// The same geometry with every coordinate passed through `f`.
    func mapped(_ f: (Coordinate) -> Coordinate) -> Geometry {
        switch self {
        case .point(let c): .point(f(c))
        case .multiPoint(let cs): .multiPoint(cs.map(f))
        case .lineString(let l): .lineString(LineString(unchecked: l.coordinates.map(f)))
        case .multiLineString(let ls): .multiLineString(ls.map { LineString(unchecked: $0.coordinates.map(f)) })
        case .polygon(let p): .polygon(Polygon(unchecked: p.exterior.map(f), holes: p.holes.map { $0.map(f) }))
        case .multiPolygon(let ps): .multiPolygon(ps.map { Polygon(unchecked: $0.exterior.map(f), holes: $0.holes.map { $0.map(f) }) })
        case .collection(let gs): .collection(gs.map { $0.mapped(f) })
        }
    }
}
