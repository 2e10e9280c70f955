import FrontlineGeometry
import FrontlineJSON

/// Logistics hubs, the route segments between them and each side's rear (GeoData/logistics.json).
/// Every point is a GeoData settlement, so hubs and routes follow whoever holds those places.
public struct Logistics: Sendable {
    public struct Hub: Sendable, Identifiable {
        public enum Kind: String, Sendable, CaseIterable {
            case railJunction = "rail junction"
            case roadHub = "road hub"
            case depot
        }

        public let id: String
        public let settlement: Settlement
        public let kind: Kind
        /// 1 (local) to 3 (theatre-level).
        public let importance: Int

        public init(id: String, settlement: Settlement, kind: Kind, importance: Int) {
            self.id = id
            self.settlement = settlement
            self.kind = kind
            self.importance = importance
        }
    }

    public struct Route: Sendable, Identifiable {
        public enum Kind: String, Sendable { case rail, road }

        public let id: String
        public let name: String
        /// The road number (M03, H26, …) when it has one.
        public let ref: String?
        public let kind: Kind
        /// The settlements it passes, in order (at least two).
        public let waypoints: [Settlement]

        public init(id: String, name: String, ref: String?, kind: Kind, waypoints: [Settlement]) {
            self.id = id
            self.name = name
            self.ref = ref
            self.kind = kind
            self.waypoints = waypoints
        }
    }

    public let hubs: [Hub]
    public let routes: [Route]
    /// Side code → the settlements that count as that side's rear (a route leads somewhere when
    /// it reaches one of them through that side's territory).
    public let rear: [String: [Settlement]]

    public init(hubs: [Hub], routes: [Route], rear: [String: [Settlement]]) {
        self.hubs = hubs
        self.routes = routes
        self.rear = rear
    }

    public static let empty = Logistics(hubs: [], routes: [], rear: [:])

    /// Parses logistics JSON, looking settlements up by GeoNames id.
    static func parse(_ bytes: UnsafeRawBufferPointer, file: String, settlement: (Int) -> Settlement?) throws -> Logistics {
        func fail(_ field: String, _ problem: String) -> GeoDataError {
            .malformed(file: file, line: 1, field: field, problem: problem)
        }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw fail("json", "\(error)") }
        func place(_ value: JSONValue?, _ field: String) throws -> Settlement {
            guard let number = value?.numberValue, let id = Int(exactly: number) else { throw fail(field, "expected a GeoNames id") }
            guard let found = settlement(id) else { throw fail(field, "no settlement \(id) in GeoData") }
            return found
        }
        func text(_ object: JSONValue, _ key: String, _ field: String) throws -> String {
            guard let value = object[key]?.stringValue, !value.isEmpty else { throw fail("\(field).\(key)", "missing or not a string") }
            return value
        }
        var seen = Set<String>()
        let hubs = try (root["hubs"]?.arrayValue ?? []).enumerated().map { index, hub -> Hub in
            let field = "hubs[\(index)]"
            let id = try text(hub, "id", field)
            guard seen.insert("hub:" + id).inserted else { throw fail("\(field).id", "duplicate id '\(id)'") }
            guard let kind = Hub.Kind(rawValue: try text(hub, "kind", field)) else {
                throw fail("\(field).kind", "one of \(Hub.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let importance = hub["importance"]?.numberValue, (1...3).contains(importance) else {
                throw fail("\(field).importance", "expected 1, 2 or 3")
            }
            return Hub(id: id, settlement: try place(hub["settlement"], "\(field).settlement"), kind: kind, importance: Int(importance))
        }
        let routes = try (root["routes"]?.arrayValue ?? []).enumerated().map { index, route -> Route in
            let field = "routes[\(index)]"
            let id = try text(route, "id", field)
            guard seen.insert("route:" + id).inserted else { throw fail("\(field).id", "duplicate id '\(id)'") }
            guard let kind = Route.Kind(rawValue: try text(route, "kind", field)) else { throw fail("\(field).kind", "rail or road") }
            let via = route["via"]?.arrayValue ?? []
            guard via.count >= 2 else { throw fail("\(field).via", "a route needs two settlements or more") }
            return Route(id: id, name: try text(route, "name", field), ref: route["ref"]?.stringValue, kind: kind,
                         waypoints: try via.enumerated().map { try place($1, "\(field).via[\($0)]") })
        }
        var rear: [String: [Settlement]] = [:]
        for member in root["rear"]?.objectValue?.members ?? [] {
            rear[member.key] = try (member.value.arrayValue ?? []).enumerated().map { try place($1, "rear.\(member.key)[\($0)]") }
        }
        return Logistics(hubs: hubs, routes: routes, rear: rear)
    }
}
