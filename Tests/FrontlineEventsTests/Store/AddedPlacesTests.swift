import Foundation
import FrontlineGeoData
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents

/// Places a user adds to a log: entries of the hash chain, checked against the shipped GeoData
/// (area, boundary, names), resolvable at once, retractable only once no standing event names them.
@Suite struct AddedPlacesTests {
    /// The Zaporizhzhia nuclear power plant (47.5119 N, 34.5853 E: IAEA; Wikipedia), a place the
    /// shipped gazetteer does not list as a settlement, by its coordinates.
    static func plant(alternates: [String] = ["Запорізька АЕС"]) throws -> PlaceDraft {
        try PlaceDraft(name: "Zaporizhzhia Nuclear Power Plant", lat: 47.5119, lon: 34.5853, areaISO: "ua-23", source: "IAEA",
                       alternateNames: alternates)
    }

    /// Adds `draft` as `frontline places add` does: checked, inside the write, against the
    /// shipped GeoData with the places the log holds.
    @discardableResult
    static func add(_ draft: PlaceDraft, to store: SQLiteEventStore) throws -> AddedPlace {
        try store.addPlace(draft) { existing in
            try GeoData.embedded().adding(log: existing).checkNewPlace(
                name: draft.name, alternates: draft.alternateNames, coordinate: draft.coordinate, areaISO: draft.areaISO)
        }
    }

    static func overlay(_ store: SQLiteEventStore) throws -> GeoData {
        try GeoData.embedded().adding(log: try store.addedPlaces())
    }

    @Test func anAddedPlaceIsAChainEntryWithAnIDAboveGeoNamesAndResolvesAtOnce() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([try Fixtures.draft("2022-09-10")])
        // The plant is not in the shipped gazetteer. (Should the shipped data come to hold it,
        // these tests need another place it lacks.)
        try #require(throws: GeoDataError.self) { try GeoData.embedded().gazetteer.resolveExactly("Zaporizhzhia Nuclear Power Plant") }
        let added = try Self.add(try Self.plant(), to: store)
        #expect(added.id == AddedPlace.firstID + 1 && added.sequence == 2 && added.areaISO == "UA-23")
        #expect(added.alternateNames == ["Запорізька АЕС"])
        #expect(try GeoData.embedded().settlement(id: added.id) == nil)
        #expect(try GeoData.embedded().settlements.allSatisfy { !AddedPlace.isAdded($0.id) })
        #expect(try store.addedPlaces() == [added])
        #expect(try store.verifyChain() == ChainReport(entries: 2, problem: nil))
        #expect(try store.checkStorage() == [])
        #expect(try store.checkHead() == nil)

