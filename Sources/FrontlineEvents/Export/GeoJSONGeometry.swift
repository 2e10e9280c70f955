import Foundation
import FrontlineGeometry

/// GeoJSON geometry objects (RFC 7946 §3.1) as the event files write them: compact JSON whose
/// numbers round-trip exactly (Swift's shortest representation). They are read back by
/// ``GeoJSONReader/geometry(from:zeroSign:)`` (`Import/JSONEventFormats.swift`).
enum GeoJSONGeometry {
    static func json(_ geometry: Geometry) -> String {
        var out = ""
        write(geometry, into: &out)
        return out
    }

    private static func write(_ geometry: Geometry, into out: inout String) {
        if case .collection(let members) = geometry {
            out += "{\"type\":\"GeometryCollection\",\"geometries\":["
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                write(member, into: &out)
            }
            out += "]}"
            return
        }
        out += "{\"type\":\"\(geometry.typeName)\",\"coordinates\":"
        func pos(_ c: Coordinate) { out += "[\(c.lon),\(c.lat)]" }
        func seq(_ cs: [Coordinate]) {
            out += "["
            for (i, c) in cs.enumerated() { if i > 0 { out += "," }; pos(c) }
            out += "]"
        }
        func poly(_ p: Polygon) {
            out += "["
            seq(p.exterior)
            for hole in p.holes { out += ","; seq(hole) }
            out += "]"
        }
        func many<T>(_ items: [T], _ body: (T) -> Void) {
            out += "["
            for (i, item) in items.enumerated() { if i > 0 { out += "," }; body(item) }
            out += "]"
        }
        switch geometry {
        case .point(let c): pos(c)
        case .multiPoint(let cs): seq(cs)
        case .lineString(let l): seq(l.coordinates)
        case .multiLineString(let ls): many(ls) { seq($0.coordinates) }
        case .polygon(let p): poly(p)
        case .multiPolygon(let ps): many(ps, poly)
        case .collection: break
        }
        out += "}"
    }
}

/// GeoJSON geometry objects as the event files carry them.
public enum EventsGeoJSON {
    /// Compact GeoJSON for `geometry`, numbers written so they read back exactly.
    public static func json(_ geometry: Geometry) -> String { GeoJSONGeometry.json(geometry) }
}
