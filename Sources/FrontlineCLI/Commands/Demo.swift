import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineRender

/// `frontline demo`: the bundled scenario, loaded and reported.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load the bundled Kharkiv 2022 scenario into a fresh event log and report on it.",
        discussion: """
            Writes DIR/kharkiv-2022.csv (the scenario, as `frontline import` reads it), \
            DIR/frontline.sqlite (the event log) and DIR/kharkiv-2022-09-13.geojson (control, changes since 6 September, front line, \
            places, hubs and routes), then prints: the area that changed hands in Kharkiv oblast \
            from 6 to 13 September 2022, confirmed and claimed, against the figures quoted at the \
            time; the Kupiansk and Izium hubs through September 2022, with their lines of \
            communication on 8 September; and the November 2025 \
            Kupiansk dispute under each side's view.

            A log already in DIR that holds only the scenario's events (an earlier demo's) is \
            replaced. One that holds anything else (events recorded or imported since, \
            retractions, side declarations) is never removed: the demo refuses (exit 64) unless \
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
        let engine = ControlEngine(territory: territory)
        let kharkiv = try territory.selection("UA-63")

        // 1. The counteroffensive in figures.
        let t1 = try EventTime.queryBound("2022-09-06", endOfDay: true)
        let t2 = try EventTime.queryBound("2022-09-13", endOfDay: true)
        func gains(_ view: ControlView, to side: String) throws -> Double {
            let change = try ControlChange.compute(from: try engine.map(at: t1, view: view, events: events),
                                                   to: try engine.map(at: t2, view: view, events: events),
                                                   territory: territory, selection: kharkiv)
            return change.transfers.filter { $0.to == side }.reduce(0) { $0 + $1.km2 }
        }
        var lines: [String] = []
        for side in ["UA", "RU"] {
            let confirmed = try gains(.confirmed, to: side)
            let claimed = try gains(.claimed(side: side), to: side)
            lines.append("   \(side) gained \(Output.km2(confirmed)) km² confirmed, up to \(Output.km2(claimed)) km² claimed.")
        }
        Output.say("""

            1. Kharkiv oblast, 7–13 September 2022: area that changed hands
            \(lines.joined(separator: "\n"))
               Quoted at the time for the north-east: 2,500 km² recaptured (a conservative estimate)
               and 6,000 km² (claimed by Ukraine's deputy defence minister on 12 September).
               Frontline counts whole settlement cells: a cell changes hands with its settlement.
            """)

        // 2. The hubs through September.
        let logistics = try geoData.logistics()
        let focus = Logistics(hubs: logistics.hubs.filter { ["kupiansk", "izium"].contains($0.id) },
                              routes: logistics.routes, rear: logistics.rear)
        let analysis = HubAnalysis(territory: territory, logistics: focus)
        let history = try analysis.transitions(engine: engine, events: events, view: .confirmed,
                                               from: try EventTime.queryBound("2022-09-01", endOfDay: true),
                                               to: try EventTime.queryBound("2022-09-30", endOfDay: true))
        Output.say("\n2. Logistics hubs through September 2022 (confirmed view; followed from their holder on 1 September)")
        for entry in history {
            Output.say("   " + VisibleText.escaped(Hubs.describe(entry.hub, entry.transitions)))
        }
        // Their lines of communication on the eve of the fall, as `frontline hubs --at` lists them.
        let eve = try analysis.evaluate(try engine.map(at: try EventTime.queryBound("2022-09-08", endOfDay: true), view: .confirmed,
                                                       events: events)).hubs
        Output.say("   Lines of communication on 8 September:")
        for status in eve {
            Output.say("   " + VisibleText.escaped("\(status.hub.settlement.name) (\(status.side ?? "nobody"), \(status.condition.label))")
                       + (status.lines.isEmpty ? ": no line" : ":"))
            for line in status.lines { Output.say("     " + VisibleText.escaped(Hubs.describe(line))) }
        }

        // 3. Kupiansk, November 2025.
        let november = try EventTime.queryBound("2025-11-21", endOfDay: true)
        let kupiansk = 703656
        Output.say("\n3. Kupiansk, November 2025: who claims what")
        for event in events where event.placeID == kupiansk && event.at.millisecondsSinceEpoch >= 1_735_689_600_000 {
            Output.say("   \(event.at.iso8601)  \(event.claimant): \(event.side)  (\(event.status.rawValue); \(event.source))")
        }
        var viewRows: [[String]] = []
        for view in [ControlView.confirmed, .claimed(side: "RU"), .claimed(side: "UA")] {
            let map = try engine.map(at: november, view: view, events: events)
            let summary = ControlSummary(map: map, territory: territory, selection: kharkiv)
            let holder = try ControlChange.holder(of: kupiansk, on: map, territory: territory) ?? "-"
            viewRows.append([view.description, holder, Output.km2(summary.sides["RU"] ?? 0), Output.km2(summary.sides["UA"] ?? 0)])
        }
        Output.say(Output.table(["   view", "Kupiansk held by", "RU km² in oblast", "UA km² in oblast"],
                           viewRows.map { ["   " + $0[0]] + $0.dropFirst() }, rightAligned: [2, 3]))

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
                                           title: "Kharkiv Oblast, September 2022: km² held per side (confirmed)", background: ["UA"]),
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
        var found: [String] = []
        func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
        if foreign > 0 { found.append(count(foreign, "event") + " that \(foreign == 1 ? "is" : "are") not the scenario's") }
        if retractions > 0 { found.append(count(retractions, "retraction")) }
        if declarations > 0 { found.append(count(declarations, "side declaration")) }
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

/// What an event says, without its id, recording time or position: how the demo tells the
/// scenario's events from others.
private struct DemoEventContent: Hashable {
    let at: String, subject: EventSubject, side: String, status: EventStatus
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
