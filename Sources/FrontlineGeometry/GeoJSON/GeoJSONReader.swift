#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FrontlineSupport
import FrontlineJSON

/// Reads GeoJSON (RFC 7946) as real files write it, straight from bytes.
///
/// Accepted: a FeatureCollection, a single Feature, or a bare geometry (returned as one feature
/// without properties); GeometryCollections; positions with a third or fourth ordinate (dropped);
/// foreign members (`crs`, `bbox`, styling keys) skipped; null geometries; empty `coordinates`
/// (an empty geometry of that kind; an empty Point is read as a null geometry, as RFC 7946 §3.1
/// allows); a UTF-8 byte-order mark.
///
/// With `repair` (the default) an unclosed ring is closed and an invalid polygonal geometry
/// (self-intersection, bow-tie, spike, overlapping parts) is replaced by GEOS make-valid's result,
/// each with a ``GeoJSONWarning`` naming the feature. With `repair: false` both are errors.
/// Always errors (``GeoJSONError``, with file, line, column and JSON path): malformed JSON, a
/// missing or unknown `type`, positions that are not arrays of at least two numbers, coordinates
/// out of range (|lon| > 180, |lat| > 90), rings with fewer than four positions after closing.
///
/// Coordinates are decoded from the bytes directly into `[Coordinate]` without building JSON
/// trees; members the reader does not need are skipped without allocating.
public struct GeoJSONReader: Sendable {
    /// Close open rings and make invalid polygons valid (with warnings) instead of throwing.
    public var repair: Bool
    /// Check polygonal geometries with GEOS (`GEOSisValid_r`). Turning this off skips the check
    /// and the repair of invalid polygons (open rings are still handled per `repair`).
    public var checkValidity: Bool

    public init(repair: Bool = true, checkValidity: Bool = true) {
        self.repair = repair
        self.checkValidity = checkValidity
    }

    /// Reads a GeoJSON text; `source` (a file name) is used in errors and warnings.
    public func read(_ bytes: UnsafeRawBufferPointer, source: String) throws(GeoJSONError) -> GeoJSONDocument {
        var state = GeoJSONReaderState(bytes.assumingMemoryBound(to: UInt8.self), source: source, options: self)
        return try state.readDocument()
    }

    public func read(_ bytes: [UInt8], source: String) throws(GeoJSONError) -> GeoJSONDocument {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(GeoJSONError) in try read(raw, source: source) } }
        return try result.get()
    }

    public func read(_ text: String, source: String) throws(GeoJSONError) -> GeoJSONDocument {
        try read(Array(text.utf8), source: source)
    }

    /// Reads a file; errors name it by its last path component.
    public func read(contentsOfFile path: String) throws -> GeoJSONDocument {
        let bytes = try readFileBytes(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return try read(bytes, source: name)
    }
}

/// The whole file's bytes, read with `fopen`/`fread` (no Foundation on the hot path).
func readFileBytes(_ path: String) throws -> [UInt8] {
    guard let file = fopen(path, "rb") else {
        throw GeoJSONFileError(path: path, message: String(cString: strerror(errno)))
    }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 20)
    while true {
        let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
        if n > 0 { bytes.append(contentsOf: chunk[0..<n]) }
        if n < chunk.count {
            if ferror(file) != 0 { throw GeoJSONFileError(path: path, message: "read error") }
            break
        }
    }
    return bytes
}

/// A GeoJSON file that could not be opened or read.
public struct GeoJSONFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var message: String
    public var description: String { "\(path): \(message)" }
}

// MARK: - The reader's state

/// Coordinates as read, before the geometry's `type` (which may come after them) says what they are.
enum RawCoordinates {
    case empty
    case position(Coordinate)
    case positions(RawRing)
    case rings([RawRing])
    case polygons([[RawRing]])
}

/// A list of positions and the byte offset of its '[' (for errors and warnings about the ring).
struct RawRing {
    var positions: [Coordinate]
    var offset: Int
}

/// The members of one GeoJSON object that matter, whatever its type turns out to be.
struct RawObject {
    var start: Int
    var type: String?
    var typeOffset = 0
    var coordinates: RawCoordinates?
    var coordinatesOffset = 0
    var geometries: [Geometry]?
    var features: [Feature]?
    /// `.some(nil)` for `"geometry": null`.
    var geometry: Geometry??
    var geometryOffset = 0
    var properties: JSONObject??
    var id: JSONValue?
}

