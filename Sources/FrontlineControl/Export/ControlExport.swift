import FrontlineEvents
import FrontlineGeometry
import FrontlineSupport
import FrontlineJSON

/// A control map as one RFC 7946 FeatureCollection, in layers.
///
/// Geometries are snapped to the 10⁻⁶° grid the writer rounds to (about 0.1 m), with GEOS
/// keeping them valid, before they are measured: `km2` and `km` are the geodesic measures of the
/// very geometry written.
public enum ControlExport {
    public enum Layer: String, CaseIterable, Sendable {
        /// One (Multi)Polygon per side.
        case control
        /// One (Multi)Polygon per transfer between the two instants (needs a change).
        case changes
        /// One (Multi)LineString per pair of sides that meet.
        case frontline
        /// A Point per settlement with the side holding it.
        case places
        /// The admin areas.
        case areas
        /// The territory model itself: each settlement's cell with the side holding the
        /// settlement (not in the default set: 5,500 polygons).
        case cells
        /// Logistics hubs as Points with their status.
        case hubs
        /// Route segments as LineStrings, `open` when one side's territory holds them whole, with
        /// that side's `state` (open, under-fire, cut) and `fireKm`.
        case routes

        /// What `export` writes when no layers are named.
        public static let defaults: [Layer] = [.control, .changes, .frontline, .places, .areas, .hubs, .routes]
    }

    static let grid = 1e-6

