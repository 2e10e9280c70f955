import Foundation
import GRDB
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// Which sides a log accepts: the built-in ones by code or name, declared ones, codes in use.
@Suite struct KnownSidesTests {
    @Test func builtInSidesByCodeOrNameInAnyCase() throws {
        let sides = KnownSides()
        for (raw, code) in [("UA", "UA"), ("ua", "UA"), ("Ukraine", "UA"), (" UKRAINE ", "UA"), ("RU", "RU"), ("russia", "RU"),
                            ("Russia", "RU"), ("contested", "contested"), ("Contested", "contested")] {
            #expect(try sides.code(for: raw) == code, "\(raw)")
        }
    }

    @Test func anUnknownSideIsRefusedNamingTheKnownOnes() throws {
        let sides = KnownSides(declared: [SideDeclaration(code: "PMC", name: "Wagner Group", recordedAt: .now(), sequence: 1)],
                               inUse: ["RU", "UA", "OLD", "*"])
        #expect(try sides.code(for: "pmc") == "PMC")
        #expect(try sides.code(for: "old") == "OLD")  // in use in a log from before declarations
        #expect(sides.entries.map(\.code) == ["UA", "RU", "contested", "OLD", "PMC"])
        #expect(sides.listing == "UA (Ukraine), RU (Russia), contested, OLD, PMC (Wagner Group)")
        #expect {
            try sides.code(for: "Ukrain")
        } throws: { error in
            "\(error)" == "'Ukrain' is not a known side (known: UA (Ukraine), RU (Russia), contested, OLD, PMC (Wagner Group)); "
                + "a new side is declared once, with `frontline sides add UKRAIN --name NAME`"
        }
        #expect(throws: EventFieldError.self) { try sides.code(for: "U A") }  // not a code at all
        #expect(throws: EventFieldError.self) { try sides.code(for: "*") }
    }
}

/// Side declarations are entries of the hash chain: kept, counted and checked by `verify`.
@Suite struct SideDeclarationTests {
    @Test func aDeclarationIsAChainEntryAndTheSideIsThenKnown() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([try Fixtures.draft("2022-09-10")])
        let declared = try store.declareSide(code: " pmc ", name: " Wagner Group ")
        #expect(declared.code == "PMC" && declared.name == "Wagner Group" && declared.sequence == 2)
        try store.append([try Fixtures.draft("2022-09-11", side: "RU")])
        #expect(try store.sideDeclarations() == [declared])
        #expect(try store.knownSides().entries.map(\.code) == ["UA", "RU", "contested", "PMC"])
        #expect(try store.verifyChain() == ChainReport(entries: 3, problem: nil))
        #expect(try store.checkStorage() == [])
        // A batch knows the declared side as it begins.
        try store.appendBatch { batch in #expect(batch.acceptedSides.contains("PMC")) }
        // Once only; built-in sides need none; a name is required.
        #expect(throws: EventStoreError.self) { try store.declareSide(code: "PMC", name: "Wagner Group") }
        #expect(throws: EventStoreError.self) { try store.declareSide(code: "ua", name: "Ukraine") }
        #expect(throws: EventStoreError.self) { try store.declareSide(code: "Russia", name: "x") }
        #expect(throws: EventStoreError.self) { try store.declareSide(code: "X", name: " ") }
        #expect(throws: EventStoreError.self) { try store.declareSide(code: "a b", name: "x") }
        #expect(try store.verifyChain() == ChainReport(entries: 3, problem: nil))
    }

    func logWithADeclaration(_ dir: TempDir) throws -> (SQLiteEventStore, DatabaseQueue) {
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([try Fixtures.draft("2022-09-10")])
        _ = try store.declareSide(code: "PMC", name: "Wagner Group")
        try store.append([try Fixtures.draft("2022-09-11")])
        let raw = try DatabaseQueue(path: dir.path("log.sqlite"))
        try raw.write { try $0.execute(sql: "DROP TRIGGER side_declarations_no_update; DROP TRIGGER side_declarations_no_delete") }
        return (store, raw)
    }

    @Test func aDeclarationChangedOutsideFrontlineIsNamed() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, raw) = try logWithADeclaration(dir)
        try raw.write { try $0.execute(sql: "UPDATE side_declarations SET name = 'Someone else'") }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 2)
        #expect(problem.entry == "declaration of side PMC")
        #expect(problem.reason.contains("changed outside Frontline"))
    }

    @Test func aDeclarationRemovedOutsideFrontlineIsMissing() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, raw) = try logWithADeclaration(dir)
        try raw.write { try $0.execute(sql: "DELETE FROM side_declarations") }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 2)
        #expect(problem.reason.contains("missing"))
    }

    @Test func aDeclarationAtAnEventsPositionIsNamed() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, raw) = try logWithADeclaration(dir)
        try raw.write { try $0.execute(sql: "UPDATE side_declarations SET seq = 3") }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.reason.contains("used twice (by a side declaration too)"), "\(problem)")
    }

    @Test func theSchemaKeepsDeclarationsAppendOnly() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        _ = try store.declareSide(code: "PMC", name: "Wagner Group")
        let raw = try DatabaseQueue(path: dir.path("log.sqlite"))
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE side_declarations SET name = 'x'") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM side_declarations") } }
    }
}

