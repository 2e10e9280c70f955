import Testing
@testable import FrontlineGeometry
import FrontlineJSON

struct GeoJSONReaderTests {
    let reader = GeoJSONReader()

    func read(_ text: String, repair: Bool = true) throws(GeoJSONError) -> GeoJSONDocument {
        try GeoJSONReader(repair: repair).read(text, source: "test.geojson")
    }

    /// The error `text` raises, or nil.
    func error(_ text: String, repair: Bool = true) -> GeoJSONError? {
        do {
            _ = try read(text, repair: repair)
            return nil
        } catch {
            return error
        }
    }

    static let square = "[[36,49],[37,49],[37,50],[36,50],[36,49]]"
    static let squarePolygon = Polygon(unchecked: Fixtures.ring([(36, 49), (37, 49), (37, 50), (36, 50)]))

    // MARK: Document kinds

    @Test func featureCollection() throws {
        let document = try read("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","id":7,"geometry":{"type":"Polygon","coordinates":[\(Self.square)]},
               "properties":{"name":"cell","fill":"#a52714"}},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[36.5,49.5]},"properties":null}
            ]}
            """)
        #expect(document.warnings.isEmpty)
        #expect(document.features == [
            Feature(id: 7, geometry: .polygon(Self.squarePolygon), properties: ["name": "cell", "fill": "#a52714"]),
            Feature(geometry: .point(Coordinate(lon: 36.5, lat: 49.5))),
        ])
    }

    @Test func singleFeatureAndBareGeometry() throws {
        let feature = try read(#"{"type":"Feature","geometry":{"type":"LineString","coordinates":[[36,49],[37,50]]},"properties":{}}"#)
        #expect(feature.features == [Feature(geometry: .lineString(LineString(unchecked: [.init(lon: 36, lat: 49), .init(lon: 37, lat: 50)])),
                                             properties: JSONObject())])
        let bare = try read(#"{"coordinates":[\#(Self.square)],"type":"Polygon"}"#)
        #expect(bare.features == [Feature(geometry: .polygon(Self.squarePolygon))])
    }

    @Test func everyGeometryKind() throws {
        let document = try read("""
            {"type":"GeometryCollection","geometries":[
              {"type":"Point","coordinates":[1,2]},
              {"type":"MultiPoint","coordinates":[[1,2],[3,4]]},
              {"type":"LineString","coordinates":[[1,2],[3,4]]},
              {"type":"MultiLineString","coordinates":[[[1,2],[3,4]],[[5,6],[7,8]]]},
              {"type":"Polygon","coordinates":[\(Self.square)]},
              {"type":"MultiPolygon","coordinates":[[\(Self.square)],[[[38,49],[39,49],[39,50],[38,49]]]]},
              {"type":"GeometryCollection","geometries":[]}
            ]}
            """)
        let c = { (lon: Double, lat: Double) in Coordinate(lon: lon, lat: lat) }
        #expect(document.features.map(\.geometry) == [.collection([
            .point(c(1, 2)),
            .multiPoint([c(1, 2), c(3, 4)]),
            .lineString(LineString(unchecked: [c(1, 2), c(3, 4)])),
            .multiLineString([LineString(unchecked: [c(1, 2), c(3, 4)]), LineString(unchecked: [c(5, 6), c(7, 8)])]),
            .polygon(Self.squarePolygon),
            .multiPolygon([Self.squarePolygon, Polygon(unchecked: Fixtures.ring([(38, 49), (39, 49), (39, 50)]))]),
            .collection([]),
        ])])
    }

    @Test func polygonWithHoleAndEmptyGeometries() throws {
        let document = try read("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[10,0],[10,10],[0,10],[0,0]],[[2,2],[2,4],[4,4],[4,2],[2,2]]]},"properties":null},
              {"type":"Feature","geometry":{"type":"MultiPolygon","coordinates":[]},"properties":null},
              {"type":"Feature","geometry":{"type":"Point","coordinates":[]},"properties":null}
            ]}
            """)
        #expect(document.features[0].geometry?.polygons.first?.holes.count == 1)
        #expect(document.features[1].geometry == .multiPolygon([]))
        #expect(document.features[2].geometry == nil)
    }

    // MARK: Tolerance

    @Test func realFileQuirks() throws {
        // Elevation and measure ordinates, crs and bbox, styling keys, foreign members holding
        // anything, null geometry, missing properties, a UTF-8 byte-order mark.
        let text = "\u{FEFF}" + #"""
            {"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},
             "bbox":[36,49,37,50],"name":"export","features":[
              {"type":"Feature","bbox":[36,49,37,50],"style":{"fill":"#a52714","weight":[1,2,{"x":null}]},
               "geometry":{"type":"Polygon","bbox":[1,2,3,4],"coordinates":[[[36,49,0],[37,49,0,5],[37,50,12.5],[36,50,0],[36,49,0]]]},
               "properties":{"styleUrl":"#poly","name":"Окуповано /// Occupied\n\u00a0"}},
              {"type":"Feature","geometry":null},
              {"geometry":{"type":"Point","coordinates":[36.5,49.5,0]},"type":"Feature","properties":{"nested":{"a":[1,"b"]}}}
            ]}
            """#
        let document = try read(text)
        #expect(document.warnings.isEmpty)
        #expect(document.features.count == 3)
        #expect(document.features[0].geometry == .polygon(Self.squarePolygon))
        #expect(document.features[0].name == "Окуповано /// Occupied")
        #expect(document.features[1] == Feature(geometry: nil, properties: nil))
        #expect(document.features[2].geometry == .point(Coordinate(lon: 36.5, lat: 49.5)))
        #expect(document.features[2].properties?["nested"] == ["a": [1, "b"]])
    }

    /// Each feature's `{`, for messages about features the reader accepted (DeepState's colours).
    @Test func featureLocationsAreWhereEachFeatureStarts() throws {
        let document = try read("""
            {"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"s":"{[\\"\\n"}},
               {"type":"Feature","geometry":null},
            \t{"type":"Feature","geometry":{"type":"Point","coordinates":[36,49]}}]}
            """)
        #expect(document.featureLocations == [
            GeoJSONLocation(source: "test.geojson", line: 1, column: 41, path: "features[0]"),
            GeoJSONLocation(source: "test.geojson", line: 2, column: 4, path: "features[1]"),
            GeoJSONLocation(source: "test.geojson", line: 3, column: 2, path: "features[2]"),
        ])
        let single = try read(#"{"type":"Feature","geometry":null}"#).featureLocations
        #expect(single == [GeoJSONLocation(source: "test.geojson", line: 1, column: 1, path: "$")])
        #expect(try read(#" {"type":"Point","coordinates":[36,49]}"#).featureLocations
            == [GeoJSONLocation(source: "test.geojson", line: 1, column: 2, path: "$")])
    }

    @Test func unclosedRingIsClosedWithAWarning() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,50]]]},"properties":{"name":"open"}}
            ]}
            """
        let document = try read(text)
        #expect(document.features[0].geometry == .polygon(Self.squarePolygon))
        #expect(document.warnings == [GeoJSONWarning(
            kind: .ringClosed, featureIndex: 0, featureName: "open",
            location: GeoJSONLocation(source: "test.geojson", line: 2, column: 63, path: "features[0].geometry.coordinates[0]"))])
        #expect(document.warnings[0].description
            == "test.geojson:2:63: features[0].geometry.coordinates[0]: feature 0 (\"open\"): ring was not closed: closed it by repeating its first position")

        let strict = error(text, repair: false)
        #expect(strict == .invalid(GeoJSONLocation(source: "test.geojson", line: 2, column: 63, path: "features[0].geometry.coordinates[0]"),
                                   message: "ring is not closed: it starts at (36.0, 49.0) and ends at (36.0, 50.0)"))
    }

    @Test func bowTieIsRepairedWithAWarningNamingTheFeature() throws {
        let text = """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":null},
            {"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[2,2],[2,0],[0,2],[0,0]]]},"properties":{"name":"bow tie"}}
            ]}
            """
        let document = try read(text)
        #expect(document.warnings.count == 1)
        let warning = try #require(document.warnings.first)
        #expect(warning.featureIndex == 1 && warning.featureName == "bow tie")
        #expect(warning.location == GeoJSONLocation(source: "test.geojson", line: 3, column: 30, path: "features[1].geometry"))
        guard case .polygonRepaired(let reason) = warning.kind else { Issue.record("\(warning.kind)"); return }
        #expect(reason.hasPrefix("Self-intersection"))
        // Two triangles of 1 square degree each.
        let repaired = try #require(document.features[1].geometry)
        #expect(repaired.polygons.count == 2)
        #expect(try repaired.isValid)

        let strict = try #require(error(text, repair: false))
        #expect(strict.location == GeoJSONLocation(source: "test.geojson", line: 3, column: 30, path: "features[1].geometry"))
        #expect(strict.message.hasPrefix("invalid polygon: Self-intersection"))
    }

    // MARK: Errors

    @Test func coordinateOutOfRangeNamesThePosition() {
        let text = """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":null,"geometry":
              {"type":"Polygon","coordinates":[[[36,49],[37,49],[37,95],[36,49]]]}}]}
            """
        let e = error(text)
        #expect(e == .invalid(GeoJSONLocation(source: "test.geojson", line: 2, column: 53, path: "features[0].geometry.coordinates[0][2]"),
                              message: "coordinate (37.0, 95.0) is out of range (longitude −180…180, latitude −90…90)"))
        #expect(e?.description == "test.geojson:2:53: features[0].geometry.coordinates[0][2]: coordinate (37.0, 95.0) is out of range (longitude −180…180, latitude −90…90)")
        #expect(error(#"{"type":"Point","coordinates":[-180.5,0]}"#)?.location?.path == "coordinates")
    }

    @Test func shortRingsAreErrorsEvenWhenRepairing() {
        let e = error(#"{"type":"Polygon","coordinates":[[[36,49],[37,49],[36,49]]]}"#)
        #expect(e?.location?.path == "coordinates[0]")
        #expect(e?.message == "LinearRing has 3 coordinates; it needs at least 4 (the first position repeated last)")
        // Two distinct positions, closed by repair: still three.
        #expect(error(#"{"type":"Polygon","coordinates":[[[36,49],[37,49]]]}"#)?.location?.path == "coordinates[0]")
    }

    @Test func syntaxErrorsCarryFileLineColumnAndPath() {
        let text = "{\"type\":\"FeatureCollection\",\"features\":[\n{\"type\":\"Feature\",\"properties\":{\"a\":1,},\"geometry\":null}]}"
        let e = error(text)
        #expect(e == .syntax(GeoJSONLocation(source: "test.geojson", line: 2, column: 39, path: "features[0].properties"),
                             message: "expected a member name in double quotes, found '}'"))
        #expect(e?.description == "test.geojson:2:39: features[0].properties: expected a member name in double quotes, found '}'")
    }

    @Test(arguments: [
        (#"{"type":"Feature","geometry":{"type":"Circle","coordinates":[1,2]},"properties":null}"#, "geometry.type",
         "\"Circle\" is not a GeoJSON geometry type"),
        (#"{"features":[]}"#, "$", "a GeoJSON object needs a \"type\""),
        (#"{"type":"FeatureCollection"}"#, "$", "a FeatureCollection needs \"features\""),
        (#"{"type":"FeatureCollection","features":[{"type":"Point","coordinates":[1,2]}]}"#, "features[0].type",
         "expected a Feature, found type \"Point\""),
        (#"{"type":"Polygon","coordinates":[[1,2],[3,4]]}"#, "coordinates",
         "a Polygon's coordinates must be an array of linear rings (arrays of positions)"),
        (#"{"type":"Point","coordinates":[1]}"#, "coordinates", "a position needs at least two numbers, [longitude, latitude]"),
        (#"{"type":"LineString","coordinates":[[1,2],[3,"4"]]}"#, "coordinates[1]", "a position's elements must be numbers, found '\"'"),
        (#"{"type":"LineString","coordinates":[[1,2]]}"#, "coordinates", "LineString has 1 coordinates; it needs at least 2"),
        (#"{"type":"MultiPolygon","coordinates":[[[[1,2],[3,4],[5,6],[1,2]]],[[1,2],[3,4]]]}"#, "coordinates[1]",
         "coordinates mix arrays of different depths"),
        (#"{"type":"Feature","geometry":null,"properties":[1]}"#, "properties", "\"properties\" must be an object or null, found '['"),
        (#"[1,2]"#, "$", "expected a GeoJSON object, found '['"),
    ])
    func invalidGeoJSON(text: String, path: String, message: String) {
        let e = error(text)
        guard case .invalid(let location, let actual)? = e else {
            Issue.record("expected an invalid-GeoJSON error, got \(String(describing: e))")
            return
        }
        #expect(location.path == path)
        #expect(actual == message)
    }

    @Test func syntaxErrorInASkippedMemberNamesTheMember() {
        let e = error(#"{"type":"Point","coordinates":[1,2],"crs":{"type":"name",}}"#)
        guard case .syntax(let location, _)? = e else { Issue.record("\(String(describing: e))"); return }
        #expect(location.path == "crs")
        #expect(location.column == 58)
    }
}
