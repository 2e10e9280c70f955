import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineRender
import FrontlineSupport

/// `frontline demo`: the bundled scenario, loaded and reported.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the bundled Kharkiv 2022 scenario into a fresh event log and report on it.",
        discussion: """
            Writes DIR/kharkiv-2022.csv (the scenario, as `frontline import` reads it), \
            DIR/frontline.sqlite (the event log) and DIR/kharkiv-2022-09-13.geojson (control, changes since 6 September, front line, \
            places, hubs and routes), then prints: the area that changed hands in Kharkiv oblast \
            from 6 to 13 September 2022, confirmed and as each claimant tells it; the figures claimed \
            at the time (recorded in the log as numeric claims, with their sources) against \
            DeepStateMap's maps of the same windows; the range of 10 September 2022 under each view; \
            the Kupiansk and Izium hubs through September 2022, with their lines of communication on \
            8 September; and the November 2025 Kupiansk dispute under each side's view, against the \
            latest independent map the scenario holds (August 2025).

            A log already in DIR that holds only the scenario's events (an earlier demo's) is \
            replaced. One that holds anything else (events recorded or imported since, \
            retractions, side declarations, numeric claims other than the demo's) is never removed: the demo refuses (exit 64) unless \
            --force, which keeps that log as DIR/frontline.sqlite.<time>.bak.
            """)

    @Option(help: ArgumentHelp("Where to write (created if missing).", valueName: "dir"))
    var out = "frontline-demo"

    @Flag(help: "If DIR's log holds more than the scenario, keep it as frontline.sqlite.<time>.bak and start afresh instead of refusing.")
    var force = false

    func run() throws {
        let directory = URL(fileURLWithPath: out)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw IOFailure(path: out, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        let csv = directory.appendingPathComponent("kharkiv-2022.csv")
        let db = directory.appendingPathComponent("frontline.sqlite")
        if FileManager.default.fileExists(atPath: db.path) {
            if let content = try userContent(of: db) {
                guard force else { throw DemoLogInUse(path: db.path, content: content) }
                try setAsideOldLog(db)
            } else {
                try removeDemoLog(db)
            }
        }
        try write(Data(GeoData.kharkiv2022Scenario), to: csv)

        let store = try SQLiteEventStore(path: db.path)
        let geoData = try GeoData.embedded()
        let imported = try EventImporter(store: store, gazetteer: geoData.gazetteer).importFiles([csv.path]).total
        let events = try store.allEvents()
        let settlements = Set(events.compactMap(\.placeID)).count
        Output.say("Loaded \(imported) events on \(settlements) settlements into \(db.path)")
        Output.say("(the Kharkiv front in 2022 from DeepStateMap's archived maps, with the reported captures and the")
        Output.say(" competing claims of September 2022 and November 2025; sources in \(csv.path))")

        let territory = try Territory.embedded()
        let kharkiv = try territory.selection("UA-63")
        // One engine for every section: the maps of one log share its clip and cell caches.
        let service = ControlService(store: store, territory: territory, selection: kharkiv)
        let engine = service.engine

        // 1. The counteroffensive in figures.
        let t1 = try EventTime.queryBound("2022-09-06", endOfDay: true)
        let t2 = try EventTime.queryBound("2022-09-13", endOfDay: true)
        // Each side's gains as confirmed, then as each claimant of the scenario tells them.
        let report = try service.change(from: t1, to: t2)
        ControlSession.warn(report.warnings)
        let lines = ["UA", "RU"].flatMap { side in
            let told = report.gains[Side(normalized: side)].map { GainsText.lines(side: side, gain: $0, claimants: report.claimants) } ?? []
            return (told.isEmpty ? ["\(side) gained 0 km² confirmed"] : told).map { "   " + $0 }
        }
        Output.say("""

            1. Kharkiv oblast, 7–13 September 2022: area that changed hands
            \(lines.joined(separator: "\n"))
               Frontline counts whole settlement cells: a cell changes hands with its settlement.
            """)

        // 2. The figures given at the time, recorded as numeric claims, against DeepState's maps.
        let claims = try Self.septemberClaims().map { try store.addClaim($0) }
        let checks = try ClaimReport.check(claims, engine: engine, events: events)
        Output.say("""

            2. What was claimed in September 2022, against DeepStateMap's maps of the same window
               (recorded in the log as numeric claims: `frontline claims --db \(db.path)`)
            """)
        Output.say(ClaimReport.table(checks, withIDs: false, indent: "   "))
        Output.say()
        for check in checks { Output.say("   " + ClaimReport.sentence(check)) }
        Output.say("""
               Claimants' views are shown where they differ from DeepStateMap's (confirmed) figure.
               The scenario maps the Kharkiv front only (Kharkiv oblast, and Donetsk and Luhansk oblasts north
               of 48.75°N): a claim for all Ukraine ("in the south and in the east") also counts the Kherson
               front, which it does not hold. A date alone as a window's start counts from the start of that day.
            """)

        // 3. The range on 10 September: the claims of that day against the confirmed map.
        let tenth = try EventTime.queryBound("2022-09-10T18:00Z", endOfDay: false)
        let hubs = [("Kupiansk", 703656), ("Izium", 707292), ("Balakliia", 712926)]
        var rangeRows: [[String]] = []
        var tenthViews: [ControlView] = [.confirmed, .claimed(side: .ukraine), .claimed(side: .russia)]
        var claimantsThatDay: [String] = []
        for event in events where event.status == .claimed && event.at.iso8601.hasPrefix("2022-09-10") && !claimantsThatDay.contains(event.claimant) {
            claimantsThatDay.append(event.claimant)
        }
        tenthViews += claimantsThatDay.map { ControlView.claimant($0) }
        for account in try service.accounts(at: tenth, views: tenthViews, places: hubs.map(\.1), events: events) {
            rangeRows.append(["   " + account.view.description] + account.holders.map { $0?.code ?? "-" }
                             + [Output.km2(account.km2[.russia] ?? 0), Output.km2(account.km2[.ukraine] ?? 0), Output.km2(account.km2[.contested] ?? 0)])
        }
        Output.say("""

            3. 10 September 2022, 18:00 UTC: the day's claims against the confirmed map
               (DeepStateMap's maps of 09:29 and 13:51 UTC; claims by \(claimantsThatDay.joined(separator: ", ")))
            """)
        Output.say(Output.table(["   view"] + hubs.map(\.0) + ["RU km² in oblast", "UA km² in oblast", "contested km²"], rangeRows,
                                rightAligned: [4, 5, 6]))
        Output.say("""
               DeepStateMap's map of 21:49 UTC drew Izium contested: from then on a later, confirmed event
               stands in every view, and the range of that day closes.
            """)

        // 4. The hubs through September.
        let logistics = try geoData.logistics()
        let focus = Logistics(hubs: logistics.hubs.filter { ["kupiansk", "izium"].contains($0.id) },
                              routes: logistics.routes, rear: logistics.rear)
        let analysis = HubAnalysis(territory: territory, logistics: focus)
        let history = try analysis.transitions(engine: engine, events: events, view: .confirmed,
                                               from: try EventTime.queryBound("2022-09-01", endOfDay: true),
                                               to: try EventTime.queryBound("2022-09-30", endOfDay: true))
        Output.say("\n4. Logistics hubs through September 2022 (confirmed view; followed from their holder on 1 September)")
        for entry in history {
            Output.say("   " + VisibleText.escaped(Hubs.describe(entry.hub, entry.transitions)))
        }
        // Their lines of communication on the eve of the fall, as `frontline hubs --at` lists them.
        let eve = try analysis.evaluate(try engine.map(at: try EventTime.queryBound("2022-09-08", endOfDay: true), view: .confirmed,
                                                       events: events)).hubs
        Output.say("   Lines of communication on 8 September:")
        for status in eve {
            Output.say("   " + VisibleText.escaped("\(status.hub.settlement.name) (\(status.side?.code ?? "nobody"), \(status.condition.label))")
                       + (status.lines.isEmpty ? ": no line" : ":"))
            for line in status.lines { Output.say("     " + VisibleText.escaped(Hubs.describe(line))) }
        }

        // 5. Kupiansk, November 2025, against the latest independent map the scenario holds.
        let november = try EventTime.queryBound("2025-11-21", endOfDay: true)
        let kupiansk = 703656
        Output.say("\n5. Kupiansk, November 2025: who claims what")
        for event in events where event.placeID == kupiansk && event.at.millisecondsSinceEpoch >= 1_735_689_600_000 {
            Output.say("   \(event.at.iso8601)  \(event.claimant): \(event.side.storedCode)  (\(event.status.rawValue); \(event.source))")
        }
        var viewRows: [[String]] = []
        for account in try service.accounts(at: november, views: [.confirmed, .claimed(side: .russia), .claimed(side: .ukraine)],
                                            places: [kupiansk], events: events) {
            viewRows.append([account.view.description, account.holders[0]?.code ?? "-",
                             Output.km2(account.km2[.russia] ?? 0), Output.km2(account.km2[.ukraine] ?? 0)])
        }
        Output.say(Output.table(["   view", "Kupiansk held by", "RU km² in oblast", "UA km² in oblast"],
                           viewRows.map { ["   " + $0[0]] + $0.dropFirst() }, rightAligned: [2, 3]))
        // The confirmed row is the latest independent map, never a claim: say which, and when.
        if let latest = events.last(where: { $0.status == .confirmed && $0.claimant == "DeepStateMap" && $0.at <= november }) {
            let kupianskThen = try ControlChange.holder(of: kupiansk, on: try engine.map(at: latest.at, view: .confirmed, events: events),
                                                        territory: territory)?.code ?? "-"
            Output.say("""
                   The confirmed row is the latest independent map the scenario holds: DeepStateMap's map of
                   \(latest.at.iso8601) (the last of the shared archive), where Kupiansk is held by \(kupianskThen).
                   No independent map of November 2025 is in the scenario: that row is not the situation on 21 November.
                """)
        }

        // The map of 13 September 2022.
        let map = try engine.map(at: t2, view: .confirmed, events: events)
        let change = try ControlChange.compute(from: try engine.map(at: t1, view: .confirmed, events: events), to: map,
                                               territory: territory, withGeometry: true, events: events)
        let features = try ControlExport.features(
            map: map, change: change, layers: [.control, .changes, .frontline, .places, .hubs, .routes], territory: territory,
            hubs: HubAnalysis(territory: territory, logistics: logistics))
        let geojson = directory.appendingPathComponent("kharkiv-2022-09-13.geojson")
        try write(Data(try GeoJSONWriter().write(FeatureCollection(features: features))), to: geojson)

        // The pictures: the map of 13 September with what changed since the 6th, and the chart
        // of September.
        let box = territory.areas[kharkiv.indices[0]].geometry.boundingBox ?? BoundingBox(minLon: 35, minLat: 48.4, maxLon: 38.2, maxLat: 50.5)
        let mapSVG = directory.appendingPathComponent("kharkiv-2022-09-13.svg")
        try Render.write(try Render.draw(map: map, change: change, events: events, territory: territory, selection: kharkiv, box: box,
                                         title: "Kharkiv Oblast, 13 September 2022: changes since 6 September (confirmed)"),
                         to: mapSVG.path)
        let september = ControlTimeline.eventInstants(from: try EventTime.queryBound("2022-09-01", endOfDay: true),
                                                      to: try EventTime.queryBound("2022-09-30", endOfDay: true),
                                                      events: events, view: .confirmed)
        let rows = try september.map { ControlSummary(map: try engine.map(at: $0, view: .confirmed, events: events),
                                                      territory: territory, selection: kharkiv) }
        let chartSVG = directory.appendingPathComponent("kharkiv-2022-09-timeline.svg")
        try Render.write(ChartSVG().render(rows: rows, labels: Timeline.labels(september, events: events, view: .confirmed, territory: territory,
                                                                               selection: kharkiv),
                                           title: "Kharkiv Oblast, September 2022: km² held per side (confirmed)", background: [.ukraine]),
                         to: chartSVG.path)
        Output.say("\nWrote, in \(directory.path):")
        Output.say("  \(geojson.lastPathComponent) (\(features.count) features: control, changes since 6 September, front line, places, hubs, routes)")
        Output.say("  \(mapSVG.lastPathComponent) (the map) and \(chartSVG.lastPathComponent) (km² per side through September)")
        Output.say("Try: frontline control --db \(db.path) --at 2022-09-13 --area UA-63")
    }

    private func write(_ data: Data, to url: URL) throws {
        do { try data.write(to: url, options: .atomic) } catch {
            throw IOFailure(path: url.path, reason: "cannot write: \(error.localizedDescription)")
        }
    }

    /// What the log at `db` holds beyond the scenario's events, described ("2 events that are
    /// not the scenario's, 1 retraction"); nil when it holds the scenario's events and nothing
    /// else. Events are compared by what they say (time, subject, side, status, claimant, source,
    /// url, note), with the scenario as this binary imports it.
    private func userContent(of db: URL) throws -> String? {
        let store: SQLiteEventStore
        let events: [ControlEvent]
        let declarations: Int
        do {
            store = try SQLiteEventStore(path: db.path)
            events = try store.allEvents()
            declarations = try store.sideDeclarations().count
        } catch {
            return "something Frontline cannot read as an event log (\(error))"
        }
        var scenario: [DemoEventContent: Int] = [:]
        for event in try scenarioEvents() { scenario[DemoEventContent(event), default: 0] += 1 }
        var foreign = 0
        for event in events {
            let key = DemoEventContent(event)
            if let count = scenario[key], count > 0 { scenario[key] = count - 1 } else { foreign += 1 }
        }
        let retractions = events.filter(\.isRetracted).count
        // The demo's own claims (``septemberClaims()``) are the scenario's; any other claim, or a
        // retraction of one, is the user's.
        var ownClaims: [DemoClaimContent: Int] = [:]
        for draft in try Self.septemberClaims() { ownClaims[DemoClaimContent(draft), default: 0] += 1 }
        var foreignClaims = 0
        var claimRetractions = 0
        for claim in try store.numericClaims() {
            if claim.isRetracted { claimRetractions += 1 }
            let key = DemoClaimContent(claim)
            if let count = ownClaims[key], count > 0 { ownClaims[key] = count - 1 } else { foreignClaims += 1 }
        }
        var found: [String] = []
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        if foreign > 0 { found.append(count(foreign, "event") + " that \(foreign == 1 ? "is" : "are") not the scenario's") }
        if retractions > 0 { found.append(count(retractions, "retraction")) }
        if declarations > 0 { found.append(count(declarations, "side declaration")) }
        if foreignClaims > 0 { found.append(count(foreignClaims, "numeric claim") + " that \(foreignClaims == 1 ? "is" : "are") not the demo's") }
        if claimRetractions > 0 { found.append(count(claimRetractions, "retraction") + " of a numeric claim") }
        return found.isEmpty ? nil : found.joined(separator: ", ")
    }

    /// The scenario's events as this binary imports them, from a log of their own in a temporary
    /// directory (removed after).
    private func scenarioEvents() throws -> [ControlEvent] {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-demo-\(UUID().uuidString)")
        do { try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true) } catch {
            throw IOFailure(path: scratch.path, reason: "cannot create the directory: \(error.localizedDescription)")
        }
        defer { try? FileManager.default.removeItem(at: scratch) }
        let csv = scratch.appendingPathComponent("kharkiv-2022.csv")
        try write(Data(GeoData.kharkiv2022Scenario), to: csv)
        let store = try SQLiteEventStore(path: scratch.appendingPathComponent("scenario.sqlite").path)
        _ = try EventImporter(store: store, gazetteer: try GeoData.embedded().gazetteer).importFiles([csv.path])
        return try store.allEvents()
    }

    /// Removes a log that holds the scenario's events and nothing else (``userContent(of:)``).
    private func removeDemoLog(_ db: URL) throws {
        for suffix in ["", "-wal", "-shm"] {
            let path = db.path + suffix
            guard FileManager.default.fileExists(atPath: path) else { continue }
            do { try FileManager.default.removeItem(atPath: path) } catch {
                throw IOFailure(path: path, reason: "cannot replace the earlier demo's log: \(error.localizedDescription)")
            }
        }
    }

    /// A log that holds more than the scenario, with --force: keep it, renamed.
    private func setAsideOldLog(_ db: URL) throws {
        guard FileManager.default.fileExists(atPath: db.path) else { return }
        let stamp = Int(Date().timeIntervalSince1970)
        for suffix in ["", "-wal", "-shm"] {
            let from = URL(fileURLWithPath: db.path + suffix)
            guard FileManager.default.fileExists(atPath: from.path) else { continue }
            let to = URL(fileURLWithPath: db.deletingPathExtension().path + ".sqlite.\(stamp).bak" + suffix)
            do { try FileManager.default.moveItem(at: from, to: to) } catch {
                throw IOFailure(path: db.path, reason: "cannot set the old demo log aside: \(error.localizedDescription)")
            }
        }
    }
}