/// Import rows: a side must be known; a place must be named exactly.
@Suite struct StrictImportTests {
    static let header = "at,place,side,status,claimant,source,url,note\n"

    func importing(_ name: String, _ text: String, declaring: [String] = []) throws -> (Result<ImportSummary, Error>, SQLiteEventStore, TempDir) {
        let dir = try TempDir()
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        for code in declaring { _ = try store.declareSide(code: code, name: "Side \(code)") }
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, now: try EventTime(parsing: "2024-01-01T00:00Z"))
        let path = try dir.write(name, text)
        return (Result { try importer.importFiles([path]) }, store, dir)
    }

    func problems(_ result: Result<ImportSummary, Error>, in dir: TempDir) -> [String] {
        guard case .failure(let error as ImportRejected) = result else { return ["not rejected: \(result)"] }
        return error.problems.map { $0.description.replacingOccurrences(of: dir.url.path + "/", with: "") }
    }

    /// The rows by GeoNames id take the byte path (``ImportContext/submitPlaceRow``); the
    /// rows by name the string path: both check the side.
    @Test func anUnknownSideIsRefusedOnEveryPath() throws {
        let csv = Self.header + """
            2022-09-10,707292,Ukraine,claimed,,ISW,,
            2022-09-10,707292,XX,claimed,,ISW,,
            2022-09-11,Izium,xx,claimed,,ISW,,
            2022-09-12,703656,russia,claimed,,ISW,,

            """
        let (rejected, store, dir) = try importing("a.csv", csv)
        defer { dir.remove() }
        let p = problems(rejected, in: dir)
        #expect(p.count == 2)
        #expect(p.first?.hasPrefix("a.csv:3: side: 'XX' is not a known side (known: UA (Ukraine), RU (Russia), contested)") == true)
        #expect(p.last?.hasPrefix("a.csv:4: side: 'xx' is not a known side") == true)
        #expect(try store.count(matching: EventFilter()) == 0)

        let (accepted, declared, dir2) = try importing("a.csv", csv, declaring: ["XX"])
        defer { dir2.remove() }
        #expect(try accepted.get().total == 4)
        #expect(try declared.allEvents().map(\.side) == ["UA", "XX", "XX", "RU"])
        #expect(try declared.verifyChain() == ChainReport(entries: 5, problem: nil))
    }

    @Test func jsonAndGeoJSONRowsCheckTheSideToo() throws {
        let (jsonl, _, dir) = try importing("a.jsonl", """
            {"at":"2022-09-10","place":707292,"side":"UKRAINE","source":"ISW"}
            {"at":"2022-09-11","side":"Rusia","source":"MoD","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49.5],[37,49]]]}}

            """)
        defer { dir.remove() }
        let p = problems(jsonl, in: dir)
        #expect(p.count == 1 && p[0].hasPrefix("a.jsonl:2: side: 'Rusia' is not a known side"), "\(p)")
        let (geojson, _, dir2) = try importing("a.geojson", """
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": null,
               "properties": {"at": "2022-09-10", "place": 707292, "side": "ZZ", "source": "ISW"}}
            ]}
            """)
        defer { dir2.remove() }
        #expect(problems(geojson, in: dir2).first?.hasPrefix("a.geojson:2:3: features[0]: side: 'ZZ' is not a known side") == true)
    }

    @Test func aPlaceMustBeNamedExactly() throws {
        let (rejected, _, dir) = try importing("a.csv", Self.header + """
            2022-09-10,"Kupiansk, Kharkiv",UA,claimed,,ISW,,
            2023-02-10,Berdychi,RU,claimed,,MoD,,
            2022-09-10,Kupyansk,UA,claimed,,ISW,,

            """)
        defer { dir.remove() }
        #expect(problems(rejected, in: dir) == [
            "a.csv:3: place: no settlement is named \"Berdychi\"; closest: Berdychiv (Zhytomyr Oblast, id 712441). "
                + "Give the name or id of the one meant (`frontline places search` finds more); a settlement the gazetteer lacks can be added (`frontline places add`) or recorded as an area",
        ])
        let (accepted, store, dir2) = try importing("a.csv", Self.header + """
            2022-09-10,"Kupiansk, Kharkiv",UA,claimed,,ISW,,
            2022-09-10,Kupyansk,UA,claimed,,ISW,,
            2022-09-10,Куп'янськ,UA,claimed,,ISW,,

            """)
        defer { dir2.remove() }
        #expect(try accepted.get().total == 3)
        #expect(try store.allEvents().map(\.placeID) == [703656, 703656, 703656])
    }
}
