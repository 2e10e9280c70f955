import Foundation
import Testing
@testable import FrontlineEvents

extension ImportTests {
    /// The geometries of JSON Lines events and snapshot parts are read by the GeoJSON reader's
    /// `geometry(from:)`; what each line is refused for is unchanged.
    @Test func badGeometriesAreRefusedWithWhatIsWrong() throws {
        let (result, store, dir) = try importing([("g.jsonl", """
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Circle","coordinates":[]}}
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5]]]}}
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Point","coordinates":[37,49]}}
            {"at":"2022-09-11","side":"*","source":"MoD","snapshot":{"region":"UA","parts":[{"side":"RU","geometry":null}]}}
            {"at":"2022-09-11","side":"*","source":"MoD","snapshot":{"region":"UA","parts":[{"side":"RU","geometry":{"type":"Point","coordinates":[1]}}]}}

            """)])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == [
            "g.jsonl:1: geometry: 'Circle' is not a GeoJSON geometry type",
            "g.jsonl:2: geometry: LinearRing has 3 coordinates; it needs at least 4",
            "g.jsonl:3: geometry: an area must be a Polygon or MultiPolygon, not a Point",
            "g.jsonl:4: snapshot: part 1: is not a GeoJSON geometry object",
            "g.jsonl:5: snapshot: part 1: a position must be [longitude, latitude]",
        ])
        #expect(try store.count(matching: EventFilter()) == 0)
    }
}