        let geoData = try Self.overlay(store)
        for query in ["Zaporizhzhia Nuclear Power Plant", "zaporizhzhia nuclear power plant", "Запорізька АЕС", "Zaporizhzhia Nuclear Power Plant, Zaporizhzhia", String(added.id)] {
            #expect(try geoData.gazetteer.resolveExactly(query).id == added.id, "\(query)")
        }
        #expect(try geoData.gazetteer.search("Zaporizhzhia Nuclear Power Plant", area: "UA-23").first?.settlement.id == added.id)
        // An event names it like a GeoNames settlement, and the chain goes on.
        let event = try store.append([try Fixtures.draft("2023-08-28", place: added.id, status: .confirmed)])[0]
        #expect(event.placeID == added.id)
        let second = try Self.add(try PlaceDraft(name: "Kakhovka Dam", lat: 46.7778, lon: 33.3708, areaISO: "UA-65", source: "Wikipedia"), to: store)
        #expect(second.id == AddedPlace.firstID + 2 && second.sequence == 4)
        #expect(try store.verifyChain() == ChainReport(entries: 4, problem: nil))
        #expect(try store.checkHead() == nil)
    }

    @Test func aPlaceThatDoesNotFitIsRefusedAndNothingIsWritten() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try Self.add(try Self.plant(), to: store)
        func refused(_ draft: PlaceDraft, _ field: String, _ fragment: String) throws {
            #expect {
                try Self.add(draft, to: store)
            } throws: { error in
                guard let refused = error as? PlaceRefused else { return false }
                return refused.field == field && refused.problem.contains(fragment)
            }
        }
        // The same name in the same area, added or shipped, in any spelling.
        try refused(try Self.plant(alternates: []), "name", "already names a place added to this log")
        try refused(try PlaceDraft(name: "ZAPORIZHZHIA NUCLEAR POWER PLANT", lat: 47.40, lon: 35.80, areaISO: "UA-23", source: "x"), "name", "Zaporizhzhia Nuclear Power Plant (id 2000000001")
        try refused(try PlaceDraft(name: "Zaporizhzhia Atomic Station", lat: 47.40, lon: 35.80, areaISO: "UA-23", source: "x", alternateNames: ["Запорізька АЕС"]),
                    "alt", "already names")
        try refused(try PlaceDraft(name: "Kupiansk", lat: 49.70, lon: 37.70, areaISO: "UA-63", source: "x"), "name", "record against it (--place 703656)")
        try refused(try PlaceDraft(name: "Kupyansk", lat: 49.70, lon: 37.70, areaISO: "UA-63", source: "x"), "name", "record against it (--place 703656)")
        // Another spelling of a settlement elsewhere (one of Kupiansk's that names no place as
        // its own name), which the new place's own name would take from it.
        let gazetteer = try GeoData.embedded().gazetteer
        let kupiansk = try #require(gazetteer.settlement(id: Fixtures.kupiansk))
        let otherSpelling = try #require(kupiansk.alternateNames.first { spelling in
            spelling.unicodeScalars.allSatisfy { $0.isASCII && $0.properties.isAlphabetic }
                && (try? gazetteer.search(spelling, limit: .max)).map { matches in
                    matches.first?.settlement.id == Fixtures.kupiansk && matches.first?.quality == .exactAlternate
                        && !matches.contains { $0.quality == .exactName }
                } == true
        })
        try refused(try PlaceDraft(name: otherSpelling, lat: 47.40, lon: 35.80, areaISO: "UA-23", source: "x"), "name", "another spelling of Kup")
        // The point in another area, off the map, or on an existing settlement; an unknown area.
        try refused(try PlaceDraft(name: "Nowhere", lat: 47.5119, lon: 34.5853, areaISO: "UA-14", source: "x"), "lat/lon", "lies in UA-23")
        try refused(try PlaceDraft(name: "Nowhere", lat: 34.5853, lon: 47.5119, areaISO: "UA-23", source: "x"), "lat/lon", "outside every admin area")
        try refused(try PlaceDraft(name: "Nowhere", lat: 47.5121, lon: 34.5853, areaISO: "UA-23", source: "x"), "lat/lon", "m from Zaporizhzhia Nuclear Power Plant")
        try refused(try PlaceDraft(name: "Nowhere", lat: 47.4, lon: 35.8, areaISO: "UA-99", source: "x"), "area", "not an admin area")
        // What the draft refuses itself.
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "Zaporizhzhia Nuclear Power Plant, Zaporizhzhia", lat: 47.4, lon: 35.8, areaISO: "UA-23", source: "x") }
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "12345", lat: 47.4, lon: 35.8, areaISO: "UA-23", source: "x") }
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "A\u{7}", lat: 47.4, lon: 35.8, areaISO: "UA-23", source: "x") }
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "A", lat: 91, lon: 35.8, areaISO: "UA-23", source: "x") }
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "A", lat: 47.4, lon: .nan, areaISO: "UA-23", source: "x") }
        #expect(throws: EventFieldError.self) { try PlaceDraft(name: "A", lat: 47.4, lon: 35.8, areaISO: "UA-23", source: " ") }
        #expect(try store.addedPlaces().count == 1)
        #expect(try store.verifyChain() == ChainReport(entries: 1, problem: nil))
    }

    @Test func aNamesakeInAnotherAreaNeedsItsOblast() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        // Kharkiv the city is a shipped settlement's own name; a hamlet named so in Zaporizhzhia
        // may be added, and then neither takes the bare name from the other.
        let hamlet = try Self.add(try PlaceDraft(name: "Kharkiv", lat: 47.40, lon: 35.80, areaISO: "UA-23", source: "x"), to: store)
        let gazetteer = try Self.overlay(store).gazetteer
        #expect(throws: GeoDataError.self) { try gazetteer.resolveExactly("Kharkiv") }
        #expect(try gazetteer.resolveExactly("Kharkiv, UA-23").id == hamlet.id)
        #expect(try gazetteer.resolveExactly("Kharkiv, Kharkiv").id == Fixtures.kharkiv)
    }

    @Test func aPlaceIsRetractedOnlyOnceNoStandingEventNamesIt() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let place = try Self.add(try Self.plant(), to: store)
        let events = try store.append([try Fixtures.draft("2023-08-28", place: place.id), try Fixtures.draft("2023-08-29", place: place.id)])
        #expect(throws: EventStoreError.placeInUse(place.id, name: "Zaporizhzhia Nuclear Power Plant", events: events.map(\.id), count: 2)) {
            try store.retractPlace(id: place.id, reason: "duplicate")
        }
        for event in events { _ = try store.retract(eventID: event.id, reason: "wrong place") }
        #expect(throws: EventStoreError.self) { try store.retractPlace(id: place.id, reason: "  ") }
        let retraction = try store.retractPlace(id: place.id, reason: "duplicate")
        #expect(retraction.placeID == place.id && retraction.sequence == 6)
        #expect(throws: EventStoreError.placeAlreadyRetracted(place.id, reason: "duplicate")) {
            try store.retractPlace(id: place.id, reason: "again")
        }
        #expect(throws: EventStoreError.unknownPlace(AddedPlace.firstID + 7)) {
            try store.retractPlace(id: AddedPlace.firstID + 7, reason: "x")
        }
        #expect(try store.addedPlaces().map(\.retraction) == [retraction])
        // It no longer resolves; its events stay, retracted.
        let geoData = try Self.overlay(store)
        #expect(geoData.settlement(id: place.id) == nil)
        #expect(throws: GeoDataError.self) { try geoData.gazetteer.resolveExactly("Zaporizhzhia Nuclear Power Plant") }
        #expect(try store.allEvents().count == 2)
        // A batch refuses an event naming it, or an added-place id the log never gave.
        #expect(throws: EventStoreError.placeNotInLog(place.id, retracted: true)) {
            try store.append([try Fixtures.draft("2023-09-01", place: place.id)])
        }
        #expect(throws: EventStoreError.placeNotInLog(AddedPlace.firstID + 9, retracted: false)) {
            try store.append([try Fixtures.draft("2023-09-01", place: AddedPlace.firstID + 9)])
        }
        #expect(try store.verifyChain() == ChainReport(entries: 6, problem: nil))
        // The same name may be added again, as a new place with a new id.
        let again = try Self.add(try Self.plant(), to: store)
        #expect(again.id == AddedPlace.firstID + 2)
        #expect(try Self.overlay(store).gazetteer.resolveExactly("Zaporizhzhia Nuclear Power Plant").id == again.id)
    }

    @Test func anImportResolvesTheLogsPlaces() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let place = try Self.add(try Self.plant(), to: store)
        let csv = try dir.write("events.csv", """
            at,place,side,status,claimant,source,url,note
            2023-08-28,Zaporizhzhia Nuclear Power Plant,UA,confirmed,General Staff,ISW,,
            2023-08-29,"Запорізька АЕС, Zaporizhzhia",UA,confirmed,General Staff,ISW,,
            2023-08-30,\(place.id),UA,confirmed,General Staff,ISW,,

            """)
        let importer = EventImporter(store: store, gazetteer: try Self.overlay(store).gazetteer,
                                     now: try EventTime(parsing: "2024-01-01T00:00Z"))
        #expect(try importer.importFiles([csv]).total == 3)
        #expect(try store.allEvents().map(\.placeID) == [place.id, place.id, place.id])
        // Without the log's places, the name is refused (with the file and line).
        let other = try SQLiteEventStore(path: dir.path("other.sqlite"))
        #expect(throws: ImportRejected.self) {
            try EventImporter(store: other, gazetteer: Fixtures.gazetteer).importFiles([csv])
        }
    }

    // MARK: Tampering

    /// A log of five entries: an event (1), the plant added (2), an event naming it (3), that event
    /// retracted (4), the plant retracted (5); the triggers dropped, as a forger would.
    func tamperedLog(_ dir: TempDir, _ sql: String) throws -> SQLiteEventStore {
        let path = dir.path("log.sqlite")
        let store = try SQLiteEventStore(path: path)
        try store.append([try Fixtures.draft("2022-09-10")])
        let place = try Self.add(try Self.plant(), to: store)
        let event = try store.append([try Fixtures.draft("2023-08-28", place: place.id)])[0]
        _ = try store.retract(eventID: event.id, reason: "wrong")
        _ = try store.retractPlace(id: place.id, reason: "duplicate")
        #expect(try store.verifyChain() == ChainReport(entries: 5, problem: nil))
        let drop = ["places", "place_retractions"].map { "DROP TRIGGER \($0)_no_update; DROP TRIGGER \($0)_no_delete;" }.joined()
        try writeBehindFrontline(path, drop, sql)
        return store
    }

    @Test(arguments: [
        ("UPDATE places SET lat = 47.5", 2, "changed outside Frontline"),
        ("UPDATE places SET name = 'Forged Plant'", 2, "changed outside Frontline"),
        ("UPDATE places SET alternates = ''", 2, "changed outside Frontline"),
        ("UPDATE places SET area = 'UA-14'", 2, "changed outside Frontline"),
        ("UPDATE place_retractions SET reason = 'forged'", 5, "changed outside Frontline"),
        ("DELETE FROM places", 2, "missing"),
        ("DELETE FROM place_retractions", 5, "missing"),
        ("UPDATE places SET seq = 3", 3, "used twice (by an added place too)"),
    ])
    func anEditOfAPlaceEntryIsFound(sql: String, entry: Int64, fragment: String) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try tamperedLog(dir, "PRAGMA foreign_keys = OFF; " + sql)
        let problem = try #require(try store.verifyChain().problem, "\(sql)")
        #expect(problem.sequence == entry, "\(sql): \(problem)")
        #expect(problem.description.contains(fragment), "\(sql): \(problem)")
    }

    @Test func anEditedPlaceEntryNamesThePlace() throws {
        let dirs = [try TempDir(), try TempDir(), try TempDir()]
        defer { for dir in dirs { dir.remove() } }
        let store = try tamperedLog(dirs[0], "UPDATE places SET lon = 35.9")
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.entry == "added place 2000000001 (Zaporizhzhia Nuclear Power Plant)")
        let retraction = try tamperedLog(dirs[1], "UPDATE place_retractions SET reason = 'x'")
        #expect(try retraction.verifyChain().problem?.entry == "retraction of added place 2000000001")
        // The cheap head check counts the entries: a removed place retraction (the last entry)
        // shows there too, and a writer refuses the log.
        let removed = try tamperedLog(dirs[2], "DELETE FROM place_retractions")
        #expect(try removed.checkHead() != nil)
        #expect(throws: EventStoreError.self) { try removed.append([try Fixtures.draft("2022-09-11")]) }
    }

    @Test func theSchemaKeepsPlacesAppendOnly() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try Self.add(try Self.plant(), to: store)
        let raw = try DatabaseQueue(path: dir.path("log.sqlite"))
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "UPDATE places SET name = 'x'") } }
        #expect(throws: DatabaseError.self) { try raw.write { try $0.execute(sql: "DELETE FROM places") } }
        // Ids stay in the added places' space.
        #expect(throws: DatabaseError.self) {
            try raw.write { try $0.execute(sql: "DROP TRIGGER places_no_update; UPDATE places SET id = 707292") }
        }
    }

    // MARK: Older logs

    /// A v5 log (before added places): a writer migrates it, keeping its chain; a reader that
    /// cannot write reads it as it is, with no added places.
    @Test func aLogFromBeforeAddedPlacesReadsAndMigrates() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        do {
            let store = try SQLiteEventStore(path: path)
            try store.append([try Fixtures.draft("2022-09-10")])
            _ = try store.declareSide(code: "PMC", name: "Wagner Group")
        }
        try writeBehindFrontline(path, "DROP TABLE place_retractions; DROP TABLE places",
                                 "DELETE FROM grdb_migrations WHERE identifier = 'v6: added places'")
        let reader = try SQLiteEventStore(path: path, access: .immutable)
        #expect(reader.schema == "v5")
        #expect(try reader.addedPlaces() == [])
        #expect(try reader.verifyChain() == ChainReport(entries: 2, problem: nil))
        #expect(try reader.checkHead() == nil)
        #expect(try reader.allEvents().count == 1)
        // `verify` reads it as it is too (what it lacks, a reader does without).
        #expect(try SQLiteEventStore.openForVerifying(path: path).verifyChain() == ChainReport(entries: 2, problem: nil))

        let migrated = try SQLiteEventStore.migrate(path: path)
        #expect(migrated.from == "v5" && migrated.to == "v6")
        let store = try SQLiteEventStore(path: path)
        #expect(try store.verifyChain() == ChainReport(entries: 2, problem: nil))
        let place = try Self.add(try Self.plant(), to: store)
        #expect(place.sequence == 3)
        #expect(try store.verifyChain() == ChainReport(entries: 3, problem: nil))
    }
}