/// Which members an object may have that the reader interprets; others are skipped.
enum ObjectContext {
    case root, feature, geometry
}

/// A repair made while building a geometry, before the feature it belongs to is known.
struct PendingWarning {
    var kind: GeoJSONWarning.Kind
    var path: [PathComponent]
    var offset: Int
}

private enum MemberKey {
    case type, coordinates, geometries, features, geometry, properties, id, other

    init(_ bytes: UnsafeBufferPointer<UInt8>?, decoded: String) {
        guard let bytes else {
            self = MemberKey(name: decoded)
            return
        }
        func equals(_ word: StaticString) -> Bool {
            bytes.count == word.utf8CodeUnitCount && memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0
        }
        switch bytes.count {
        case 2: self = equals("id") ? .id : .other
        case 4: self = equals("type") ? .type : .other
        case 8: self = equals("features") ? .features : equals("geometry") ? .geometry : .other
        case 10: self = equals("geometries") ? .geometries : equals("properties") ? .properties : .other
        case 11: self = equals("coordinates") ? .coordinates : .other
        default: self = .other
        }
    }

    init(name: String) {
        switch name {
        case "type": self = .type
        case "coordinates": self = .coordinates
        case "geometries": self = .geometries
        case "features": self = .features
        case "geometry": self = .geometry
        case "properties": self = .properties
        case "id": self = .id
        default: self = .other
        }
    }
}

struct GeoJSONReaderState {
    var scanner: JSONScanner
    let source: String
    let options: GeoJSONReader
    /// The JSON path of the value being read, down to the innermost object or member. Pushed and
    /// popped without `defer`, so when an error unwinds it still holds the path where it was thrown.
    var path: [PathComponent] = []
    var pending: [PendingWarning] = []
    var warnings: [GeoJSONWarning] = []
    var featureLocations: [GeoJSONLocation] = []
    /// Lines counted so far, for ``featureLocations``: features come in order, so counting
    /// runs once over the text however many there are.
    var counted = (offset: 0, line: 1, lineStart: 0)

    init(_ buffer: UnsafeBufferPointer<UInt8>, source: String, options: GeoJSONReader) {
        scanner = JSONScanner(buffer)
        self.source = source
        self.options = options
    }

    // MARK: Errors and locations

    func invalid(_ message: String, at offset: Int, _ inner: [PathComponent] = []) -> OffsetError {
        OffsetError(kind: .semantic, offset: offset, message: message, innerPath: inner)
    }

    func location(offset: Int, path: [PathComponent]) -> GeoJSONLocation {
        let (line, column) = scanner.lineAndColumn(of: offset)
        return GeoJSONLocation(source: source, line: line, column: column, path: PathComponent.render(path))
    }