    public static func features(map: ControlMap, change: ControlChange?, layers: [Layer], territory: Territory,
                                selection: AreaSelection? = nil, hubs: HubAnalysis? = nil) throws -> [Feature] {
        var logistics: (hubs: [HubStatus], segments: [SegmentStatus])?
        func evaluated() throws -> (hubs: [HubStatus], segments: [SegmentStatus])? {
            guard let hubs else { return nil }
            if let logistics { return logistics }
            let made = try hubs.evaluate(map)
            logistics = made
            return made
        }
        let at = JSONValue.string(map.at.iso8601)
        var features: [Feature] = []
        var sideGeometry: SideGeometry?
        func sides() throws -> SideGeometry {
            if let sideGeometry { return sideGeometry }
            let made = try Trace.measure("side unions") { try SideGeometry(map: map, territory: territory, selection: selection) }
            sideGeometry = made
            return made
        }
        for layer in layers {
          try Trace.measure("layer \(layer.rawValue)") {
            switch layer {
            case .control:
                let territories = try Trace.measure("merge regions") { try sides().territories() }
                for (side, geometry) in territories.sorted(by: { $0.key < $1.key }) {
                    let snapped = try Trace.measure("snap \(side)") { try polygonal(geometry) }
                    guard let (polygons, km2) = snapped else { continue }
                    features.append(Feature(geometry: polygons, properties: [
                        "layer": "control", "side": .string(side), "km2": .number(km2), "at": at,
                    ]))
                }
            case .changes:
                guard let change else { return }
                for transfer in change.transfers {
                    guard let geometry = transfer.geometry, let (polygons, km2) = try polygonal(geometry) else { continue }
                    features.append(Feature(geometry: polygons, properties: [
                        "layer": "changes", "from": .string(transfer.from.code), "to": .string(transfer.to.code),
                        "km2": .number(km2), "since": .string(change.from.iso8601), "at": at,
                    ]))
                }
            case .frontline:
                for line in try sides().frontLines() {
                    let snapped = try line.geometry.setPrecision(gridSize: grid)
                    let lines = try snapped.geometry()
                    guard !lines.isEmpty else { continue }
                    features.append(Feature(geometry: lines, properties: [
                        "layer": "frontline", "sides": .array(line.sides.map { .string($0.code) }),
                        "km": .number(Geodesic.wgs84.length(of: lines) / 1000), "at": at,
                    ]))
                }
            case .places:
                let holders = try Holders(map: map, territory: territory)
                for settlement in territory.geoData.settlements {
                    guard let cell = territory.cellOfSettlement[settlement.id] else { continue }
                    guard selection.covers(territory.areaOfCell[cell]) else { continue }
                    guard let holder = try holders.holder(of: settlement, cell: cell) else { continue }
                    var properties: JSONObject = [
                        "layer": "places", "id": .number(Double(settlement.id)), "name": .string(settlement.name),
                        "area": .string(settlement.areaISO), "population": .number(Double(settlement.population)),
                        "side": .string(holder.side.code),
                    ]
                    properties.append(key: "since", value: holder.since.map { .string($0.iso8601) } ?? .null)
                    properties.append(key: "at", value: at)
                    features.append(Feature(geometry: .point(settlement.coordinate), properties: properties))
                }
            case .hubs:
                for status in try evaluated()?.hubs ?? [] {
                    let settlement = status.hub.settlement
                    guard selection?.contains(iso: settlement.areaISO) ?? true else { continue }
                    var properties: JSONObject = [
                        "layer": "hubs", "id": .string(status.hub.id), "name": .string(settlement.name),
                        "place": .number(Double(settlement.id)), "kind": .string(status.hub.kind.rawValue),
                        "importance": .number(Double(status.hub.importance)),
                    ]
                    properties.append(key: "side", value: status.side.map { .string($0.code) } ?? .null)
                    properties.append(key: "status", value: .string(status.condition.rawValue))
                    properties.append(key: "frontKm", value: status.frontKm.map { .number(($0 * 1000).rounded() / 1000) } ?? .null)
                    properties.append(key: "encirclement", value: .number((status.encirclement * 1000).rounded() / 1000))
                    properties.append(key: "routesOpen", value: .number(Double(status.routesOpen)))
                    properties.append(key: "routesTotal", value: .number(Double(status.routesTotal)))
                    properties.append(key: "at", value: at)
                    features.append(Feature(geometry: .point(settlement.coordinate), properties: properties))
                }
            case .routes:
                for segment in try evaluated()?.segments ?? [] {
                    let line = Geometry.lineString(LineString(unchecked: [segment.from.coordinate, segment.to.coordinate]))
                    var properties: JSONObject = [
                        "layer": "routes", "route": .string(segment.route.id), "name": .string(segment.route.name),
                        "kind": .string(segment.route.kind.rawValue), "from": .string(segment.from.name), "to": .string(segment.to.name),
                        "open": .bool(segment.isOpen),
                    ]
                    properties.append(key: "side", value: segment.side.map { .string($0.code) } ?? .null)
                    properties.append(key: "state", value: .string(segment.state.rawValue))
                    properties.append(key: "fireKm", value: .number((segment.fireKm * 1000).rounded() / 1000))
                    properties.append(key: "km", value: .number(Geodesic.wgs84.length(of: line) / 1000))
                    properties.append(key: "at", value: at)
                    features.append(Feature(geometry: line, properties: properties))
                }
            case .cells:
                let holders = try Holders(map: map, territory: territory)
                for (index, cell) in territory.cells.enumerated() {
                    guard selection.covers(territory.areaOfCell[index]) else { continue }
                    guard let (polygons, km2) = try polygonal(try territory.cell(index)) else { continue }
                    var properties: JSONObject = ["layer": "cells", "area": .string(cell.areaISO), "km2": .number(km2)]
                    if let id = cell.settlementID, let settlement = territory.geoData.settlement(id: id) {
                        properties.append(key: "id", value: .number(Double(id)))
                        properties.append(key: "name", value: .string(settlement.name))
                        let holder = try holders.holder(of: settlement, cell: index)
                        properties.append(key: "side", value: holder.map { .string($0.side.code) } ?? .null)
                    }
                    properties.append(key: "at", value: at)
                    features.append(Feature(geometry: polygons, properties: properties))
                }
            case .areas:
                for (index, area) in territory.areas.enumerated() where selection.covers(index) {
                    guard let (polygons, km2) = try polygonal(try territory.area(index)) else { continue }
                    features.append(Feature(geometry: polygons, properties: [
                        "layer": "areas", "iso": .string(area.iso), "name": .string(area.name),
                        "country": .string(area.country), "km2": .number(km2),
                    ]))
                }
            }
          }
        }
        return features
    }

    /// The geometry snapped to the output grid, as a Polygon or MultiPolygon, with its km²;
    /// nil when nothing is left.
    static func polygonal(_ geometry: GEOSGeometry) throws -> (Geometry, Double)? {
        let snapped = try geometry.setPrecision(gridSize: grid).polygonalPart()
        let polygons = try snapped.geometry().polygons
        guard !polygons.isEmpty else { return nil }
        let value: Geometry = polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
        return (value, value.drawnAreaKm2)
    }
}
