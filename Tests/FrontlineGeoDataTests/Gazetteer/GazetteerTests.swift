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
        #expect(try gazetteer.resolve("707292").name == "Izium")
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
        #expect(throws: GeoDataError.unknownPlace("Qwertzuiop")) { try gazetteer.resolveExactly("Qwertzuiop") }
    }

    // MARK: Exact resolution, for commands that record

    /// Every spelling in use that GeoNames carries is an exact match: the name, an alternate,
    /// Cyrillic, any case.
    @Test(arguments: [
        ("Izium", 707292), ("IZYUM", 707292), ("Ізюм", 707292), ("изюм", 707292),
        ("Kupiansk", 703656), ("kupyansk", 703656), ("Куп'янськ", 703656), ("Kup’yans’k", 703656),
        ("Balakliia", 712926), ("Balakliya", 712926), ("Балаклія", 712926),
        ("Vovchansk", 689304), ("Volchansk", 689304),
        ("Kharkiv", 706483), ("Kharkov", 706483), ("Харків", 706483),
        ("Ruska Lozova", 695106), ("Russkaya Lozovaya", 695106),
        ("Kupiansk-Vuzlovyi", 703652), ("Kupyansk-Vuzlovyy", 703652),
    ])
    func anySpellingIsAnExactMatch(_ query: String, id: Int) throws {
        #expect(try gazetteer.resolveExactly(query).id == id)
    }

    /// Berdychi, a village near Avdiivka that the gazetteer lacks, is a prefix of Berdychiv in
    /// Zhytomyr oblast: recording it must not record Berdychiv.
    @Test func aNearMissIsRefusedListingTheClosestWithTheirOblast() throws {
        #expect(try gazetteer.search("Berdychi").first?.settlement.name == "Berdychiv")  // looking is forgiving
        #expect {
            try gazetteer.resolveExactly("Berdychi")
        } throws: { error in
            guard case let GeoDataError.noSuchName(query, closest) = error else { return false }
            return query == "Berdychi" && closest.first?.name == "Berdychiv" && closest.first?.areaISO == "UA-18"
                && "\(error)".hasPrefix("no settlement is named \"Berdychi\"; closest: Berdychiv (Zhytomyr Oblast, id ")
        }
        // A near miss of a spelling, and a prefix, are refused the same way.
        for query in ["Izyim", "Kupiansk-Vuz"] {
            #expect(throws: GeoDataError.self, "\(query)") { try gazetteer.resolveExactly(query) }
        }
        #expect(try gazetteer.resolve("Izyim").id == 707292)
    }

    @Test func theOblastMayFollowTheNameAsANameOrACode() throws {
        for query in ["Kupiansk, Kharkiv", "Kupiansk, Kharkiv Oblast", "kupyansk, UA-63", "Куп'янськ, Харківська"] {
            #expect(try gazetteer.resolveExactly(query).id == 703656, "\(query)")
        }
        #expect(try gazetteer.resolveExactly("Kupiansk", area: "UA-63").id == 703656)
        #expect(try gazetteer.resolveExactly("Shevchenkove, Kharkiv").id == 694137)
        // The name in another oblast is the closest candidate.
        #expect {
            try gazetteer.resolveExactly("Kupiansk, Donetsk")
        } throws: { error in
            guard case let GeoDataError.noSuchName(_, closest) = error else { return false }
            return closest.first?.id == 703656 && "\(error)".contains("Kupiansk (Kharkiv Oblast, id 703656)")
        }
    }

    @Test func anIDIsExact() throws {
        #expect(try gazetteer.resolveExactly("707292").id == 707292)
        #expect(try gazetteer.resolveExactly("707292, UA-63").id == 707292)
        #expect(throws: GeoDataError.self) { try gazetteer.resolveExactly("707292, UA-14") }
        #expect(throws: GeoDataError.self) { try gazetteer.resolveExactly("999999999") }
    }

    /// Among places of the same name, one ten times as populous as any other is meant (Mykolaiv
    /// the city, not the town in Lviv oblast); otherwise the name is ambiguous.
    @Test func theSameNameGoesToAPlaceTenTimesAsPopulousOrIsAmbiguous() throws {
        #expect(try gazetteer.resolveExactly("Mykolaiv").areaISO == "UA-48")
        #expect(try gazetteer.resolveExactly("Mykolaiv, Lviv").areaISO == "UA-46")
        #expect {
            try gazetteer.resolveExactly("Shevchenkove")
        } throws: { error in
            guard case let GeoDataError.ambiguousPlace(_, candidates) = error else { return false }
            return candidates.count >= 3 && candidates.contains { $0.id == 694137 }
        }
    }

    @Test func controlCharactersInAQueryAreEscapedInTheError() {
        let error = GeoDataError.noSuchName("Berdychi\u{1B}[2J", closest: [])
        #expect("\(error)".contains("Berdychi\\u{1B}[2J"))
        #expect(!"\(error)".contains("\u{1B}"))
    }
}

/// Issue 19: search with an oblast, and searches that find nothing.
struct GazetteerAreaSearchTests {
    let gazetteer = try! GeoData.embedded().gazetteer

    @Test func oblastInTheQueryRanksItsPlacesFirstThenTheOthers() throws {
        for matches in [try gazetteer.search("Pavlivka, Donetsk", limit: 30), try gazetteer.search("Pavlivka", area: "UA-14", limit: 30)] {
            #expect(matches.count == 30)
            #expect(matches.first?.settlement.areaISO == "UA-14")
            let areas = matches.map(\.settlement.areaISO)
            let firstOther = try #require(areas.firstIndex { $0 != "UA-14" })
            #expect(!areas[firstOther...].contains("UA-14"))
        }
    }

    @Test func forgivingResolutionStaysInTheAreaAsked() throws {
        // resolve() with an area never answers with a place of another area.
        #expect(throws: (any Error).self) { try gazetteer.resolve("Kharkiv", area: "UA-14") }
    }

    @Test func nothingMatchesGivesAnEmptyResultAndTheNearestNames() throws {
        #expect(try gazetteer.search("Qwertzuiop").isEmpty)
        let nearest = try gazetteer.nearest("Robotynne")
        #expect(nearest.first?.settlement.name == "Robotyne")
    }

    @Test func unknownPopulationNeverDwarfsANamesake() throws {
        let a = Settlement(id: 1, name: "A", coordinate: .init(lon: 0, lat: 0), population: 0, areaISO: "UA-14", alternateNames: [])
        let b = Settlement(id: 2, name: "A", coordinate: .init(lon: 0, lat: 0), population: 0, areaISO: "UA-14", alternateNames: [])
        let town = Settlement(id: 3, name: "A", coordinate: .init(lon: 0, lat: 0), population: 6_000, areaISO: "UA-14", alternateNames: [])
        #expect(!Gazetteer.dwarfs(a, b))
        #expect(Gazetteer.dwarfs(town, a))
        #expect(!Gazetteer.dwarfs(Settlement(id: 4, name: "A", coordinate: .init(lon: 0, lat: 0), population: 4_000, areaISO: "UA-14", alternateNames: []), a))
    }
}
