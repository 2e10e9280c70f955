import Foundation
import GRDB
import Testing

/// `frontline claims`: numeric claims recorded, set against the maps, retracted and verified,
/// on the bundled scenario (DeepStateMap's maps of the Kharkiv front).
@Suite struct ClaimsCommandTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }
    /// The bundled scenario, as `frontline import` reads it.
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("GeoData/scenarios/kharkiv-2022.csv").path
    let environment = ["FRONTLINE_CACHE_DIR": ControlCommandTests.cache]

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-claims-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try #require(FileManager.default.fileExists(atPath: Self.scenario), "the bundled scenario is missing: \(Self.scenario)")
        let imported = try CLI.run(["import", "--db", db, Self.scenario])
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    func maliar(_ extra: [String] = [], km2: String = "3800", area: String = "UA-63", from: String = "2022-09-06",
                to: String = "2022-09-13", side: String = "UA", at: String = "2022-09-13") throws -> CLI.Result {
        try CLI.run(["claims", "add", "--db", db, "--claimant", "Hanna Maliar", "--source", "Interfax-Ukraine, 13 September 2022",
                     "--at", at, "--side", side, "--km2", km2, "--from", from, "--to", to, "--area", area] + extra,
                    environment: environment)
    }

    func entries() throws -> Int {
        let verified = try CLI.run(["verify", "--db", db, "--json"])
        try #require(verified.status == 0, "\(verified.stderr)")
        return try #require((try JSONSerialization.jsonObject(with: Data(verified.stdout.utf8)) as? [String: Any])?["entries"] as? Int)
    }

    @Test func aClaimIsSetAgainstWhatChangeMeasuresAndIsRetractedAndVerified() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try entries()
        let added = try maliar(["--url", "https://en.interfax.com.ua/news/general/858532.html", "--note", "more than 300 settlements"])
        #expect(added.status == 0, "\(added.stderr)")
        let id = try #require(added.stdout.firstMatch(of: /recorded claim ([0-9A-Z]{26}): Hanna Maliar said at 2022-09-13 that UA gained 3,800 km² from 2022-09-06 to 2022-09-13 in UA-63/)?.1)
        #expect(try entries() == before + 1)

        let listed = try #require(try CLI.json(["claims", "--db", db, "--json"]) as? [[String: Any]])
        #expect(listed.count == 1)
        let claim = listed[0]
        #expect(Set(claim.keys) == ["id", "claimant", "at", "side", "km2", "from", "to", "area", "measured"])
        #expect(claim["id"] as? String == String(id) && claim["km2"] as? Double == 3800 && claim["area"] as? String == "UA-63"
                && claim["from"] as? String == "2022-09-06" && claim["to"] as? String == "2022-09-13" && claim["side"] as? String == "UA")
        let measured = try #require(claim["measured"] as? [[String: Any]])
        #expect(measured.first?["view"] as? String == "confirmed")
        // Claimants whose claims of 10 September reach the window have views of their own.
        let views = measured.compactMap { $0["view"] as? String }
        #expect(views.contains("claimant:Ukrainian officials") && views.contains("claimant:pro-Russian Telegram channels"))
        #expect(!views.contains("claimant:Russian General Staff"))  // its claims are of 2025
        let confirmed = try #require(measured.first?["km2"] as? Double)
        #expect(abs((measured.first?["ratio"] as? Double ?? 0) - confirmed / 3800) < 0.001)

        // The same window through `change`: from the start of 6 September to the end of the 13th.
        let change = try #require(try CLI.json(["change", "--db", db, "--from", "2022-09-05T23:59:59.999Z", "--to", "2022-09-13",
                                                "--area", "UA-63", "--json"]) as? [String: Any])
        let transfers = try #require(change["transfers"] as? [[String: Any]])
        let gained = transfers.filter { $0["to"] as? String == "UA" }.reduce(0.0) { $0 + ($1["km2"] as? Double ?? 0) }
        #expect(abs(gained - confirmed) < 0.01, "change: \(gained), claims: \(confirmed)")
        #expect((5_000...10_000).contains(confirmed))
        // The pro-Russian channels' claim of half of Kupiansk (contested) gives less to UA.
        let channels = try #require(measured.first { $0["view"] as? String == "claimant:pro-Russian Telegram channels" }?["km2"] as? Double)
        #expect(channels < confirmed)

        let people = try CLI.run(["claims", "--db", db], environment: environment)
        #expect(people.status == 0, "\(people.stderr)")
        let ratio = String(format: "%.1f×", confirmed / 3800)
        #expect(people.stdout.contains("Hanna Maliar: claimed 3,800 km², DeepStateMap's maps show \(Int(confirmed.rounded()).formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US")))) km² (\(ratio))"),
                "\(people.stdout)")
        #expect(people.stdout.contains(String(id)))
        #expect((try CLI.json(["claims", "--db", db, "--claimant", "HANNA MALIAR", "--json"]) as? [Any])?.count == 1)
        #expect((try CLI.json(["claims", "--db", db, "--claimant", "Zelensky", "--json"]) as? [Any])?.count == 0)

        // Retracted with `retract`, as an event is: kept, no longer set against the maps.
        let retracted = try CLI.run(["retract", String(id).lowercased(), "--reason", "misquoted", "--db", db])
        #expect(retracted.status == 0 && retracted.stdout == "retracted claim \(id)\n", "\(retracted.stderr)")
        #expect((try CLI.json(["claims", "--db", db, "--json"]) as? [Any])?.count == 0)
        #expect(try entries() == before + 2)
        let again = try CLI.run(["claims", "retract", String(id), "--reason", "again", "--db", db])
        #expect(again.status == 65 && again.stderr == "error: claim \(id) is already retracted (misquoted)\n", "\(again.stderr)")
        let unknown = try CLI.run(["retract", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--reason", "x", "--db", db])
        #expect(unknown.status == 65 && unknown.stderr.contains("no event with id"), "\(unknown.stderr)")
        #expect(try entries() == before + 2)

        // Changed behind Frontline's back: verify names the claim.
        let queue = try DatabaseQueue(path: db)
        try queue.writeWithoutTransaction { try $0.execute(sql: "DROP TRIGGER claims_no_update; UPDATE claims SET km2 = 6000") }
        try queue.close()
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 65, "\(verified.stdout)")
        #expect(verified.stderr.contains("entry \(before + 1) (numeric claim \(id)): changed outside Frontline"), "\(verified.stderr)")
    }

    @Test func aWrongClaimIsRefusedWithItsFieldAndNothingIsWritten() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let before = try entries()
        for (result, status, prefix) in [
            (try maliar(area: "UA-99"), 65, "error: --area: no admin area 'UA-99'"),
            (try maliar(km2: "40000"), 65, "error: --km2: 40,000 km² is more than all of Kharkiv Oblast"),
            (try maliar(km2: "nan"), 65, "error: --km2: must be a number of km² greater than 0"),
            (try maliar(km2: "0"), 65, "error: --km2: must be a number of km² greater than 0"),
            (try maliar(km2: "3,800"), 64, "error: The value '3,800' is invalid for '--km2 <km2>'"),
            (try maliar(from: "2022-09-13", to: "2022-09-06"), 65, "error: --from: 2022-09-13 is not before --to 2022-09-06"),
            (try maliar(to: "2022-09-20"), 65, "error: --to: 2022-09-20 is after the claim was made"),
            (try maliar(side: "Ukrain"), 65, "error: --side: 'Ukrain' is not a known side"),
            (try maliar(side: "contested"), 65, "error: --side: contested gains no ground"),
            (try maliar(at: "2022-13-01"), 65, "error: --at: "),
            (try maliar(["--note", "a\u{1B}[2J"]), 65, "error: --note: holds a control character"),
            (try CLI.run(["claims", "add", "--db", db, "--claimant", "x", "--at", "2022-09-13", "--side", "UA", "--km2", "1",
                          "--from", "2022-09-06", "--to", "2022-09-13"]), 64, "error: Missing expected argument '--source <source>'"),
        ] {
            #expect(result.status == Int32(status) && result.stderr.hasPrefix(prefix), "\(prefix): \(result.status) \(result.stderr)")
            #expect(result.stdout.isEmpty)
        }
        #expect(try entries() == before)
        #expect((try CLI.json(["claims", "--db", db, "--json"]) as? [Any])?.count == 0)
        // A country as the area, and no area: the whole map.
        #expect(try maliar(area: "ua").status == 0)
        let whole = try CLI.run(["claims", "add", "--db", db, "--claimant", "x", "--source", "y", "--at", "2022-09-13", "--side", "UA",
                                 "--km2", "1", "--from", "2022-09-06", "--to", "2022-09-13"], environment: environment)
        #expect(whole.status == 0, "\(whole.stderr)")
        let listed = try #require(try CLI.json(["claims", "--db", db, "--json"]) as? [[String: Any]])
        #expect(listed.map { $0["area"] as? String } == ["UA", nil])
        // The Kharkiv front is all there is in Ukraine in this log: the country's gains are the
        // oblast's and those of the north of Donetsk and Luhansk oblasts, at least the oblast's.
        let country = try #require((listed[0]["measured"] as? [[String: Any]])?.first?["km2"] as? Double)
        let all = try #require((listed[1]["measured"] as? [[String: Any]])?.first?["km2"] as? Double)
        #expect(country > 5_000 && abs(all - country) < 1, "UA \(country), all \(all)")
    }
}
