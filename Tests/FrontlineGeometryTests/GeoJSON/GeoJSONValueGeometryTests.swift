import FrontlineJSON
import Testing
@testable import FrontlineGeometry

/// `GeoJSONReader.geometry(from:)`: a geometry object inside a parsed JSON document (the event
/// files, `record --area`), read strictly and with messages that say what is wrong.
struct GeoJSONValueGeometryTests {
    func geometry(_ text: String, zeroSign: Bool = true) throws -> Geometry {
        try GeoJSONReader.geometry(from: try JSONParser.parse(text), zeroSign: zeroSign)
    }

    func problem(_ text: String) -> String? {
        do {
            _ = try geometry(text)
            return nil
        } catch let error as GeoJSONGeometryError {
            return error.problem
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        (#""x""#, "is not a GeoJSON geometry object"),
        (#"{}"#, #"has no "type""#),
        (#"{"type":1}"#, #"has no "type""#),
        (#"{"type":"GeometryCollection"}"#, #"a GeometryCollection needs "geometries""#),
        (#"{"type":"GeometryCollection","geometries":[{"type":"Point"}]}"#, #"a Point needs "coordinates""#),
        (#"{"type":"Circle"}"#, #"a Circle needs "coordinates""#),
        (#"{"type":"Circle","coordinates":[]}"#, "'Circle' is not a GeoJSON geometry type"),
        (#"{"type":"Ci\u001brcle","coordinates":[]}"#, #"'Ci\u{1B}rcle' is not a GeoJSON geometry type"#),
        (#"{"type":"Point","coordinates":[]}"#, "a position must be [longitude, latitude]"),
        (#"{"type":"Point","coordinates":null}"#, "a position must be [longitude, latitude]"),
        (#"{"type":"Point","coordinates":[1,"2"]}"#, "a position must be [longitude, latitude]"),
        (#"{"type":"Point","coordinates":[200,0]}"#, "coordinate (200.0, 0.0) is out of range (longitude −180…180, latitude −90…90)"),
        (#"{"type":"MultiPoint","coordinates":5}"#, "coordinates must be arrays"),
        (#"{"type":"LineString","coordinates":[[1,2]]}"#, "LineString has 1 coordinates; it needs at least 2"),
        (#"{"type":"Polygon","coordinates":[]}"#, "a Polygon needs at least one ring"),
        (#"{"type":"Polygon","coordinates":[[]]}"#, "LinearRing has 0 coordinates; it needs at least 4"),
        (#"{"type":"Polygon","coordinates":[[[37,49],[37.1,49],[37.1,49.1],[37,49.2]]]}"#,
         "ring is not closed: it starts at (37.0, 49.0) and ends at (37.0, 49.2)"),
        (#"{"type":"MultiPolygon","coordinates":[[]]}"#, "a Polygon needs at least one ring"),
        (#"{"type":"MultiPolygon","coordinates":[5]}"#, "coordinates must be arrays"),
    ])
    func problems(_ text: String, _ expected: String) {
        #expect(problem(text) == expected)
    }

    @Test func geometriesReadAsTheyAreWritten() throws {
        let square = Polygon(unchecked: [Coordinate(lon: 37, lat: 49.5), Coordinate(lon: 37.3, lat: 49.5),
                                         Coordinate(lon: 37.3, lat: 49.7), Coordinate(lon: 37, lat: 49.5)])
        #expect(try geometry(#"{"type":"Polygon","coordinates":[[[37,49.5,100],[37.3,49.5],[3.73e1,49.7,1,2],[37,49.5]]]}"#)
                == .polygon(square))
        #expect(try geometry(#"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[37,49.5]}]}"#)
                == .collection([.point(Coordinate(lon: 37, lat: 49.5))]))
        #expect(try geometry(#"{"type":"MultiPolygon","coordinates":[[[[37,49.5],[37.3,49.5],[37.3,49.7],[37,49.5]]]]}"#)
                == .multiPolygon([square]))
    }

    /// Foundation's numbers, through which these geometries were once read: `true` is 1, and the
    /// event files (`zeroSign: false`) read -0 as 0.
    @Test func booleansAreNumbersAndZeroSignsAreKeptOrNot() throws {
        #expect(try geometry(#"{"type":"Point","coordinates":[true,false]}"#) == .point(Coordinate(lon: 1, lat: 0)))
        guard case .point(let kept) = try geometry(#"{"type":"Point","coordinates":[-0.0,-0]}"#),
              case .point(let dropped) = try geometry(#"{"type":"Point","coordinates":[-0.0,-0]}"#, zeroSign: false)
        else { Issue.record("not a point"); return }
        #expect(kept.lon.sign == .minus && kept.lat.sign == .minus)
        #expect(dropped.lon.sign == .plus && dropped.lat.sign == .plus)
    }
}
