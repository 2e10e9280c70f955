import Foundation
import Testing
@testable import FrontlineGeometry
import FrontlineJSON
import SeededRandom

/// Writer tests; golden files live in `Fixtures/` (turf style: `<name>.input.geojson` read and
/// written back must equal `<name>.expected.geojson`). Regenerate them after an intended change
/// with `FRONTLINE_REGENERATE_FIXTURES=1 swift test --filter GeoJSONWriterTests` and review the diff.
struct GeoJSONWriterTests {
    let writer = GeoJSONWriter()

    // MARK: Fixtures

    static let sourceFixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static var regenerating: Bool { ProcessInfo.processInfo.environment["FRONTLINE_REGENERATE_FIXTURES"] == "1" }

    func fixture(_ name: String) throws -> [UInt8] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return Array(try Data(contentsOf: url))
    }

    /// Compares `output` with the golden file `name`, or rewrites the file when regenerating.
    func expectGolden(_ output: [UInt8], _ name: String) throws {
        if Self.regenerating {
            try Data(output).write(to: Self.sourceFixtures.appendingPathComponent(name))
            return
        }
        let expected = String(decoding: try fixture(name), as: UTF8.self)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    static let smallCollection = FeatureCollection(features: [
        Feature(id: "kharkiv-area", geometry: Fixtures.kharkivArea, properties: ["name": "Kharkiv area", "fill": "#0f9d58"]),
        Feature(id: 2, geometry: .lineString(LineString(unchecked: [
            Coordinate(lon: 36.25475, lat: 49.98177), Coordinate(lon: 37.27679, lat: 49.20697)])),
            properties: ["name": "Харків – Ізюм", "km": 113.513443835, "tags": ["road", nil, true]]),
        Feature(geometry: .point(Coordinate(lon: -0.0000001, lat: 49.123456789)), properties: nil),
        Feature(geometry: nil, properties: ["escapes": "quote \" backslash \\ newline \n tab \t bell \u{7} é 😀"]),
    ])

    @Test func goldenSmallCollection() throws {
        try expectGolden(try writer.write(Self.smallCollection), "small-collection.expected.geojson")
    }

    @Test func goldenReadWriteOfRealFileQuirks() throws {
        let document = try GeoJSONReader().read(try fixture("quirks.input.geojson"), source: "quirks.input.geojson")
        #expect(document.warnings.map(\.featureIndex) == [1, 2])
        try expectGolden(try writer.write(document.collection), "quirks.expected.geojson")
    }

    // MARK: RFC 7946 rules

    @Test func ringsAreWrittenExteriorCounterClockwiseHolesClockwise() throws {
        let clockwise = Fixtures.ring([(0, 0), (0, 10), (10, 10), (10, 0)])
        let counterClockwiseHole = Fixtures.ring([(2, 2), (4, 2), (4, 4), (2, 4)])
        #expect(!RingOrientation.isCounterClockwise(clockwise))
        let polygon = Polygon(unchecked: clockwise, holes: [counterClockwiseHole])
        let collection = FeatureCollection(features: [
            Feature(geometry: .polygon(polygon)),
            Feature(geometry: .multiPolygon([polygon, Polygon(unchecked: Fixtures.ring([(20, 0), (20, 5), (25, 5), (25, 0)]))])),
        ])
        let back = try GeoJSONReader().read(try writer.write(collection), source: "out")
        for polygon in back.features.flatMap({ $0.geometry?.polygons ?? [] }) {
            #expect(RingOrientation.isCounterClockwise(polygon.exterior))
            #expect(polygon.holes.allSatisfy { !RingOrientation.isCounterClockwise($0) })
        }
        // Reversed, not otherwise changed: same vertices, same start.
        let written = try #require(back.features[0].geometry?.polygons.first)
        #expect(written.exterior == clockwise.reversed())
        #expect(written.holes == [counterClockwiseHole.reversed()])
    }

    @Test func featuresAlwaysWriteGeometryAndProperties() throws {
        #expect(try writer.string(Feature(geometry: nil)) == #"{"type":"Feature","geometry":null,"properties":null}"#)
        #expect(try writer.string(Feature(id: "a", geometry: .point(.init(lon: 1, lat: 2)), properties: JSONObject()))
            == #"{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]},"properties":{}}"#)
        #expect(try writer.string(FeatureCollection(features: [])) == "{\"type\":\"FeatureCollection\",\"features\":[]}\n")
        #expect(!(try writer.string(Self.smallCollection)).contains("crs"))
    }

    @Test(arguments: [
        (36.25475, 6, "36.25475"), (1.23456789, 6, "1.234568"), (1.23456789, 2, "1.23"), (1.999, 2, "2"), (100.0, 6, "100"),
        (-0.0, 6, "0"), (-0.0000001, 6, "0"), (-0.0000006, 6, "-0.000001"), (-0.0000005, 6, "0"), (0.0000001, 7, "0.0000001"),
        (1e-7, 17, "0.0000001"), (1e21, 6, "1000000000000000000000"), (-12.5, 0, "-12"), (12.5, 0, "12"),
        (179.9999999, 6, "180"), (0.1 + 0.2, 6, "0.3"),
    ])
    func precision(value: Double, precision: Int, expected: String) throws {
        let text = try GeoJSONWriter(precision: precision).string(Geometry.point(Coordinate(lon: value, lat: 0)))
        #expect(text == #"{"type":"Point","coordinates":[\#(expected),0]}"#)
    }

    /// The fast fixed-precision path agrees with `printf("%.*f")` (exact decimal rounding of the
    /// binary value), trimmed, on random coordinates, ties and magnitudes of every size.
    @Test func fixedPrecisionAgreesWithPrintf() throws {
        var rng = SplitMix64(seed: 46)
        for i in 0..<50_000 {
            let precision = Int(rng.next() % 10)
            let x: Double = switch i % 4 {
            case 0: Double(Int64(rng.next() % 360_000_000_001) - 180_000_000_000) / 1e9
            case 1: (Double(Int64(rng.next() % 2_000_001) - 1_000_000) + 0.5) / pow(10, Double(precision))  // near ties
            case 2: Double(bitPattern: rng.next() >> 1) * (rng.next() % 2 == 0 ? 1 : -1)
            default: Double(Int64(rng.next() % 20_000_001) - 10_000_000) / 1e7
            }
            guard x.isFinite else { continue }
            var reference = String(format: "%.*f", precision, x)
            if reference.contains(".") {
                while reference.hasSuffix("0") { reference.removeLast() }
                if reference.hasSuffix(".") { reference.removeLast() }
            }
            if reference == "-0" { reference = "0" }
            let text = try GeoJSONWriter(precision: precision).string(Geometry.point(Coordinate(lon: x, lat: 0)))
            #expect(text == #"{"type":"Point","coordinates":[\#(reference),0]}"#, "\(x) at \(precision)")
        }
    }

    @Test(arguments: [
        (1e-7, "0.0000001"), (1.5e-10, "0.00000000015"), (1e21, "1000000000000000000000"), (-2.5, "-2.5"),
        (0.1, "0.1"), (123456789.123, "123456789.123"), (42.0, "42"), (-0.0, "0"), (1.2345678901234568e-5, "0.000012345678901234568"),
    ])
    func propertyNumbersAreExactWithoutExponents(value: Double, expected: String) throws {
        let text = try writer.string(Feature(geometry: nil, properties: ["v": .number(value)]))
        #expect(text == #"{"type":"Feature","geometry":null,"properties":{"v":\#(expected)}}"#)
        #expect(try JSONParser.parse(expected) == .number(value == 0 ? 0 : value))
    }

    @Test func stringEscapes() throws {
        let s = "q\" b\\ / \n\r\t\u{8}\u{C}\u{0}\u{1F}\u{7F} Київ 😀"
        let text = try writer.string(Feature(geometry: nil, properties: ["s": .string(s)]))
        #expect(text == #"{"type":"Feature","geometry":null,"properties":{"s":"q\" b\\ / \n\r\t\b\f\u0000\u001f"# + "\u{7F} Київ 😀\"}}")
        #expect(try JSONParser.parse(text)["properties"]?["s"] == .string(s))
    }

    @Test func nonFiniteNumbersAreRejectedWithTheirPath() {
        let polygon = Polygon(unchecked: Fixtures.ring([(0, 0), (1, 0), (1, .nan), (0, 1)]))
        let collection = FeatureCollection(features: [Feature(geometry: nil), Feature(geometry: .polygon(polygon))])
        #expect(throws: GeoJSONError.nonFiniteNumber(path: "features[1].geometry.coordinates[0][2][1]", value: "nan")) {
            _ = try writer.write(collection)
        }
        #expect(throws: GeoJSONError.nonFiniteNumber(path: "properties.a[1]", value: "inf")) {
            _ = try writer.write(Feature(geometry: nil, properties: ["a": [1, .number(.infinity)]]))
        }
    }

    // MARK: Round trip

    /// read(write(x)) == x for coordinates with at most 6 decimals, every geometry kind, ids and
    /// properties of every JSON kind, in key order.
    @Test func roundTripAtSixDecimals() throws {
        var rng = SplitMix64(seed: 2022)
        func coordinate() -> Coordinate {
            Coordinate(lon: Double(Int64(rng.next() % 360_000_001) - 180_000_000) / 1e6,
                       lat: Double(Int64(rng.next() % 180_000_001) - 90_000_000) / 1e6)
        }
        func ring() -> Ring {
            // A star-shaped ring around a centre, counter-clockwise so the writer keeps it as is.
            let centre = Coordinate(lon: Double(rng.next() % 300) / 2 - 75, lat: Double(rng.next() % 120) / 2 - 30)
            let n = Int(3 + rng.next() % 20)
            var ring = (0..<n).map { i -> Coordinate in
                let angle = Double(i) / Double(n) * 2 * .pi
                let r = 0.1 + Double(rng.next() % 1_000) / 1_000
                return Coordinate(lon: ((centre.lon + r * cos(angle)) * 1e6).rounded() / 1e6,
                                  lat: ((centre.lat + r * sin(angle)) * 1e6).rounded() / 1e6)
            }
            ring.append(ring[0])
            return ring
        }
        var features: [Feature] = []
        for i in 0..<200 {
            let geometry: Geometry? = switch i % 8 {
            case 0: .point(coordinate())
            case 1: .multiPoint((0..<5).map { _ in coordinate() })
            case 2: .lineString(LineString(unchecked: (0..<7).map { _ in coordinate() }))
            case 3: .multiLineString([LineString(unchecked: [coordinate(), coordinate()]), LineString(unchecked: [coordinate(), coordinate()])])
            case 4: .polygon(Polygon(unchecked: ring()))
            case 5: .multiPolygon([Polygon(unchecked: ring()), Polygon(unchecked: ring())])
            case 6: .collection([.point(coordinate()), .lineString(LineString(unchecked: [coordinate(), coordinate()]))])
            default: nil
            }
            let properties: JSONObject? = i % 3 == 0 ? nil : [
                "i": .number(Double(i)), "x": .number(Double(rng.next() % 1_000_000) / 7), "s": .string("é\(i)\n"),
                "b": .bool(i % 2 == 0), "n": nil, "a": [1.5, "two", [nil]], "o": ["z": 1, "a": 2],
            ]
            features.append(Feature(id: i % 4 == 0 ? .string("f\(i)") : .number(Double(i)), geometry: geometry, properties: properties))
        }
        let collection = FeatureCollection(features: features)
        let back = try GeoJSONReader(checkValidity: false).read(try writer.write(collection), source: "round-trip")
        #expect(back.warnings.isEmpty)
        #expect(back.collection == collection)
    }
}
