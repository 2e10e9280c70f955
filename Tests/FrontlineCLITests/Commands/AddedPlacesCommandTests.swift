import Foundation
import GRDB
import Testing

/// `frontline places add`, end to end: a place the gazetteer lacks, added by its coordinates,
/// recorded, shown in `change` with its own territory, verified, retracted; and tampered with.
@Suite struct AddedPlacesCommandTests {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-places-\(UUID().uuidString)")
    var db: String { dir.appendingPathComponent("log.sqlite").path }
    var cache: URL { dir.appendingPathComponent("cache") }
    /// A cache of its own, so that the tessellation with the added place is made here.
    var environment: [String: String] { ["FRONTLINE_CACHE_DIR": cache.path] }

    /// A place no gazetteer lists as a settlement, which a newsroom tracks: the Zaporizhzhia
    /// nuclear power plant (47.5119 N, 34.5853 E: IAEA; Wikipedia), taken by Russian forces on
    /// 4 March 2022 (IAEA, "Update 8 – IAEA Director General statement on situation in Ukraine",
    /// 4 March 2022).
    static let name = "Zaporizhzhia Nuclear Power Plant"
    static let plant = ["places", "add", name, "--lat", "47.5119", "--lon", "34.5853", "--area", "UA-23",
                        "--source", "IAEA", "--alt", "Запорізька АЕС"]

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments + ["--db", db], environment: environment, in: dir)
    }

    func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments + ["--json"])
        guard result.status == 0 else { throw CLI.Failure(result: result) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    @Test func aPlaceIsAddedRecordedShownInChangeVerifiedAndRetracted() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // The shipped gazetteer lacks it.
        let before = try CLI.run(["places", "search", Self.name, "--json"], in: dir)
        try #require(before.status == 0 && !before.stdout.contains(Self.name), "\(before.stdout)")

        let added = try #require(try json(Self.plant) as? [String: Any])
        #expect(Set(added.keys) == ["id", "name", "area", "lat", "lon", "source", "alternates", "recordedAt", "sequence", "retraction", "km2"])
        #expect(added["id"] as? Int == 2_000_000_001 && added["area"] as? String == "UA-23" && added["retraction"] is NSNull)
        #expect(added["alternates"] as? [String] == ["Запорізька АЕС"])
        // Its own territory: a cell, a small part of its oblast.
        let cellKm2 = try #require(added["km2"] as? Double)
        let areas = try #require(try CLI.json(["places", "areas", "--json"]) as? [[String: Any]])
        let oblastKm2 = try #require(areas.first { $0["iso"] as? String == "UA-23" }?["km2"] as? Double)
        #expect(cellKm2 > 0.5 && cellKm2 < oblastKm2 / 20, "\(cellKm2) of \(oblastKm2) km²")
        // The tessellation with it is cached under a name of its own (the base's too).
        let cached = try FileManager.default.contentsOfDirectory(atPath: cache.path)
        #expect(cached.filter { $0.contains("+") }.count == 1 && cached.count == 2, "\(cached)")

        // It resolves at once, in any of its spellings.
        let found = try #require(try json(["places", "search", "Запорізька АЕС, Zaporizhzhia"]) as? [[String: Any]])
        #expect(found.first?["id"] as? Int == 2_000_000_001 && found.first?["population"] as? Int == 0)
        let recorded = try run(["record", "--place", Self.name, "--side", "RU", "--at", "2022-03-04", "--status", "confirmed",
                                "--source", "IAEA, 4 March 2022"])
        #expect(recorded.status == 0 && recorded.stderr.contains("\(Self.name) (Zaporizhzhia Oblast, 2000000001)"), "\(recorded.stderr)")
        let eventID = recorded.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        // `change` shows it, with its cell: all that changed hands.
        let change = try #require(try json(["change", "--from", "2022-03-01", "--to", "2022-03-05"]) as? [String: Any])
        let places = try #require(change["places"] as? [[String: Any]])
        let plant = try #require(places.first { $0["id"] as? Int == 2_000_000_001 }, "\(places)")
        #expect(plant["name"] as? String == Self.name && plant["from"] as? String == "UA" && plant["to"] as? String == "RU")
        #expect(plant["at"] as? String == "2022-03-04")
        let transfers = try #require(change["transfers"] as? [[String: Any]])
        let gained = transfers.filter { $0["to"] as? String == "RU" }.flatMap { $0["areas"] as? [[String: Any]] ?? [] }
            .filter { $0["iso"] as? String == "UA-23" }.compactMap { $0["km2"] as? Double }.reduce(0, +)
        #expect(abs(gained - cellKm2) < 0.01, "gained \(gained) km², its cell \(cellKm2) km²")
        let text = try run(["change", "--from", "2022-03-01", "--to", "2022-03-05"])
        #expect(text.stdout.contains("2022-03-04  \(Self.name)"), "\(text.stdout)")

        #expect(try run(["verify"]).stdout.hasPrefix("ok: 2 entries"))
        let listed = try #require(try json(["places", "added"]) as? [[String: Any]])
        #expect(listed.count == 1 && listed.first?["id"] as? Int == 2_000_000_001 && listed.first?["km2"] == nil)

        // Retracted only once no standing event names it; then it no longer resolves.
        let inUse = try run(["places", "retract", "2000000001", "--reason", "test"])
        #expect(inUse.status == 65 && inUse.stderr.contains(eventID), "\(inUse.stderr)")
        #expect(try run(["retract", eventID, "--reason", "wrong place"]).status == 0)
        let retracted = try run(["places", "retract", "2000000001", "--reason", "test"])
        #expect(retracted.status == 0 && retracted.stdout == "retracted place 2000000001 (\(Self.name))\n", "\(retracted.stderr)")
        #expect(!(try run(["places", "search", Self.name, "--json"])).stdout.contains("2000000001"))
        let refused = try run(["record", "--place", Self.name, "--side", "RU", "--at", "2022-03-04", "--source", "x"])
        #expect(refused.status == 65 && refused.stderr.hasPrefix("error: --place:"), "\(refused.stderr)")
        #expect(refused.stderr.contains("(place 2000000001, \(Self.name), was added to this log and retracted: test)"), "\(refused.stderr)")
        let after = try #require(try json(["change", "--from", "2022-03-01", "--to", "2022-03-05"]) as? [String: Any])
        #expect((after["places"] as? [[String: Any]])?.contains { $0["id"] as? Int == 2_000_000_001 } == false)
        #expect(try run(["verify"]).stdout.hasPrefix("ok: 4 entries"))
        let events = try run(["events"])
        #expect(events.stdout.contains("\(Self.name) (2000000001)"))

        // An edit of the place entry behind Frontline's back is found.
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER places_no_update; UPDATE places SET lat = 47.5")
        }
        try queue.close()
        let verified = try run(["verify"])
        #expect(verified.status == 65 && verified.stderr.contains("entry 1 (added place 2000000001 (\(Self.name)))"), "\(verified.stderr)")
    }

    @Test func aPlaceThatDoesNotFitIsRefusedAndNoLogIsMade() throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func refused(_ arguments: [String], status: Int32 = 65, _ fragment: String) throws {
            let result = try run(arguments)
            #expect(result.status == status && result.stderr.contains(fragment), "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        let base = ["--source", "x"]
        let name = Self.name
        try refused(["places", "add", name, "--lat", "47.5119", "--lon", "34.5853", "--area", "UA-14"] + base,
                    "error: --lat/--lon: 47.5119, 34.5853 lies in UA-23 (Zaporizhzhia Oblast)")
        try refused(["places", "add", name, "--lat", "34.5853", "--lon", "47.5119", "--area", "UA-23"] + base, "outside every admin area")
        try refused(["places", "add", name, "--lat", "47.5119", "--lon", "34.5853", "--area", "Zaporizhzhia"] + base,
                    "error: --area: 'ZAPORIZHZHIA' is not an admin area's ISO code (did you mean UA-23?)")
        try refused(["places", "add", "Kupiansk", "--lat", "49.7", "--lon", "37.7", "--area", "UA-63"] + base,
                    "error: NAME: 'Kupiansk' already names a settlement in UA-63")
        try refused(["places", "add", "\(name), Zaporizhzhia", "--lat", "47.5119", "--lon", "34.5853", "--area", "UA-23"] + base,
                    "error: NAME: ")
        try refused(["places", "add", name, "--lat", "47.5119", "--lon", "34.5853", "--area", "UA-23"], status: 64, "--source")
        try refused(["places", "retract", "707292", "--reason", "x"], status: 65, "not an added place's id")
        try refused(["retract", "2000000001", "--reason", "x"], "`frontline places retract 2000000001 --reason …` retracts it")
        #expect(!FileManager.default.fileExists(atPath: db))
        let listed = try run(["places", "added"])
        #expect(listed.status != 0)  // the log named does not exist
    }
}
