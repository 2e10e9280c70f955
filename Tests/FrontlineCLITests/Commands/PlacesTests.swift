import Foundation
import Testing

struct PlacesTests {
    @Test func searchPrintsATableBestFirst() throws {
        let result = try CLI.run(["places", "search", "Izyum"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.trimmingCharacters(in: .whitespaces).hasPrefix("ID") == true)
        #expect(lines.dropFirst().first?.contains("707292") == true)
        #expect(lines.dropFirst().first?.contains("Kharkiv Oblast") == true)
    }

    @Test func searchJSONHasTheDocumentedKeys() throws {
        let json = try #require(try CLI.json(["places", "search", "Куп'янськ", "--json", "--limit", "3"]) as? [[String: Any]])
        let first = try #require(json.first)
        #expect(Set(first.keys) == ["id", "name", "area", "lat", "lon", "population"])
        #expect(first["id"] as? Int == 703656)
        #expect(first["area"] as? String == "UA-63")
        #expect(json.count <= 3)
    }

    @Test func searchWithinAnArea() throws {
        let json = try #require(try CLI.json(["places", "search", "Shevchenkove", "--area", "UA-63", "--json"]) as? [[String: Any]])
        #expect(json.allSatisfy { $0["area"] as? String == "UA-63" })
        #expect(json.first?["id"] as? Int == 694137)
    }

    @Test func unknownPlaceIsADataError() throws {
        let result = try CLI.run(["places", "search", "Qwertzuiop"])
        #expect(result.status == 65)
        #expect(result.stderr.hasPrefix("error: "))
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownAreaIsADataError() throws {
        let result = try CLI.run(["places", "search", "Izium", "--area", "Atlantis"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("Atlantis"))
    }

    @Test func badOptionIsAUsageError() throws {
        let result = try CLI.run(["places", "search", "Izium", "--limit", "0"])
        #expect(result.status == 64)
        let missing = try CLI.run(["places", "search"])
        #expect(missing.status == 64)
    }

    @Test func areasJSONListsAll32AreasWithGeodesicKm2() throws {
        let json = try #require(try CLI.json(["places", "areas", "--json"]) as? [[String: Any]])
        #expect(json.count == 32)
        let kharkiv = try #require(json.first { $0["iso"] as? String == "UA-63" })
        #expect(Set(kharkiv.keys) == ["iso", "name", "country", "km2"])
        let km2 = try #require(kharkiv["km2"] as? Double)
        #expect(abs(km2 / 31_415 - 1) < 0.02)
        #expect(json.filter { $0["country"] as? String == "UA" }.count == 27)
        #expect(json.first { $0["iso"] as? String == "UA-43" }?["country"] as? String == "UA")
    }

    @Test func helpIsThereForEveryCommand() throws {
        for args in [["--help"], ["places", "--help"], ["places", "search", "--help"], ["places", "areas", "--help"]] {
            let result = try CLI.run(args)
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE:"))
        }
    }
}

extension PlacesTests {
    @Test func areasGeoJSONIsAFeatureCollectionWithTheSameProperties() throws {
        let result = try CLI.run(["places", "areas", "--geojson"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(json["type"] as? String == "FeatureCollection")
        #expect(json["crs"] == nil)
        let features = try #require(json["features"] as? [[String: Any]])
        #expect(features.count == 32)
        let kharkiv = try #require(features.first { ($0["properties"] as? [String: Any])?["iso"] as? String == "UA-63" })
        #expect(Set((kharkiv["properties"] as? [String: Any])?.keys ?? [:].keys) == ["iso", "name", "country", "km2"])
        #expect((kharkiv["geometry"] as? [String: Any])?["type"] as? String == "MultiPolygon")
    }

    @Test func jsonAndGeoJSONTogetherIsAUsageError() throws {
        #expect(try CLI.run(["places", "areas", "--json", "--geojson"]).status == 64)
    }
}
