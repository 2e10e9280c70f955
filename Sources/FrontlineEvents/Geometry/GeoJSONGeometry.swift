import Foundation
import FrontlineGeometry
import FrontlineSupport

/// GeoJSON geometry objects (RFC 7946 §3.1) to and from ``Geometry``, for the event files: read
/// from `JSONSerialization` values with messages that say what is wrong, written as compact JSON
/// whose numbers round-trip exactly (Swift's shortest representation).
enum GeoJSONGeometry {
    static func geometry(from json: Any) throws -> Geometry {
        guard let object = json as? [String: Any] else { throw EventFieldError("is not a GeoJSON geometry object") }
        guard let type = object["type"] as? String else { throw EventFieldError("has no \"type\"") }
        if type == "GeometryCollection" {
            guard let members = object["geometries"] as? [Any] else { throw EventFieldError("a GeometryCollection needs \"geometries\"") }
            return .collection(try members.map(geometry(from:)))
        }
        guard let coordinates = object["coordinates"] else { throw EventFieldError("a \(type) needs \"coordinates\"") }
        switch type {
        case "Point": return .point(try position(coordinates))
        case "MultiPoint": return .multiPoint(try list(coordinates).map(position))
        case "LineString": return .lineString(try line(coordinates))
        case "MultiLineString": return .multiLineString(try list(coordinates).map(line))
        case "Polygon": return .polygon(try polygon(coordinates))
        case "MultiPolygon": return .multiPolygon(try list(coordinates).map(polygon))
        default: throw EventFieldError("'\(VisibleText.escaped(type))' is not a GeoJSON geometry type")
        }
    }

    private static func list(_ json: Any) throws -> [Any] {
        guard let array = json as? [Any] else { throw EventFieldError("coordinates must be arrays") }
        return array
    }

    private static func position(_ json: Any) throws -> Coordinate {
        guard let array = json as? [Any], array.count >= 2,
              let lon = number(array[0]), let lat = number(array[1])
        else { throw EventFieldError("a position must be [longitude, latitude]") }
        let c = Coordinate(lon: lon, lat: lat)
        guard c.isInRange else { throw EventFieldError(GeometryError.coordinateOutOfRange(c).description) }
        return c
    }

    private static func number(_ json: Any) -> Double? {
        if json is String { return nil }
        return (json as? NSNumber)?.doubleValue
    }

    private static func line(_ json: Any) throws -> LineString {
        do { return try LineString(try list(json).map(position)) } catch let error as GeometryError {
            throw EventFieldError(error.description)
        }
    }

    private static func polygon(_ json: Any) throws -> Polygon {
        let rings = try list(json).map { try list($0).map(position) }
        guard let exterior = rings.first else { throw EventFieldError("a Polygon needs at least one ring") }
        do { return try Polygon(exterior: exterior, holes: Array(rings.dropFirst())) } catch let error as GeometryError {
            throw EventFieldError(error.description)
        }
    }

    // MARK: Writing

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

/// GeoJSON geometry objects as the event files carry them (for the command line's `--area`).
public enum EventsGeoJSON {
    /// A geometry from a `JSONSerialization` value; errors are ``EventFieldError``s.
    public static func geometry(from json: Any) throws -> Geometry { try GeoJSONGeometry.geometry(from: json) }
    /// Compact GeoJSON for `geometry`, numbers written so they read back exactly.
    public static func json(_ geometry: Geometry) -> String { GeoJSONGeometry.json(geometry) }
}
