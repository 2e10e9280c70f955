import Foundation
import Testing
@testable import FrontlineGeometry
import SeededRandom

/// Reference values were computed with pyproj 3.7.2 (`Geod(ellps="WGS84")`, Karney's algorithms):
/// `polygon_area_perimeter` for areas, `inv` for distances, and for point-to-edge distance the
/// minimum of `inv` over 200,000 points of `npts` along the edge (spacing 0.6 m).
struct GeodesicTests {
    let wgs84 = Geodesic.wgs84

    func square(_ lon: Double, _ lat: Double, size: Double = 1) -> Polygon {
        Polygon(unchecked: [.init(lon: lon, lat: lat), .init(lon: lon + size, lat: lat),
                            .init(lon: lon + size, lat: lat + size), .init(lon: lon, lat: lat + size),
                            .init(lon: lon, lat: lat)])
    }

    func close(_ value: Double, _ reference: Double, relative: Double = 1e-6) -> Bool {
        abs(value - reference) <= relative * abs(reference)
    }

    @Test func oneDegreeCellAtTheEquator() {
        let m2 = wgs84.area(of: .polygon(square(0, 0)))
        #expect(close(m2, 12_308_778_361.469452))
        #expect(String(format: "%.3f", m2 / 1e6) == "12308.778")
    }

    @Test func oneDegreeCellNearKharkiv() {
        #expect(close(wgs84.area(of: .polygon(square(36, 49))), 8_056_095_456.858643))
    }

    @Test func orientationDoesNotMatterAndHolesSubtract() {
        let ccw = square(36, 49)
        let cw = Polygon(unchecked: ccw.exterior.reversed())
        #expect(close(wgs84.area(of: .polygon(cw)), wgs84.area(of: .polygon(ccw)), relative: 1e-12))
        let holed = Polygon(unchecked: square(36, 49, size: 2).exterior, holes: [square(36.5, 49.5).exterior])
        let expected = wgs84.area(of: .polygon(square(36, 49, size: 2))) - wgs84.area(of: .polygon(square(36.5, 49.5)))
        #expect(close(wgs84.area(of: .polygon(holed)), expected, relative: 1e-12))
        #expect(close(wgs84.area(of: .multiPolygon([ccw, square(38, 49)])),
                      wgs84.area(of: .polygon(ccw)) + wgs84.area(of: .polygon(square(38, 49))), relative: 1e-12))
    }

    @Test func pointsAndLinesHaveNoArea() throws {
        #expect(wgs84.area(of: .point(.init(lon: 36, lat: 49))) == 0)
        #expect(wgs84.area(of: .lineString(try LineString([.init(lon: 36, lat: 49), .init(lon: 37, lat: 50)]))) == 0)
    }

    static let kharkiv = Coordinate(lon: 36.25475, lat: 49.98177)
    static let izium = Coordinate(lon: 37.27679, lat: 49.20697)

    @Test func kharkivToIzium() throws {
        let (distance, azimuth, _) = wgs84.inverse(from: Self.kharkiv, to: Self.izium)
        #expect(close(distance, 113_513.443835))
        #expect(abs(azimuth - 138.998264695) < 1e-7)
        let line = Geometry.lineString(try LineString([Self.kharkiv, Self.izium]))
        #expect(close(wgs84.length(of: line), 113_513.443835))
    }

    @Test func destinationInvertsInverse() {
        let (distance, azimuth, _) = wgs84.inverse(from: Self.kharkiv, to: Self.izium)
        let end = wgs84.destination(from: Self.kharkiv, azimuth: azimuth, distance: distance)
        #expect(abs(end.lat - Self.izium.lat) < 1e-9 && abs(end.lon - Self.izium.lon) < 1e-9)
    }

    @Test func pointToEdgeDistanceMatchesDenseSampling() throws {
        let line = Geometry.lineString(try LineString([Self.kharkiv, Self.izium]))
        let d = wgs84.distance(from: Coordinate(lon: 36.9, lat: 49.75), to: line)
        #expect(close(d, 18_311.707748))
    }

    @Test func pointToPolygonIsZeroInsideAndToTheBoundaryOutside() {
        let cell = Geometry.polygon(square(36, 49))
        #expect(wgs84.distance(from: .init(lon: 36.5, lat: 49.5), to: cell) == 0)
        // Due west of the cell's western edge (a meridian), the nearest point is on that edge.
        let outside = Coordinate(lon: 35.9, lat: 49.5)
        let expected = wgs84.distance(from: outside, to: Coordinate(lon: 36, lat: 49.5))
        #expect(close(wgs84.distance(from: outside, to: cell), expected, relative: 1e-6))
    }

    @Test func pointToPointsIsTheNearestPoint() {
        let d = wgs84.distance(from: Self.kharkiv, to: .multiPoint([Self.izium, Self.kharkiv]))
        #expect(d == 0)
    }

    @Test func circleHasTheExpectedArea() {
        let circle = wgs84.circle(center: Self.izium, radius: 15_000, segments: 256)
        let area = wgs84.area(of: .polygon(circle))
        #expect(close(area, Double.pi * 15_000 * 15_000, relative: 2e-3))
        #expect(circle.exterior.dropLast().allSatisfy { close(wgs84.distance(from: Self.izium, to: $0), 15_000, relative: 1e-9) })
    }
}