    /// The location of `offset`, counting lines on from the last one asked (offsets must not
    /// go back).
    mutating func advancingLocation(to offset: Int, path: [PathComponent]) -> GeoJSONLocation {
        let limit = min(offset, scanner.end)
        var (i, line, lineStart) = counted
        while i < limit {
            if scanner.base[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        counted = (i, line, lineStart)
        return GeoJSONLocation(source: source, line: line, column: limit - lineStart + 1, path: PathComponent.render(path))
    }

    // MARK: Document

    mutating func readDocument() throws(GeoJSONError) -> GeoJSONDocument {
        // A UTF-8 byte-order mark is tolerated.
        if scanner.end >= 3 && scanner.base[0] == 0xEF && scanner.base[1] == 0xBB && scanner.base[2] == 0xBF {
            scanner.position = 3
        }
        do {
            let features = try document()
            return GeoJSONDocument(features: features, warnings: warnings, featureLocations: featureLocations)
        } catch {
            let where_ = location(offset: error.offset, path: path + error.innerPath)
            switch error.kind {
            case .syntax: throw .syntax(where_, message: error.message)
            case .semantic: throw .invalid(where_, message: error.message)
            }
        }
    }

    mutating func document() throws(OffsetError) -> [Feature] {
        let raw = try object(.root)
        try scanner.expectEnd()
        switch raw.type {
        case "FeatureCollection":
            guard let features = raw.features else { throw invalid("a FeatureCollection needs \"features\"", at: raw.start) }
            return features
        case "Feature":
            featureLocations = [advancingLocation(to: raw.start, path: [])]
            return [try feature(raw, index: 0)]
        case nil:
            throw invalid("a GeoJSON object needs a \"type\"", at: raw.start)
        default:
            // A bare geometry: one feature without properties.
            featureLocations = [advancingLocation(to: raw.start, path: [])]
            let geometry = try geometry(raw)
            return [try finishFeature(id: nil, geometry: geometry, properties: nil, index: 0,
                                      geometryPath: [], geometryOffset: raw.start)]
        }
    }

    // MARK: Objects

    /// Reads one object, interpreting the members `context` allows and skipping the rest.
    mutating func object(_ context: ObjectContext) throws(OffsetError) -> RawObject {
        let first = scanner.peek()
        var raw = RawObject(start: scanner.position)
        guard first == UInt8(ascii: "{") else {
            let what = switch context {
            case .root: "a GeoJSON object"
            case .feature: "a Feature object"
            case .geometry: "a geometry object"
            }
            if first == UInt8(ascii: "[") || first == UInt8(ascii: "\"") || first == UInt8(ascii: "-")
                || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) || first == UInt8(ascii: "t")
                || first == UInt8(ascii: "f") || first == UInt8(ascii: "n")
            {
                throw invalid("expected \(what), found \(scanner.found)", at: scanner.position)
            }
            throw scanner.error("expected \(what), found \(scanner.found)")
        }
        guard try scanner.open(UInt8(ascii: "{"), UInt8(ascii: "}"), "'{'") else { return raw }
        repeat {
            var decoded = ""
            let keyStart = scanner.position
            let bytes = try scanner.parseKeyBytes(decoded: &decoded)
            let key = MemberKey(bytes, decoded: decoded)
            switch (key, context) {
            case (.type, _):
                path.append(.key("type"))
                raw.typeOffset = scanner.position
                guard scanner.peek() == UInt8(ascii: "\"") else {
                    throw invalid("\"type\" must be a string, found \(scanner.found)", at: scanner.position)
                }
                raw.type = try scanner.parseString()
                path.removeLast()
            case (.coordinates, .root), (.coordinates, .geometry):
                path.append(.key("coordinates"))
                raw.coordinatesOffset = scanner.position
                raw.coordinates = try coordinates(depth: 1)
                path.removeLast()
            case (.geometries, .root), (.geometries, .geometry):
                path.append(.key("geometries"))
                raw.geometries = try geometryList()
                path.removeLast()
            case (.features, .root):
                path.append(.key("features"))
                raw.features = try featureList()
                path.removeLast()
            case (.geometry, .root), (.geometry, .feature):
                path.append(.key("geometry"))
                raw.geometryOffset = scanner.position
                if scanner.peek() == UInt8(ascii: "n") {
                    try scanner.literal("null")
                    raw.geometry = .some(nil)
                } else {
                    raw.geometry = .some(try geometry(try object(.geometry)))
                }
                path.removeLast()
            case (.properties, .root), (.properties, .feature):
                path.append(.key("properties"))
                switch scanner.peek() {
                case UInt8(ascii: "n"):
                    try scanner.literal("null")
                    raw.properties = .some(nil)
                case UInt8(ascii: "{"):
                    raw.properties = .some(try scanner.parseObject(depth: 1))
                default:
                    throw invalid("\"properties\" must be an object or null, found \(scanner.found)", at: scanner.position)
                }
                path.removeLast()
            case (.id, .root), (.id, .feature):
                path.append(.key("id"))
                raw.id = try scanner.parseValue(depth: 1)
                path.removeLast()
            default:
                do { try scanner.skipValue(depth: 1) } catch {
                    var e = error
                    e.innerPath.insert(.key(memberName(at: keyStart)), at: 0)
                    throw e
                }
            }
        } while try scanner.continues(UInt8(ascii: "}"))
        return raw
    }

    /// The decoded member name whose opening quote is at or after `offset` (for error paths).
    func memberName(at offset: Int) -> String {
        var copy = scanner
        copy.position = offset
        _ = copy.peek()
        return (try? copy.parseString()) ?? "?"
    }

    mutating func featureList() throws(OffsetError) -> [Feature] {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw invalid("\"features\" must be an array, found \(scanner.found)", at: scanner.position)
        }
        var features: [Feature] = []
        guard try scanner.open(UInt8(ascii: "["), UInt8(ascii: "]"), "'['") else { return features }
        repeat {
            path.append(.index(features.count))
            _ = scanner.peek()  // the feature's '{'
            featureLocations.append(advancingLocation(to: scanner.position, path: path))
            let raw = try object(.feature)
            features.append(try feature(raw, index: features.count))
            path.removeLast()
        } while try scanner.continues(UInt8(ascii: "]"))
        return features
    }