extension Demo {
    /// The figures given for the Kharkiv counteroffensive in September 2022, each checked against
    /// the outlets named (see GeoData/scenarios/README.md): who said what, when, for which
    /// window and area.
    static func septemberClaims() throws -> [NumericClaimDraft] {
        func claim(_ at: String, _ claimant: String, _ km2: Double, _ from: String, _ to: String, _ area: String,
                   _ source: String, _ url: String, _ note: String) throws -> NumericClaimDraft {
            NumericClaimDraft(claimant: claimant, source: source, url: url, at: try EventTime(parsing: at), side: "UA", km2: km2,
                              from: try EventTime(parsing: from), to: try EventTime(parsing: to), area: area, note: note)
        }
        return [
            try claim("2022-09-08", "Volodymyr Zelensky", 1_000, "2022-09-01", "2022-09-08", "UA",
                      "Evening video address, 8 September 2022 (Reuters; Ukrainska Pravda)",
                      "https://www.pravda.com.ua/eng/news/2022/09/8/7366693/",
                      "\"In total, since 1 September, more than a thousand square kilometres of our territory have been liberated\""),
            try claim("2022-09-09", "ISW", 2_500, "2022-09-06", "2022-09-09", "UA-63",
                      "ISW, Russian Offensive Campaign Assessment, September 9, 2022",
                      "https://www.understandingwar.org",
                      "an estimated 2,500 km² captured in Kharkiv Oblast in the Kharkiv counteroffensive as of 9 September; "
                          + "\"a conservative estimate\" (Yahoo News)"),
            try claim("2022-09-10", "Volodymyr Zelensky", 2_000, "2022-09-01", "2022-09-10", "UA",
                      "Evening video address, 10 September 2022 (The Kyiv Independent)",
                      "https://kyivindependent.com",
                      "about 2,000 km² liberated since the beginning of September"),
            try claim("2022-09-11", "Valerii Zaluzhnyi", 3_000, "2022-09-01", "2022-09-11", "UA",
                      "Statement on social media, 11 September 2022 (AFP via A News; ANSA; Reuters)",
                      "https://www.anews.com.tr/world/2022/09/11/ukraine-says-recaptured-over-3000-sq-km-this-month",
                      "Commander-in-Chief: more than 3,000 km² returned to Ukrainian control since the beginning of September"),
            try claim("2022-09-12", "Volodymyr Zelensky", 6_000, "2022-09-01", "2022-09-12", "UA",
                      "Evening video address, 12 September 2022 (Reuters)",
                      "https://www.reuters.com",
                      "more than 6,000 km² liberated \"in the south and in the east\" since the beginning of September"),
            try claim("2022-09-13", "Hanna Maliar", 3_800, "2022-09-06", "2022-09-13", "UA-63",
                      "Deputy Defence Minister, national telethon, 13 September 2022 (Interfax-Ukraine; Reuters)",
                      "https://en.interfax.com.ua/news/general/858532.html",
                      "3,800 km², more than 300 settlements and about 150,000 people in Kharkiv oblast since 6 September"),
            try claim("2022-09-14", "Hanna Maliar", 8_500, "2022-09-06", "2022-09-14", "UA-63",
                      "Deputy Defence Minister, Facebook, 14 September 2022 (Babel; Ukrinform; Ukrainian News Agency)",
                      "https://babel.ua/en/news/84235-ministry-of-defense-since-september-6-the-armed-forces-have-liberated-388-settlements-in-the-kharkiv-region",
                      "about 8,500 km² and 388 settlements in Kharkiv oblast since 6 September"),
        ]
    }
}

