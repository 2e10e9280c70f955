import Testing
@testable import FrontlineGeoData

/// The spellings users meet in reports, resolved against the real, embedded GeoNames data.
struct GazetteerTests {
    let gazetteer = try! GeoData.embedded().gazetteer

    @Test(arguments: [
        ("Izium", 707292), ("Izyum", 707292), ("Ізюм", 707292), ("Изюм", 707292),
        ("Kupiansk", 703656), ("Kupyansk", 703656), ("Куп'янськ", 703656), ("Купянск", 703656),
        ("Balakliia", 712926), ("Balakliya", 712926), ("Балаклія", 712926),
        ("Vovchansk", 689304), ("Volchansk", 689304),
        ("Kharkiv", 706483), ("Kharkov", 706483), ("Харків", 706483),
        ("Ruska Lozova", 695106), ("Russkaya Lozovaya", 695106),
        ("Kupiansk-Vuzlovyi", 703652), ("Kupyansk-Vuzlovyy", 703652),
    ])
    func resolvesSpelling(_ query: String, id: Int) throws {
        #expect(try gazetteer.resolve(query).id == id)
    }

    @Test func foldingOverSeveralCoresGivesTheKeysOfFoldingOneByOne() throws {
        let settlements = try GeoData.embedded().settlements
        let oneByOne = settlements.map { [NameKey.fold($0.name)] + $0.alternateNames.map(NameKey.fold) }
        #expect(Gazetteer.foldNames(of: settlements) == oneByOne)
    }

    @Test func resolvesByGeoNamesID() throws {
        #expect(try gazetteer.resolve("707292").name == "Izyum")
    }

    @Test func exactAndLargerPlacesRankFirst() throws {
        let matches = try gazetteer.search("Kupiansk", limit: 5)
        #expect(matches.first?.settlement.id == 703656)
        #expect(matches.contains { $0.settlement.id == 703652 })  // Kupiansk-Vuzlovyi, by prefix
        #expect(matches.first?.quality == .exactAlternate || matches.first?.quality == .exactName)
    }

    @Test func ambiguousNameListsCandidatesWithTheirAreas() throws {
        #expect {
            try gazetteer.resolve("Shevchenkove")
        } throws: { error in
            guard case let GeoDataError.ambiguousPlace(_, candidates) = error else { return false }
            return candidates.count >= 3 && candidates.contains { $0.areaISO == "UA-63" }
                && "\(error)".contains("Kharkiv")
        }
    }

    @Test func areaResolvesAmbiguity() throws {
        #expect(try gazetteer.resolve("Shevchenkove, Kharkiv").id == 694137)
        #expect(try gazetteer.resolve("Shevchenkove", area: "UA-63").id == 694137)
        #expect(try gazetteer.resolve("Shevchenkove, Kharkiv Oblast").id == 694137)
        #expect(try gazetteer.resolve("Шевченкове, Харківська").id == 694137)
    }

    @Test func areaNamesInCommonSpellings() throws {
        for query in ["UA-63", "ua-63", "Kharkiv", "Kharkiv Oblast", "Kharkivska oblast", "Харківська область"] {
            #expect(try gazetteer.areaISO(for: query) == "UA-63", "\(query)")
        }
        #expect(try gazetteer.areaISO(for: "Belgorod") == "RU-BEL")
        #expect(throws: GeoDataError.unknownArea("Atlantis")) { try gazetteer.areaISO(for: "Atlantis") }
    }

    @Test func nearMissesStillFindThePlace() throws {
        #expect(try gazetteer.search("Izyim").first?.settlement.id == 707292)
    }

    @Test func unknownPlaceIsAnError() {
        #expect(throws: GeoDataError.unknownPlace("Qwertzuiop")) { try gazetteer.resolve("Qwertzuiop") }
    }
}
