import Foundation
import Testing
@testable import FrontlineEvents

extension ImportTests {
    /// `{"side":"UA","side":"RU"}` was imported as RU without a word. A key given twice in one
    /// object is refused now, naming the key and its line, in JSON Lines and in GeoJSON (where
    /// the line is the repeated key's, in a geometry too).
    @Test func aKeyGivenTwiceIsRefusedWithTheKeyAndLine() throws {
        let (result, store, dir) = try importing([("d.jsonl", """
            {"at":"2022-09-10","place":703656,"side":"UA","source":"ISW"}
            {"at":"2022-09-10","place":703656,"side":"UA","side":"RU","source":"ISW"}
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Polygon","type":"Point","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49]]]}}

            """)])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == [
            "d.jsonl:2: side: appears twice in one object (column 47); give each key once",
            "d.jsonl:3: type: appears twice in one object (column 76); give each key once",
        ])
        #expect(try store.count(matching: EventFilter()) == 0)

        let (geoJSON, _, dir2) = try importing([("d.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null,
               "properties": {"at": "2022-09-10", "place": 703656, "side": "UA",
                              "source": "ISW", "side": "RU"}}
            ]}
            """)])
        defer { dir2.remove() }
        #expect(problems(geoJSON, in: dir2) == ["d.geojson:4: side: appears twice in one object (column 36); give each key once"])
    }
}
