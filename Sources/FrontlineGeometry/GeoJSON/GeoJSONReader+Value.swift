import FrontlineJSON
import FrontlineSupport

/// A GeoJSON geometry object already parsed into a ``JSONValue`` that is not one; `problem` says
/// what is wrong ("a position must be [longitude, latitude]"), without a location.
public struct GeoJSONGeometryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problem: String
    public init(_ problem: String) { self.problem = problem }
    public var description: String { problem }
}

extension GeoJSONReader {
    /// The geometry a GeoJSON geometry object (RFC 7946 §3.1) describes, from a parsed value:
    /// for JSON documents that carry geometries among other things (the event files, an area
    /// given on the command line). Strict where ``read(_:source:)-([UInt8],_)`` repairs: a
    /// position must be two or more numbers (`true`/`false` read as 1/0, as Foundation's numbers
    /// do), rings must be closed, and nothing is checked with GEOS.
    ///
    /// With `zeroSign: false`, -0 reads as 0 (the event files have always read it so).
    public static func geometry(from json: JSONValue, zeroSign: Bool = true) throws(GeoJSONGeometryError) -> Geometry {
        try GeoJSONValueDecoder(keepsZeroSign: zeroSign).geometry(json)
    }
}

private struct GeoJSONValueDecoder {
    let keepsZeroSign: Bool

    typealias Failure = GeoJSONGeometryError

    func geometry(_ json: JSONValue) throws(Failure) -> Geometry {
        guard case .object(let object) = json else { throw Failure("is not a GeoJSON geometry object") }
        guard let type = object["type"]?.stringValue else { throw Failure("has no \"type\"") }
        if type == "GeometryCollection" {
            guard let members = object["geometries"]?.arrayValue else { throw Failure("a GeometryCollection needs \"geometries\"") }
            return .collection(try map(members, geometry))
        }
        guard let coordinates = object["coordinates"] else { throw Failure("a \(type) needs \"coordinates\"") }
        switch type {
        case "Point": return .point(try position(coordinates))
        case "MultiPoint": return .multiPoint(try map(try list(coordinates), position))
        case "LineString": return .lineString(try line(coordinates))
        case "MultiLineString": return .multiLineString(try map(try list(coordinates), line))
        case "Polygon": return .polygon(try polygon(coordinates))
        case "MultiPolygon": return .multiPolygon(try map(try list(coordinates), polygon))
        default: throw Failure("'\(VisibleText.escaped(type))' is not a GeoJSON geometry type")
        }
    }

    /// `map` with a typed throw.
    private func map<T>(_ values: [JSONValue], _ body: (JSONValue) throws(Failure) -> T) throws(Failure) -> [T] {
        var out: [T] = []
        out.reserveCapacity(values.count)
        for value in values { out.append(try body(value)) }
        return out
    }

    private func list(_ json: JSONValue) throws(Failure) -> [JSONValue] {
        guard case .array(let array) = json else { throw Failure("coordinates must be arrays") }
        return array
    }

    private func position(_ json: JSONValue) throws(Failure) -> Coordinate {
        guard case .array(let array) = json, array.count >= 2,
              let lon = number(array[0]), let lat = number(array[1])
        else { throw Failure("a position must be [longitude, latitude]") }
        let c = Coordinate(lon: lon, lat: lat)
        guard c.isInRange else { throw Failure(GeometryError.coordinateOutOfRange(c).description) }
        return c
    }

    private func number(_ json: JSONValue) -> Double? {
        switch json {
        case .number(let d): keepsZeroSign || d != 0 ? d : 0
        case .bool(let b): b ? 1 : 0
        default: nil
        }
    }

    private func line(_ json: JSONValue) throws(Failure) -> LineString {
        let positions = try map(try list(json), position)
        do { return try LineString(positions) } catch let error as GeometryError {
            throw Failure(error.description)
        } catch {
            throw Failure("\(error)")
        }
    }

    private func polygon(_ json: JSONValue) throws(Failure) -> Polygon {
        let rings = try map(try list(json)) { (ring: JSONValue) throws(Failure) in try map(try list(ring), position) }
        guard let exterior = rings.first else { throw Failure("a Polygon needs at least one ring") }
        do { return try Polygon(exterior: exterior, holes: Array(rings.dropFirst())) } catch let error as GeometryError {
            throw Failure(error.description)
        } catch {
            throw Failure("\(error)")
        }
    }
}