/// What a numeric claim says, without its id, recording time or position: how the demo tells its
/// own claims from the user's.
private struct DemoClaimContent: Hashable {
    let claimant: String, source: String, url: String?, at: String, side: String, km2: Double
    let from: String, to: String, area: String?, note: String?

    init(_ claim: NumericClaim) {
        claimant = claim.claimant; source = claim.source; url = claim.url; at = claim.at.iso8601; side = claim.side.code
        km2 = claim.km2; from = claim.from.iso8601; to = claim.to.iso8601; area = claim.area; note = claim.note
    }

    init(_ draft: NumericClaimDraft) {
        claimant = draft.claimant; source = draft.source; url = draft.url; at = draft.at.iso8601; side = draft.side
        km2 = draft.km2; from = draft.from.iso8601; to = draft.to.iso8601; area = draft.area; note = draft.note
    }
}

/// What an event says, without its id, recording time or position: how the demo tells the
/// scenario's events from others.
private struct DemoEventContent: Hashable {
    let at: String, subject: EventSubject, side: Side?, status: EventStatus
    let claimant: String, source: String, url: String?, note: String?

    init(_ event: ControlEvent) {
        at = event.at.iso8601; subject = event.subject; side = event.side; status = event.status
        claimant = event.claimant; source = event.source; url = event.url; note = event.note
    }
}

/// `frontline demo` found a log in its directory that holds more than the scenario (exit 64).
struct DemoLogInUse: Error, CustomStringConvertible {
    let path: String
    let content: String
    var description: String {
        "\(VisibleText.escaped(path)) holds \(content) (recorded since the demo loaded it, or by an older demo); it is left as it is. "
            + "Run the demo in another directory (--out DIR), or give --force to keep this log as frontline.sqlite.<time>.bak and start afresh"
    }
}