/// The point-to-geometry distance's pruning: chord lower bounds must never exceed the true
/// distance, and the pruned search must give exactly what measuring every edge gives.
struct GeodesicDistancePruningTests {
    let wgs84 = Geodesic.wgs84

    func close(_ value: Double, _ reference: Double, relative: Double = 1e-6) -> Bool {
        abs(value - reference) <= relative * abs(reference)
    }

    /// A long random walk through eastern Ukraine, 2,000 vertices with edges up to ~20 km.
    static let walk: LineString = {
        var rng = SplitMix64(seed: 1991)
        var c = Coordinate(lon: 36.0, lat: 48.5)
        var coordinates = [c]
        for _ in 0..<1_999 {
            c.lon = min(40, max(33, c.lon + Double(rng.next() % 4001) / 1e4 - 0.2))
            c.lat = min(51, max(46, c.lat + Double(rng.next() % 2001) / 1e4 - 0.1))
            coordinates.append(c)
        }
        return LineString(unchecked: coordinates)
    }()

    @Test func chordBoundsNeverExceedTheGeodesicDistance() {
        var rng = SplitMix64(seed: 5)
        let coordinates = Self.walk.coordinates
        for _ in 0..<300 {
            let p = Coordinate(lon: 30 + Double(rng.next() % 12_000) / 1e3, lat: 44 + Double(rng.next() % 9_000) / 1e3)
            let bound = ChordBound(p)
            let i = Int(rng.next() % UInt64(coordinates.count - 1))
            let a = coordinates[i], b = coordinates[i + 1]
            #expect(bound.chord(to: a) <= wgs84.distance(from: p, to: a))
            let lower = bound.edgeLowerBound(bound.chord(to: a), bound.chord(to: b), bound.xyz(a), bound.xyz(b))
            #expect(lower <= wgs84.distance(from: p, toEdge: a, b))
        }
    }

    @Test func prunedSearchEqualsMeasuringEveryEdge() {
        let line = Geometry.lineString(Self.walk)
        var rng = SplitMix64(seed: 11)
        for _ in 0..<5 {
            let p = Coordinate(lon: 33 + Double(rng.next() % 7_000) / 1e3, lat: 46 + Double(rng.next() % 5_000) / 1e3)
            #expect(wgs84.distance(from: p, to: line) == wgs84.distance(from: p, to: line, prune: false))
        }
    }

    /// Lviv–Kharkiv as one 870 km edge and a point near Kyiv; reference: minimum of pyproj's
    /// `Geod.inv` over 400,000 points of `Geod.npts` along the edge (spacing 2.2 m).
    @Test func longEdgeMatchesDenseSampling() throws {
        let edge = Geometry.lineString(try LineString([Coordinate(lon: 24.0316, lat: 49.8397), Coordinate(lon: 36.2304, lat: 49.9935)]))
        #expect(close(wgs84.distance(from: Coordinate(lon: 30.5234, lat: 50.4501), to: edge), 40_986.083625))
    }

