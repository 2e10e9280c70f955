import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// When a hub counts as threatened, contested or cut off. Defaults as documented in the README.
public struct HubThresholds: Sendable {
    /// Radius of the ring whose opposing share is `encirclement`, km.
    public var ringKm = 15.0
    /// Contested when the front is this close, km.
    public var contestedKm = 2.0
    /// Threatened when the front is this close, km.
    public var threatenedKm = 25.0
    /// Threatened when this share of the ring (or more) is held by an opposing side or contested.
    public var encirclement = 0.25
    /// Points sampled on the ring.
    public var ringSamples = 360

    public init() {}
}

public enum HubCondition: String, Sendable, CaseIterable, Comparable {
    case secure, threatened, contested, cutOff = "cut-off"

    /// Most urgent last.
    var rank: Int { HubCondition.allCases.firstIndex(of: self)! }
    public static func < (a: HubCondition, b: HubCondition) -> Bool { a.rank < b.rank }
}

/// One hub on one map.
public struct HubStatus: Sendable {
    public let hub: Logistics.Hub
    /// Who holds the hub's settlement; nil when nobody does (beyond every territory).
    public let side: String?
    public let condition: HubCondition
    /// Geodesic distance to the nearest territory held by another side (contested included), km;
    /// nil when there is none.
    public let frontKm: Double?
    /// Share of the ring around the hub held by another side or contested (0–1), over the part
    /// of the ring that is anybody's territory.
    public let encirclement: Double
    /// Route segments leaving the hub that still lead to its side's rear through its territory.
    public let routesOpen: Int
    public let routesTotal: Int
}

/// A route segment (between two consecutive waypoints) on one map.
public struct SegmentStatus: Sendable {
    public let route: Logistics.Route
    public let from: Settlement
    public let to: Settlement
    /// The side whose territory holds the whole segment; nil when it crosses a front.
    public let side: String?
    public var isOpen: Bool { side != nil }
}

/// Hub status and ground lines of communication, computed on control maps.
///
/// A segment is open for a side when no other side's territory (contested included) touches
/// it. A hub's leaving segment is open when it is open and leads, over open segments that do
/// not pass through the hub again, to one of the side's rear anchors held by that side.
public final class HubAnalysis {
    public let territory: Territory
    public let logistics: Logistics
    public let thresholds: HubThresholds

    /// Undirected edges between waypoints (GeoNames ids), each with the routes using it.
    private var edges: [(a: Settlement, b: Settlement, route: Logistics.Route)] = []

    public init(territory: Territory, logistics: Logistics, thresholds: HubThresholds = HubThresholds()) {
        self.territory = territory
        self.logistics = logistics
        self.thresholds = thresholds
        for route in logistics.routes {
            for (a, b) in zip(route.waypoints, route.waypoints.dropFirst()) { edges.append((a, b, route)) }
        }
    }

    /// Every hub and segment on `map`.
    public func evaluate(_ map: ControlMap) throws -> (hubs: [HubStatus], segments: [SegmentStatus]) {
        let context = territory.context
        let sides = try SideGeometry(map: map, territory: territory).territories()
        let prepared = try sides.mapValues { try PreparedGeometry($0) }
        let holders = try Holders(map: map, territory: territory)

        func holder(of settlement: Settlement) throws -> String? {
            if let cell = territory.cellOfSettlement[settlement.id] {
                return try holders.holder(of: settlement, cell: cell)?.side
            }
            return try prepared.first { try $0.value.covers(settlement.coordinate) }?.key
        }
        func holder(of point: Coordinate) throws -> String? {
            try prepared.first { try $0.value.covers(point) }?.key
        }

        // Segments: which side's territory holds each whole.
        var segments: [SegmentStatus] = []
        for edge in edges {
            let line = try GEOSGeometry(.lineString(LineString(unchecked: [edge.a.coordinate, edge.b.coordinate])), context: context)
            let touching = try prepared.filter { try $0.value.intersects(line) }.map(\.key)
            let side = touching.count == 1 && touching[0] != Side.contested ? touching[0] : nil
            segments.append(SegmentStatus(route: edge.route, from: edge.a, to: edge.b, side: side))
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
                if owner != side || owner == Side.contested { opposing += 1 }
            }
            let encirclement = held == 0 ? 0 : Double(opposing) / Double(held)
            // Routes leaving the hub.
            let leaving = segments.filter { $0.from.id == hub.settlement.id || $0.to.id == hub.settlement.id }
            var open = 0
            if let side, side != Side.contested {
                let rear = anchors[side] ?? []
                let reachable = reach(from: rear, side: side, avoiding: hub.settlement.id, segments: segments)
                for segment in leaving where segment.side == side {
                    let other = segment.from.id == hub.settlement.id ? segment.to.id : segment.from.id
                    if rear.contains(hub.settlement.id) || reachable.contains(other) { open += 1 }
                }
            }
            // A hub at its side's rear cannot be cut off from it.
            let atRear = side.map { anchors[$0]?.contains(hub.settlement.id) ?? false } ?? false
            let condition = classify(side: side, frontKm: frontKm, encirclement: encirclement, open: open, total: leaving.count,
                                     atRear: atRear)
            statuses.append(HubStatus(hub: hub, side: side, condition: condition, frontKm: frontKm, encirclement: encirclement,
                                      routesOpen: open, routesTotal: leaving.count))
        }
        return (statuses, segments)
    }

    func classify(side: String?, frontKm: Double?, encirclement: Double, open: Int, total: Int, atRear: Bool = false) -> HubCondition {
        let t = thresholds
        if let side, side != Side.contested, total > 0, open == 0, !atRear { return .cutOff }
        if side == nil || side == Side.contested || (frontKm ?? .infinity) <= t.contestedKm { return .contested }
        if (frontKm ?? .infinity) <= t.threatenedKm || encirclement >= t.encirclement || open < total { return .threatened }
        return .secure
    }

    /// Waypoints reachable from `rear` over segments open for `side`, never through `avoiding`.
    func reach(from rear: Set<Int>, side: String, avoiding: Int, segments: [SegmentStatus]) -> Set<Int> {
        var adjacency: [Int: [Int]] = [:]
        for segment in segments where segment.side == side && segment.from.id != avoiding && segment.to.id != avoiding {
            adjacency[segment.from.id, default: []].append(segment.to.id)
            adjacency[segment.to.id, default: []].append(segment.from.id)
        }
        var seen = rear.subtracting([avoiding])
        var queue = Array(seen)
        while let next = queue.popLast() {
            for neighbour in adjacency[next] ?? [] where seen.insert(neighbour).inserted { queue.append(neighbour) }
        }
        return seen
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