    mutating func geometryList() throws(OffsetError) -> [Geometry] {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw invalid("\"geometries\" must be an array, found \(scanner.found)", at: scanner.position)
        }
        var geometries: [Geometry] = []
        guard try scanner.open(UInt8(ascii: "["), UInt8(ascii: "]"), "'['") else { return geometries }
        var index = 0
        repeat {
            path.append(.index(index))
            if let member = try geometry(try object(.geometry)) { geometries.append(member) }
            path.removeLast()
            index += 1
        } while try scanner.continues(UInt8(ascii: "]"))
        return geometries
    }

    // MARK: Features

    mutating func feature(_ raw: RawObject, index: Int) throws(OffsetError) -> Feature {
        guard let type = raw.type else { throw invalid("a Feature needs \"type\": \"Feature\"", at: raw.start) }
        guard type == "Feature" else {
            throw invalid("expected a Feature, found type \"\(VisibleText.escaped(type))\"", at: raw.typeOffset, [.key("type")])
        }
        return try finishFeature(id: raw.id, geometry: raw.geometry ?? nil, properties: raw.properties ?? nil,
                                 index: index, geometryPath: [.key("geometry")], geometryOffset: raw.geometryOffset)
    }

    /// Checks and repairs the feature's geometry and turns pending repairs into warnings that
    /// name the feature. `geometryPath` is relative to `path`, which points at the feature.
    mutating func finishFeature(id: JSONValue?, geometry: Geometry?, properties: JSONObject?, index: Int,
                                geometryPath: [PathComponent], geometryOffset: Int) throws(OffsetError) -> Feature {
        var feature = Feature(id: id, geometry: geometry, properties: properties)
        let name = pending.isEmpty ? nil : feature.name  // only warnings need it
        for warning in pending {
            warnings.append(GeoJSONWarning(kind: warning.kind, featureIndex: index, featureName: name,
                                           location: location(offset: warning.offset, path: warning.path)))
        }
        pending.removeAll(keepingCapacity: true)
        if options.checkValidity, let geometry, !geometry.polygons.isEmpty {
            let reason: String?
            do { reason = try Trace.total("geojson: validity checks") { try PolygonRepair.invalidityReason(geometry) } } catch {
                throw invalid("cannot check the geometry's validity: \(error)", at: geometryOffset, geometryPath)
            }
            if let reason {
                guard options.repair else {
                    throw invalid("invalid polygon: \(reason)", at: geometryOffset, geometryPath)
                }
                do { feature.geometry = try Trace.total("geojson: repairs") { try PolygonRepair.makeValid(geometry) } } catch {
                    throw invalid("invalid polygon (\(reason)) could not be repaired: \(error)", at: geometryOffset, geometryPath)
                }
                warnings.append(GeoJSONWarning(kind: .polygonRepaired(reason: reason), featureIndex: index, featureName: feature.name,
                                               location: location(offset: geometryOffset, path: path + geometryPath)))
            }
        }
        return feature
    }

    // MARK: Geometries

    /// Builds the geometry an object describes; nil for an empty Point.
    mutating func geometry(_ raw: RawObject) throws(OffsetError) -> Geometry? {
        guard let type = raw.type else { throw invalid("a geometry needs a \"type\"", at: raw.start) }
        if type == "GeometryCollection" {
            guard let members = raw.geometries else {
                throw invalid("a GeometryCollection needs \"geometries\"", at: raw.start)
            }
            return .collection(members)
        }
        guard ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"].contains(type) else {
            throw invalid("\"\(VisibleText.escaped(type))\" is not a GeoJSON geometry type", at: raw.typeOffset, [.key("type")])
        }
        guard let coordinates = raw.coordinates else {
            throw invalid("a \(type) needs \"coordinates\"", at: raw.start)
        }
        let offset = raw.coordinatesOffset
        let here: [PathComponent] = [.key("coordinates")]
        func shape(_ expected: String) -> OffsetError {
            invalid("a \(type)'s coordinates must be \(expected)", at: offset, here)
        }
        switch (type, coordinates) {
        case ("Point", .position(let c)): return .point(c)
        case ("Point", .empty): return nil
        case ("Point", _): throw shape("one position [longitude, latitude]")

        case ("MultiPoint", .positions(let list)): return .multiPoint(list.positions)
        case ("MultiPoint", .empty): return .multiPoint([])
        case ("MultiPoint", _): throw shape("an array of positions")

        case ("LineString", .positions(let list)): return .lineString(try line(list, here))
        case ("LineString", .empty): return .lineString(LineString(unchecked: []))
        case ("LineString", _): throw shape("an array of two or more positions")

        case ("MultiLineString", .rings(let lists)):
            var lines: [LineString] = []
            lines.reserveCapacity(lists.count)
            for (i, list) in lists.enumerated() { lines.append(try line(list, here + [.index(i)])) }
            return .multiLineString(lines)
        case ("MultiLineString", .positions(let list)) where list.positions.isEmpty: return .multiLineString([])
        case ("MultiLineString", .empty): return .multiLineString([])
        case ("MultiLineString", _): throw shape("an array of line strings (arrays of positions)")

        case ("Polygon", .rings(let rings)): return .polygon(try polygon(rings, here))
        case ("Polygon", .empty): return .polygon(Polygon(unchecked: []))
        case ("Polygon", _): throw shape("an array of linear rings (arrays of positions)")

        case ("MultiPolygon", .polygons(let polygons)):
            var parts: [Polygon] = []
            parts.reserveCapacity(polygons.count)
            for (i, rings) in polygons.enumerated() {
                guard !rings.isEmpty else { throw invalid("a polygon needs at least one ring", at: offset, here + [.index(i)]) }
                parts.append(try polygon(rings, here + [.index(i)]))
            }
            return .multiPolygon(parts)
        case ("MultiPolygon", .empty): return .multiPolygon([])
        default: throw shape("an array of polygons (arrays of linear rings)")
        }
    }

    func line(_ list: RawRing, _ at: [PathComponent]) throws(OffsetError) -> LineString {
        guard list.positions.count >= 2 else {
            throw invalid(GeometryError.tooFewPoints(kind: "LineString", count: list.positions.count, minimum: 2).description,
                          at: list.offset, at)
        }
        return LineString(unchecked: list.positions)
    }

    mutating func polygon(_ rings: [RawRing], _ at: [PathComponent]) throws(OffsetError) -> Polygon {
        var checked: [Ring] = []
        checked.reserveCapacity(rings.count)
        for (i, raw) in rings.enumerated() {
            var ring = raw.positions
            let ringPath = at + [.index(i)]
            if let first = ring.first, first != ring[ring.count - 1] {
                guard options.repair else {
                    throw invalid(GeometryError.ringNotClosed(first: first, last: ring[ring.count - 1]).description, at: raw.offset, ringPath)
                }
                ring.append(first)
                pending.append(PendingWarning(kind: .ringClosed, path: path + ringPath, offset: raw.offset))
            }
            guard ring.count >= 4 else {
                throw invalid(GeometryError.tooFewPoints(kind: "LinearRing", count: ring.count, minimum: 4).description
                              + " (the first position repeated last)", at: raw.offset, ringPath)
            }
            checked.append(ring)
        }
        return Polygon(unchecked: checked[0], holes: Array(checked.dropFirst()))
    }

    // MARK: Coordinates

    @inline(__always) static func isNumberStart(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "-") || b &- UInt8(ascii: "0") < 10
    }

    /// Reads a `coordinates` value of any nesting into positions, without JSON trees.
    mutating func coordinates(depth: Int) throws(OffsetError) -> RawCoordinates {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw invalid("coordinates must be nested arrays of numbers, found \(scanner.found)", at: scanner.position)
        }
        let start = scanner.position
        scanner.position += 1
        let first = scanner.peek()
        if first == UInt8(ascii: "]") {
            scanner.position += 1
            return .empty
        }
        if Self.isNumberStart(first) {
            scanner.position = start
            return .position(try position())
        }
        guard first == UInt8(ascii: "[") else {
            throw invalid("coordinates must be nested arrays of numbers, found \(scanner.found)", at: scanner.position, [.index(0)])
        }
        // Look one level down: numbers there mean this is a list of positions.
        let save = scanner.position
        scanner.position += 1
        let second = scanner.peek()
        scanner.position = save
        if Self.isNumberStart(second) {
            var positions: [Coordinate] = []
            repeat {
                do { positions.append(try position()) } catch {
                    var e = error
                    e.innerPath.insert(.index(positions.count), at: 0)
                    throw e
                }
            } while try scanner.continues(UInt8(ascii: "]"))
            return .positions(RawRing(positions: positions, offset: start))
        }
        guard depth < 4 else { throw invalid("coordinates are nested too deeply", at: start) }
        var children: [RawCoordinates] = []
        repeat {
            do { children.append(try coordinates(depth: depth + 1)) } catch {
                var e = error
                e.innerPath.insert(.index(children.count), at: 0)
                throw e
            }
        } while try scanner.continues(UInt8(ascii: "]"))
        return try fold(children, offset: start)
    }

    /// A list of lists from its children, which must all have the same depth (an empty list fits
    /// any depth: an empty ring, or a polygon without rings).
    func fold(_ children: [RawCoordinates], offset: Int) throws(OffsetError) -> RawCoordinates {
        let holdsRings = children.contains { if case .rings = $0 { true } else { false } }
        if holdsRings {
            var polygons: [[RawRing]] = []
            polygons.reserveCapacity(children.count)
            for (i, child) in children.enumerated() {
                switch child {
                case .rings(let rings): polygons.append(rings)
                case .empty: polygons.append([])
                default: throw mixed(offset, i)
                }
            }
            return .polygons(polygons)
        }
        var rings: [RawRing] = []
        rings.reserveCapacity(children.count)
        for (i, child) in children.enumerated() {
            switch child {
            case .positions(let ring): rings.append(ring)
            case .empty: rings.append(RawRing(positions: [], offset: offset))
            case .polygons: throw invalid("coordinates are nested too deeply", at: offset, [.index(i)])
            default: throw mixed(offset, i)
            }
        }
        return .rings(rings)
    }

    private func mixed(_ offset: Int, _ index: Int) -> OffsetError {
        invalid("coordinates mix arrays of different depths", at: offset, [.index(index)])
    }

    /// Reads `[lon, lat, …]`: extra ordinates (elevation, measure) are dropped.
    @inline(__always) mutating func position() throws(OffsetError) -> Coordinate {
        guard scanner.peek() == UInt8(ascii: "[") else {
            throw invalid("a position must be an array of numbers, found \(scanner.found)", at: scanner.position)
        }
        let start = scanner.position
        scanner.position += 1
        let lon = try ordinate(start)
        guard scanner.peek() == UInt8(ascii: ",") else {
            if scanner.current == UInt8(ascii: "]") {
                throw invalid("a position needs at least two numbers, [longitude, latitude]", at: start)
            }
            throw scanner.error("expected ',' or ']', found \(scanner.found)")
        }
        scanner.position += 1
        let lat = try ordinate(start)
        while try scanner.continues(UInt8(ascii: "]")) { _ = try ordinate(start) }
        let c = Coordinate(lon: lon, lat: lat)
        // Written so NaN fails too (JSON cannot produce NaN, but strtod overflow gives infinity).
        guard lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90 else {
            throw invalid(GeometryError.coordinateOutOfRange(c).description, at: start)
        }
        return c
    }

    @inline(__always) mutating func ordinate(_ positionStart: Int) throws(OffsetError) -> Double {
        guard Self.isNumberStart(scanner.peek()) else {
            if scanner.current == UInt8(ascii: "]") {
                throw invalid("a position needs at least two numbers, [longitude, latitude]", at: positionStart)
            }
            throw invalid("a position's elements must be numbers, found \(scanner.found)", at: scanner.position)
        }
        return try scanner.parseNumber()
    }
}

// MARK: - Repair

/// The reader's one dependency on GEOS: validity and make-valid on value types
/// (`Sources/FrontlineGeometry/GEOS/Operations/Validity.swift`, a fresh GEOS context per call).
enum PolygonRepair {
    /// nil when GEOS finds the geometry valid, else GEOS's reason ("Self-intersection[…]").
    static func invalidityReason(_ geometry: Geometry) throws -> String? {
        if try geometry.isValid { return nil }
        return try geometry.validityReason
    }

    /// GEOS make-valid (structure method; polygons stay polygons).
    static func makeValid(_ geometry: Geometry) throws -> Geometry {
        try geometry.makeValid()
    }
}