    /// Beyond the end of the Kharkiv–Izium edge the nearest point is Izium; reference as above.
    @Test func pastTheEndTheNearestPointIsTheVertex() throws {
        let edge = Geometry.lineString(try LineString([GeodesicTests.kharkiv, GeodesicTests.izium]))
        #expect(close(wgs84.distance(from: Coordinate(lon: 38.0, lat: 48.5), to: edge), 94_856.239262))
    }
}

struct GeometryGeodesicTests {
    @Test func conveniencesUseWGS84() {
        let cell = Geometry.polygon(Fixtures.square(lon: 0, lat: 0, side: 1))
        #expect(String(format: "%.3f", cell.geodesicAreaKm2) == "12308.778")
        #expect(cell.geodesicArea == Geodesic.wgs84.area(of: cell))
        #expect(cell.geodesicLength == Geodesic.wgs84.perimeter(of: cell))
        #expect(cell.geodesicDistance(from: Coordinate(lon: 0.5, lat: 0.5)) == 0)
    }
}

/// The exact drawn-polygon area against two independent references.
struct DrawnAreaTests {
    /// A longitude/latitude rectangle has a closed form; edges along parallels are where drawn
    /// and geodesic polygons differ most.
    @Test func aRectangleMatchesTheClosedForm() {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let b = a * (1 - f), e2 = f * (2 - f), e = e2.squareRoot()
        func s(_ degrees: Double) -> Double {
            let x = sin(degrees * .pi / 180)
            return b * b / 2 * (x / (1 - e2 * x * x) + atanh(e * x) / e)
        }
        let expected = 2 * .pi / 180 * (s(51) - s(48))  // 35°E–37°E × 48°N–51°N
        let ring = [Coordinate(lon: 35, lat: 48), Coordinate(lon: 37, lat: 48), Coordinate(lon: 37, lat: 51),
                    Coordinate(lon: 35, lat: 51), Coordinate(lon: 35, lat: 48)]
        let area = DrawnArea.wgs84.area(of: .polygon(Polygon(unchecked: ring)))
        #expect(abs(area / expected - 1) < 1e-12, "\(area) vs \(expected)")
    }

    /// Densified finely, PROJ's geodesic area converges to the drawn area: a triangle with
    /// slanted edges (where the quadrature works) at 0.0005°.
    @Test func aSlantedPolygonMatchesDensifiedGeodesics() {
        let ring = [Coordinate(lon: 35.2, lat: 48.1), Coordinate(lon: 38.9, lat: 49.7), Coordinate(lon: 36.1, lat: 52.3),
                    Coordinate(lon: 35.2, lat: 48.1)]
        let polygon = Geometry.polygon(Polygon(unchecked: ring))
        let drawn = DrawnArea.wgs84.area(of: polygon)
        let geodesic = Geodesic.wgs84.area(of: polygon.densified(maxDegrees: 0.0005))
        #expect(abs(drawn / geodesic - 1) < 1e-9, "\(drawn) vs \(geodesic)")
        // Undensified, the geodesic polygon is measurably different: the two are not the same thing.
        #expect(abs(Geodesic.wgs84.area(of: polygon) / drawn - 1) > 1e-5)
    }

    @Test func splittingAnEdgeKeepsTheArea() {
        let ring = [Coordinate(lon: 35.2, lat: 48.1), Coordinate(lon: 38.9, lat: 49.7), Coordinate(lon: 36.1, lat: 52.3),
                    Coordinate(lon: 35.2, lat: 48.1)]
        let split = [ring[0], Coordinate(lon: 35.2 + 3.7 * 0.3, lat: 48.1 + 1.6 * 0.3), ring[1], ring[2], ring[3]]
        let a = DrawnArea.wgs84.area(of: .polygon(Polygon(unchecked: ring)))
        let b = DrawnArea.wgs84.area(of: .polygon(Polygon(unchecked: split)))
        #expect(abs(a / b - 1) < 1e-13)
    }
}
