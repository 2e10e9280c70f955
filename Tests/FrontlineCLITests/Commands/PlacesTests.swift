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

    @Test func searchWithAnAreaRanksItsPlacesFirst() throws {
        let json = try #require(try CLI.json(["places", "search", "Shevchenkove", "--area", "UA-63", "--json"]) as? [[String: Any]])
        let areas = json.compactMap { $0["area"] as? String }
        #expect(json.first?["id"] as? Int == 694137)
        // The area's places, then the others: no UA-63 place after one of another area.
        let firstOther = try #require(areas.firstIndex { $0 != "UA-63" })
        #expect(!areas[firstOther...].contains("UA-63"))
    }

    /// Issue 19: "Pavlivka, Donetsk" and --area UA-14 put Donetsk's Pavlivka first among
    /// dozens of namesakes, then the others (cities500 has none in Donetsk Oblast).
    @Test(arguments: [["Pavlivka, Donetsk"], ["Pavlivka", "--area", "UA-14"], ["Pavlivka", "--area", "Donetsk Oblast"]])
    func queryWithItsOblastRanksThatOblastFirst(_ query: [String]) throws {
        let json = try #require(try CLI.json(["places", "search"] + query + ["--json", "--limit", "20"]) as? [[String: Any]])
        let areas = json.compactMap { $0["area"] as? String }
        #expect(areas.first == "UA-14")
        #expect(areas.count == 20)
        let firstOther = try #require(areas.firstIndex { $0 != "UA-14" })
        #expect(!areas[firstOther...].contains("UA-14"))
        #expect(json.allSatisfy { $0["name"] as? String == "Pavlivka" })
    }

    /// Issue 19: looking is forgiving; a search that finds nothing is an empty answer, not an
    /// error, and does not suggest the command just run.
    @Test func searchWithNoMatchIsEmptyNotAnError() throws {
        let result = try CLI.run(["places", "search", "Qwertzuiop"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
        #expect(result.stdout.hasPrefix("No settlement matches 'Qwertzuiop'."))
        #expect(!result.stdout.contains("places search"))
        let json = try CLI.run(["places", "search", "Qwertzuiop", "--json"])
        #expect(json.status == 0)
        #expect(json.stdout.trimmingCharacters(in: .whitespacesAndNewlines).filter { !$0.isWhitespace } == "[]")
    }

    @Test func searchWithNoMatchNamesTheNearestWithTheirOblast() throws {
        let result = try CLI.run(["places", "search", "Robotynne Hora"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Nearest names: "))
        #expect(result.stdout.contains("Robotyne (Zaporizhzhia Oblast, id 1007172000)"))
    }

    /// Issue 19: each older spelling finds the place, printed under its official name.
    @Test(arguments: [
        ("Kupyansk", "Kupiansk"), ("Izyum", "Izium"), ("Balakliya", "Balakliia"), ("Slovyansk", "Sloviansk"),
        ("Avdiyivka, Donetsk", "Avdiivka"), ("Kostyantynivka, Donetsk", "Kostiantynivka"), ("Vovchans'k", "Vovchansk"),
        ("Novoazovs'k", "Novoazovsk"), ("Kupyansk-Vuzlovyy", "Kupiansk-Vuzlovyi"),
    ])
    func oldSpellingPrintsTheOfficialName(_ query: String, official: String) throws {
        let json = try #require(try CLI.json(["places", "search", query, "--json", "--limit", "1"]) as? [[String: Any]])
        #expect(json.first?["name"] as? String == official)
        let table = try CLI.run(["places", "search", query, "--limit", "1"])
        #expect(table.status == 0)
        let row = try #require(table.stdout.split(separator: "\n").dropFirst().first)
        #expect(row.contains(" \(official) "))
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
