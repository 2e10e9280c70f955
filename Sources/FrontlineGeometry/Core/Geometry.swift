/// A closed ring of coordinates: the first and last coordinates are equal and there are at least four.
public typealias Ring = [Coordinate]

/// A line of at least two coordinates.
public struct LineString: Hashable, Sendable {
    public var coordinates: [Coordinate]

    /// Throws ``GeometryError/tooFewPoints`` for fewer than two coordinates.
    public init(_ coordinates: [Coordinate]) throws {
        guard coordinates.count >= 2 else {
            throw GeometryError.tooFewPoints(kind: "LineString", count: coordinates.count, minimum: 2)
        }
        self.coordinates = coordinates
    }

    /// For coordinates already known to be well formed (from GEOS, say).
    public init(unchecked coordinates: [Coordinate]) {
        self.coordinates = coordinates
    }
}

/// A polygon: one exterior ring and any number of holes. Ring orientation is not an invariant;
/// writers orient rings as their format requires (GeoJSON: exterior counter-clockwise).
public struct Polygon: Hashable, Sendable {
    public var exterior: Ring
    public var holes: [Ring]

    /// Throws when a ring is not closed or has fewer than four coordinates.
    public init(exterior: Ring, holes: [Ring] = []) throws {
        try Polygon.check(exterior)
        for hole in holes { try Polygon.check(hole) }
        self.exterior = exterior
        self.holes = holes
    }

    /// For rings already known to be well formed (from GEOS, say).
    public init(unchecked exterior: Ring, holes: [Ring] = []) {
        self.exterior = exterior
        self.holes = holes
    }

    static func check(_ ring: Ring) throws {
        guard ring.count >= 4 else {
            throw GeometryError.tooFewPoints(kind: "LinearRing", count: ring.count, minimum: 4)
        }
        guard ring.first == ring.last else { throw GeometryError.ringNotClosed(first: ring[0], last: ring[ring.count - 1]) }
    }
}

/// Every geometry kind of the OGC simple-features model that GeoJSON carries.
public indirect enum Geometry: Hashable, Sendable {
    case point(Coordinate)
    case multiPoint([Coordinate])
    case lineString(LineString)
    case multiLineString([LineString])
    case polygon(Polygon)
    case multiPolygon([Polygon])
    case collection([Geometry])

    /// The geometry's kind as GeoJSON names it ("Polygon", "MultiPolygon", …).
    public var typeName: String {
        switch self {
        case .point: "Point"
        case .multiPoint: "MultiPoint"
        case .lineString: "LineString"
        case .multiLineString: "MultiLineString"
        case .polygon: "Polygon"
        case .multiPolygon: "MultiPolygon"
        case .collection: "GeometryCollection"
        }
    }

    /// True for a geometry with no coordinates (an empty multi-geometry or collection).
    public var isEmpty: Bool {
        switch self {
        case .point: false
        case .multiPoint(let points): points.isEmpty
        case .lineString(let line): line.coordinates.isEmpty
        case .multiLineString(let lines): lines.allSatisfy { $0.coordinates.isEmpty }
        case .polygon(let polygon): polygon.exterior.isEmpty
        case .multiPolygon(let polygons): polygons.allSatisfy { $0.exterior.isEmpty }
        case .collection(let members): members.allSatisfy(\.isEmpty)
        }
    }

    /// The polygons of a Polygon, a MultiPolygon or (recursively) a collection; nothing for other kinds.
    public var polygons: [Polygon] {
        switch self {
        case .polygon(let polygon): [polygon]
        case .multiPolygon(let polygons): polygons
        case .collection(let members): members.flatMap(\.polygons)
        default: []
        }
    }

    /// The lines of a LineString, a MultiLineString or (recursively) a collection.
    public var lineStrings: [LineString] {
        switch self {
        case .lineString(let line): [line]
        case .multiLineString(let lines): lines
        case .collection(let members): members.flatMap(\.lineStrings)
        default: []
        }
    }

    /// All coordinates, in order, of every part.
    public var allCoordinates: [Coordinate] {
        switch self {
        case .point(let c): [c]
        case .multiPoint(let cs): cs
        case .lineString(let line): line.coordinates
        case .multiLineString(let lines): lines.flatMap(\.coordinates)
        case .polygon(let polygon): polygon.exterior + polygon.holes.joined()
        case .multiPolygon(let polygons): polygons.flatMap { $0.exterior + $0.holes.joined() }
        case .collection(let members): members.flatMap(\.allCoordinates)
        }
    }

    /// How many coordinates every part has together (``allCoordinates``' count, without the array).
    public var coordinateCount: Int {
        switch self {
        case .point: 1
        case .multiPoint(let cs): cs.count
        case .lineString(let line): line.coordinates.count
        case .multiLineString(let lines): lines.reduce(0) { $0 + $1.coordinates.count }
        case .polygon(let polygon): polygon.holes.reduce(polygon.exterior.count) { $0 + $1.count }
        case .multiPolygon(let polygons): polygons.reduce(0) { sum, p in p.holes.reduce(sum + p.exterior.count) { $0 + $1.count } }
        case .collection(let members): members.reduce(0) { $0 + $1.coordinateCount }
        }
    }

    /// The smallest longitude/latitude box holding every coordinate, or nil when empty.
    public var boundingBox: BoundingBox? { BoundingBox(allCoordinates) }
}

/// A longitude/latitude box.
public struct BoundingBox: Hashable, Sendable {
    public var minLon: Double, minLat: Double, maxLon: Double, maxLat: Double

    public init(minLon: Double, minLat: Double, maxLon: Double, maxLat: Double) {
        self.minLon = minLon
        self.minLat = minLat
        self.maxLon = maxLon
        self.maxLat = maxLat
    }

    public init?(_ coordinates: some Sequence<Coordinate>) {
        var iterator = coordinates.makeIterator()
        guard let first = iterator.next() else { return nil }
        self.init(minLon: first.lon, minLat: first.lat, maxLon: first.lon, maxLat: first.lat)
        while let c = iterator.next() {
            minLon = Swift.min(minLon, c.lon); maxLon = Swift.max(maxLon, c.lon)
            minLat = Swift.min(minLat, c.lat); maxLat = Swift.max(maxLat, c.lat)
        }
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minLon <= other.maxLon && other.minLon <= maxLon && minLat <= other.maxLat && other.minLat <= maxLat
    }

    /// The smallest box holding this box and `other`.
    public func union(_ other: BoundingBox) -> BoundingBox {
        BoundingBox(minLon: Swift.min(minLon, other.minLon), minLat: Swift.min(minLat, other.minLat),
                    maxLon: Swift.max(maxLon, other.maxLon), maxLat: Swift.max(maxLat, other.maxLat))
    }

    /// The smallest box holding every box of `boxes`, or nil for none.
    public init?(enclosing boxes: some Sequence<BoundingBox>) {
        guard let box = boxes.reduce(nil as BoundingBox?, { $0?.union($1) ?? $1 }) else { return nil }
        self = box
    }

    /// The box grown by `margin` degrees on every side.
    public func expanded(by margin: Double) -> BoundingBox {
        BoundingBox(minLon: minLon - margin, minLat: minLat - margin, maxLon: maxLon + margin, maxLat: maxLat + margin)
    }

    public func contains(_ c: Coordinate) -> Bool {
        (minLon...maxLon).contains(c.lon) && (minLat...maxLat).contains(c.lat)
    }
}
