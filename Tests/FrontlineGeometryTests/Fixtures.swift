import FrontlineGeometry

/// Shared geometry fixtures for every FrontlineGeometry test suite: the awkward cases
/// (empty, holes, multi, invalid) and a small real polygon in real longitude/latitude.
///
/// Planar areas are in square degrees and are stated so tests can check set operations;
/// they are never user-facing figures.
enum Fixtures {
    // MARK: Helpers

    /// A closed ring from (lon, lat) pairs; appends the first pair when the list is open.
    static func ring(_ pairs: [(Double, Double)]) -> Ring {
        var ring = pairs.map { Coordinate(lon: $0.0, lat: $0.1) }
        if let first = ring.first, ring.last != first { ring.append(first) }
        return ring
    }

    /// An axis-aligned square polygon with its lower-left corner at (lon, lat), counter-clockwise.
    static func square(lon: Double, lat: Double, side: Double) -> Polygon {
        Polygon(unchecked: ring([(lon, lat), (lon + side, lat), (lon + side, lat + side), (lon, lat + side)]))
    }

    // MARK: Empty

    /// Empty geometries of each kind that can be empty as a value.
    static let emptyCollection = Geometry.collection([])
    static let emptyMultiPoint = Geometry.multiPoint([])
    static let emptyLineString = Geometry.lineString(LineString(unchecked: []))
    static let emptyMultiLineString = Geometry.multiLineString([])
    static let emptyPolygon = Geometry.polygon(Polygon(unchecked: []))
    static let emptyMultiPolygon = Geometry.multiPolygon([])
    static let allEmpty: [Geometry] = [
        emptyCollection, emptyMultiPoint, emptyLineString, emptyMultiLineString, emptyPolygon, emptyMultiPolygon,
    ]

    // MARK: Points and lines

    static let point = Geometry.point(Coordinate(lon: 36.2304, lat: 49.9935))
    static let multiPoint = Geometry.multiPoint([
        Coordinate(lon: 36.23, lat: 49.99), Coordinate(lon: 37.54, lat: 47.10), Coordinate(lon: 35.14, lat: 47.84),
    ])
    static let lineString = Geometry.lineString(LineString(unchecked: [
        Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 1), Coordinate(lon: 2, lat: 0),
    ]))
    static let multiLineString = Geometry.multiLineString([
        LineString(unchecked: [Coordinate(lon: 0, lat: 0), Coordinate(lon: 1, lat: 0)]),
        LineString(unchecked: [Coordinate(lon: 1, lat: 0), Coordinate(lon: 1, lat: 1)]),
    ])

    // MARK: Polygons

    /// The unit square [0, 1]²; planar area 1.
    static let unitSquare = Geometry.polygon(square(lon: 0, lat: 0, side: 1))

    /// A 10 × 10 square with a 2 × 2 hole (clockwise) at (4, 4); planar area 100 − 4 = 96.
    static let squareWithHole = Geometry.polygon(Polygon(
        unchecked: ring([(0, 0), (10, 0), (10, 10), (0, 10)]),
        holes: [ring([(4, 4), (4, 6), (6, 6), (6, 4)])]
    ))
    static let squareWithHoleArea = 96.0

    /// Two disjoint squares (1 × 1 at the origin, 2 × 2 at (5, 5)) and the holed square
    /// shifted to (20, 0); planar area 1 + 4 + 96 = 101.
    static let multiPolygon = Geometry.multiPolygon([
        square(lon: 0, lat: 0, side: 1),
        square(lon: 5, lat: 5, side: 2),
        Polygon(
            unchecked: ring([(20, 0), (30, 0), (30, 10), (20, 10)]),
            holes: [ring([(24, 4), (24, 6), (26, 6), (26, 4)])]
        ),
    ])
    static let multiPolygonArea = 101.0

    /// A collection holding one of each kind, including a nested collection.
    static let collection = Geometry.collection([
        point, lineString, unitSquare, multiPoint,
        .collection([multiLineString, squareWithHole]),
    ])

    // MARK: Invalid

    /// A bow-tie: the ring crosses itself at (1, 1). Invalid ("Self-intersection");
    /// made valid it is two triangles of planar area 1 each.
    static let bowTie = Geometry.polygon(Polygon(unchecked: ring([(0, 0), (2, 2), (2, 0), (0, 2)])))
    static let bowTieValidArea = 2.0

    /// A ring that touches itself at one vertex, (1, 1), enclosing an inverted hole
    /// (the triangle (1, 1)–(1.5, 0.5)–(0.5, 0.5), area 0.25). Invalid in the OGC model
    /// ("Ring Self-intersection"); made valid it is a polygon with that hole, planar area
    /// 3 − 0.25 = 2.75.
    static let selfTouchingRing = Geometry.polygon(Polygon(unchecked: ring([
        (0, 0), (2, 0), (2, 2), (1, 1), (1.5, 0.5), (0.5, 0.5), (1, 1), (0, 2),
    ])))
    static let selfTouchingRingValidArea = 2.75

    // MARK: Real coordinates

    /// A small, simplified oblast-like polygon around Kharkiv (36.2° E, 49.99° N), in
    /// real longitude/latitude, counter-clockwise, with a hole standing in for an enclave.
    /// Contains ``kharkivCentre``; does not contain ``outsideKharkiv``.
    static let kharkivArea = Geometry.polygon(Polygon(
        unchecked: ring([
            (35.70, 49.75), (36.05, 49.62), (36.55, 49.65), (36.92, 49.82),
            (37.00, 50.10), (36.78, 50.36), (36.35, 50.44), (35.95, 50.33),
            (35.66, 50.08),
        ]),
        holes: [ring([(36.60, 49.80), (36.60, 49.86), (36.70, 49.86), (36.70, 49.80)])]
    ))
    /// Kharkiv city centre (Freedom Square), inside ``kharkivArea``.
    static let kharkivCentre = Coordinate(lon: 36.2304, lat: 49.9935)
    /// A point inside the hole of ``kharkivArea``.
    static let insideKharkivHole = Coordinate(lon: 36.65, lat: 49.83)
    /// Izium, south-east and outside ``kharkivArea``.
    static let outsideKharkiv = Coordinate(lon: 37.26, lat: 49.21)

    /// A few settlements near Kharkiv in real coordinates (for Voronoi and STRtree tests).
    static let kharkivSettlements: [Coordinate] = [
        Coordinate(lon: 36.2304, lat: 49.9935), // Kharkiv
        Coordinate(lon: 36.3453, lat: 50.0440), // Saltivka area
        Coordinate(lon: 35.9270, lat: 49.9360), // Liubotyn
        Coordinate(lon: 36.6213, lat: 50.2920), // Vovchansk direction
        Coordinate(lon: 36.2662, lat: 49.7740), // Merefa area
        Coordinate(lon: 36.7790, lat: 49.9120), // Chuhuiv area
        Coordinate(lon: 36.0600, lat: 50.2600), // Derhachi direction
    ]
}
