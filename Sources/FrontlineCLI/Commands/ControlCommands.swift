import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineRender

/// Options every control command shares.
struct ControlOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(
        "Whose account: confirmed (default), claimed:SIDE (confirmed plus SIDE's claims) or claimant:NAME.",
        valueName: "view"))
    var view: String = "confirmed"

    @Option(help: ArgumentHelp("Only this admin area (ISO code, e.g. UA-63; see `frontline places areas`).", valueName: "iso"))
    var area: String?

    func parsedView() throws -> ControlView { try ControlView(parsing: view) }
}

/// A query instant: ISO 8601; a date alone means the end of that day UTC ("as of").
func queryTime(_ text: String, option: String) throws -> EventTime {
    do { return try EventTime.queryBound(text, endOfDay: true) } catch let error as EventTimeError {
        throw EventFieldError(error.description, field: option)
    }
}

/// The event log and the territory, loaded once per command.
struct ControlSession {
    let store: SQLiteEventStore
    let engine: ControlEngine
    var territory: Territory { engine.territory }
    let areaIndex: Int?

    init(_ options: ControlOptions) throws {
        store = try options.database.openForReading()
        let territory = try Trace.measure("territory") { try Territory.embedded() }
        engine = ControlEngine(territory: territory)
        areaIndex = try options.area.map { try territory.areaIndex(iso: $0.uppercased()) }
    }

    /// Every event up to `to`, in replay order (views and retractions are applied by the engine).
    func events(to: EventTime) throws -> [ControlEvent] {
        try Trace.measure("events") { try store.events(matching: EventFilter(to: to)) }
    }

    func map(at: EventTime, view: ControlView, events: [ControlEvent]) throws -> ControlMap {
        let map = try Trace.measure("map \(at.iso8601) \(view)") { try engine.map(at: at, view: view, events: events) }
        Self.warn(map.warnings)
        return map
    }

    static func warn(_ warnings: [String]) {
        for warning in warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    }

    /// The map at `at`, reading the log latest first and only as far back as anything can still
    /// show: for one instant of a long log, the latest events rather than all of them.
    func map(at: EventTime, view: ControlView) throws -> ControlMap {
        var read = 0
        let map = try Trace.measure("map \(at.iso8601) \(view), read latest first (\(read) events)") {
            let filter = EventFilter(to: at)
            return try engine.map(at: at, view: view, earliestGeometric: try store.earliestGeometricEvent(to: at)) { consume in
                try store.forEachEventLatestFirst(matching: filter) { read += 1; return try consume($0) }
            }
        }
        Self.warn(map.warnings)
        return map
    }
}

/// `{"km2": …}`, as every side figure is written in JSON.
struct KM2: Encodable {
    let km2: Double
    init(_ value: Double) { km2 = (value * 1000).rounded() / 1000 }
}

func sidesJSON(_ sides: [String: Double]) -> [String: KM2] { sides.mapValues(KM2.init) }

// MARK: - control

struct Control: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who holds how many km² at a time, per side and per admin area.",
        discussion: """
            Events up to --at are applied in time order (ties in the order recorded); retracted \
            events are ignored. A date alone means the end of that day UTC. Territory drawn beyond \
            every admin area (areas and snapshots are taken as drawn) is reported as `outside`.
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant (ISO 8601 date or date-time).", valueName: "time"))
    var at: String

    @Flag(help: "Print JSON.")
    var json = false

    struct AreaJSON: Encodable { let iso: String; let name: String; let sides: [String: KM2] }
    struct OutsideJSON: Encodable { let sides: [String: KM2] }
    struct ReportJSON: Encodable {
        let at: String
        let view: String
        let sides: [String: KM2]
        let areas: [AreaJSON]
        let outside: OutsideJSON?
    }

    func run() throws {
        let at = try queryTime(at, option: "--at")
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let map = try session.map(at: at, view: view)
        let summary = ControlSummary(map: map, territory: session.territory, areaIndex: session.areaIndex)
        if json {
            try Output.printJSON(ReportJSON(
                at: at.iso8601, view: view.description, sides: sidesJSON(summary.sides),
                areas: summary.areas.map { AreaJSON(iso: $0.iso, name: $0.name, sides: sidesJSON($0.sides)) },
                outside: summary.outside.isEmpty ? nil : OutsideJSON(sides: sidesJSON(summary.outside))))
            return
        }
        let sides = Set(summary.sides.keys).union(summary.outside.keys).sorted()
        print("Control at \(at.iso8601), view \(view):")
        var rows = summary.areas.map { row in [row.iso, row.name] + sides.map { Output.km2(row.sides[$0] ?? 0) } }
        rows.append(["", "total"] + sides.map { Output.km2(summary.sides[$0] ?? 0) })
        if !summary.outside.isEmpty {
            rows.append(["", "outside"] + sides.map { Output.km2(summary.outside[$0] ?? 0) })
        }
        print(Output.table(["area", "name"] + sides.map { "\($0) km²" }, rows,
                           rightAligned: Set(2..<(2 + sides.count))))
    }
}

// MARK: - change

struct Change: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The area that changed hands between two instants.",
        discussion: """
            --from 2022-09-06 --to 2022-09-13 covers 7 to 13 September (a date alone is the end of \
            that day). For people, each side's gains are given confirmed and, from that side's own \
            claims (view claimed:SIDE), at most: the range reports of an offensive argue about.
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The earlier instant.", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("The later instant.", valueName: "time"))
    var to: String

    @Flag(help: "Print JSON.")
    var json = false

    struct AreaKM2: Encodable { let iso: String; let km2: Double }
    struct TransferJSON: Encodable { let from: String; let to: String; let km2: Double; let areas: [AreaKM2] }
    struct PlaceJSON: Encodable { let id: Int; let name: String; let area: String; let from: String; let to: String; let at: String? }
    struct GainJSON: Encodable { let confirmed: Double; let claimed: Double }
    struct ReportJSON: Encodable {
        let from: String
        let to: String
        let view: String
        let transfers: [TransferJSON]
        let places: [PlaceJSON]
        let gains: [String: GainJSON]?
    }

    func run() throws {
        let t1 = try queryTime(from, option: "--from")
        let t2 = try queryTime(to, option: "--to")
        guard t1 <= t2 else { throw ControlError.emptyInterval(from: from, to: to) }
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let events = try session.events(to: t2)
        func change(_ view: ControlView) throws -> ControlChange {
            let before = try session.map(at: t1, view: view, events: events)
            let after = try session.map(at: t2, view: view, events: events)
            return try ControlChange.compute(from: before, to: after, territory: session.territory, areaIndex: session.areaIndex,
                                             events: events)
        }
        let result = try change(view)
        // The claimed range: each side's gains under its own maximal view.
        var gains: [String: (confirmed: Double, claimed: Double)] = [:]
        if view == .confirmed {
            for side in try session.store.sides() where side != Side.contested {
                // Without claims of its own, a side's maximal view is the confirmed one.
                let claims = events.contains { $0.status == .claimed && ControlView.claimed(side: side).includes($0) }
                let claimed = claims ? try change(.claimed(side: side)) : result
                let confirmedGain = result.transfers.filter { $0.to == side }.reduce(0) { $0 + $1.km2 }
                let claimedGain = claimed.transfers.filter { $0.to == side }.reduce(0) { $0 + $1.km2 }
                if confirmedGain > 0 || claimedGain > 0 { gains[side] = (confirmedGain, claimedGain) }
            }
        }
        if json {
            func r(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
            try Output.printJSON(ReportJSON(
                from: t1.iso8601, to: t2.iso8601, view: view.description,
                transfers: result.transfers.map { t in
                    TransferJSON(from: t.from, to: t.to, km2: r(t.km2), areas: t.areas.map { AreaKM2(iso: $0.iso, km2: r($0.km2)) })
                },
                places: result.places.map { PlaceJSON(id: $0.id, name: $0.name, area: $0.areaISO, from: $0.from, to: $0.to, at: $0.at?.iso8601) },
                gains: view == .confirmed ? gains.mapValues { GainJSON(confirmed: r($0.confirmed), claimed: r($0.claimed)) } : nil))
            return
        }
        print("Change from \(t1.iso8601) to \(t2.iso8601), view \(view):")
        for (side, gain) in gains.sorted(by: { $0.key < $1.key }) {
            print("  \(side) gained \(Output.km2(gain.confirmed)) km² confirmed, up to \(Output.km2(gain.claimed)) km² claimed")
        }
        // Drawn maps differ by slivers along every line; people see what rounds to a km² or more.
        let shown = result.transfers.filter { $0.km2 >= 0.5 }
        if shown.isEmpty { print("No territory changed hands.") }
        let names = Dictionary(uniqueKeysWithValues: session.territory.areas.map { ($0.iso, $0.name) })
        for transfer in shown {
            print("\n\(transfer.from) → \(transfer.to): \(Output.km2(transfer.km2)) km²")
            print(Output.table(["area", "name", "km²"],
                               transfer.areas.map { [$0.iso, names[$0.iso] ?? $0.iso, Output.km2($0.km2)] },
                               rightAligned: [2]))
        }
        if shown.count < result.transfers.count {
            let rest = result.transfers.count - shown.count
            print("\n(\(rest) transfer\(rest == 1 ? "" : "s") under 0.5 km² not shown; --json lists them)")
        }
        if !result.places.isEmpty {
            print("\nSettlements that changed hands (\(result.places.count)):")
            print(Output.table(["at", "settlement", "area", "from", "to"],
                               result.places.map { [$0.at?.iso8601 ?? "", $0.name, $0.areaISO, $0.from, $0.to] }))
        }
    }
}

// MARK: - timeline

struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "km² held per side over time: one row per instant.")

    enum Step: String, ExpressibleByArgument, CaseIterable { case day, week, event }

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The first instant.", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("The last instant.", valueName: "time"))
    var to: String

    @Option(help: "One row a day, a week, or at every event (day, week, event).")
    var every: Step = .day

    @Flag(help: "Print JSON.")
    var json = false

    @Option(help: ArgumentHelp("Also draw the chart of km² per side as SVG here.", valueName: "file.svg"))
    var svg: String?

    struct AreaJSON: Encodable { let iso: String; let sides: [String: KM2] }
    struct RowJSON: Encodable { let at: String; let sides: [String: KM2]; let areas: [AreaJSON] }

    func run() throws {
        let t1 = try queryTime(from, option: "--from")
        let t2 = try queryTime(to, option: "--to")
        guard t1 <= t2 else { throw ControlError.emptyInterval(from: from, to: to) }
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let events = try session.events(to: t2)
        let instants: [EventTime]
        switch every {
        case .day: instants = ControlTimeline.instants(from: t1, to: t2, step: 86_400_000)
        case .week: instants = ControlTimeline.instants(from: t1, to: t2, step: 7 * 86_400_000)
        case .event: instants = ControlTimeline.eventInstants(from: t1, to: t2, events: events, view: view)
        }
        let progress = Progress(total: instants.count, label: "timeline")
        let (geoData, tessellation) = (session.territory.geoData, session.territory.tessellation)
        let computed = try Trace.measure("maps and summaries at \(instants.count) instants") {
            try ControlTimeline.summaries(at: instants, view: view, events: events, areaIndex: session.areaIndex,
                                          territory: { try Territory(geoData: geoData, tessellation: tessellation) },
                                          done: { progress.advance() })
        }
        progress.finish()
        ControlSession.warn(computed.flatMap(\.warnings))
        let rows = computed.map(\.summary)
        if let svg {
            let place = session.areaIndex.map { session.territory.areas[$0].name } ?? "All areas"
            try Render.write(ChartSVG().render(rows: rows, labels: Self.labels(instants, events: events, view: view, territory: session.territory),
                                               title: "\(place): km² held per side (view \(view))"), to: svg)
        }
        if json {
            try Output.printJSON(rows.map { row in
                RowJSON(at: row.at.iso8601, sides: sidesJSON(row.sides),
                        areas: row.areas.map { AreaJSON(iso: $0.iso, sides: sidesJSON($0.sides)) })
            })
            return
        }
        let sides = Set(rows.flatMap { $0.sides.keys }).sorted()
        print(Output.table(["at"] + sides.map { "\($0) km²" },
                           rows.map { row in [row.at.iso8601] + sides.map { Output.km2(row.sides[$0] ?? 0) } },
                           rightAligned: Set(1...max(1, sides.count))))
    }
}

extension Timeline {
    /// What happened at each instant: the settlements its events name, the first few.
    static func labels(_ instants: [EventTime], events: [ControlEvent], view: ControlView, territory: Territory) -> [String] {
        var byTime: [Int64: [String]] = [:]
        for event in events where view.includes(event) {
            guard let id = event.placeID, let name = territory.geoData.settlement(id: id)?.name else { continue }
            if !(byTime[event.at.millisecondsSinceEpoch]?.contains(name) ?? false) { byTime[event.at.millisecondsSinceEpoch, default: []].append(name) }
        }
        return instants.map { instant in
            let names = byTime[instant.millisecondsSinceEpoch] ?? []
            return names.prefix(3).joined(separator: ", ") + (names.count > 3 ? " +\(names.count - 3)" : "")
        }
    }
}

// MARK: - export

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the map at a time as one RFC 7946 GeoJSON FeatureCollection.",
        discussion: """
            Layers: control (a (Multi)Polygon per side), changes (per transfer since --from), \
            frontline ((Multi)LineStrings where opposing sides meet), places (a Point per \
            settlement with its holder), areas (admin polygons), and on request cells (each \
            settlement's territory cell with the side holding the settlement), hubs (Points with \
            their status, as `frontline hubs` prints it) and routes (LineStrings, `open` when one \
            side holds the whole segment). Every feature has \
            `layer`; polygons `km2` and lines `km` (WGS84) of the very geometry written.
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant.", valueName: "time"))
    var at: String

    @Option(help: ArgumentHelp("Also the changes since this instant (layer `changes`).", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Comma-separated layers (default: control,changes,frontline,places,areas,hubs,routes).", valueName: "list"))
    var layers: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        let at = try queryTime(at, option: "--at")
        let view = try options.parsedView()
        var chosen: [ControlExport.Layer]
        if let layers {
            chosen = try layers.split(separator: ",").map { name in
                let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
                guard let layer = ControlExport.Layer(rawValue: trimmed) else {
                    throw ValidationError("unknown layer '\(trimmed)' (one of \(ControlExport.Layer.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return layer
            }
            if chosen.contains(.changes) && from == nil { throw ValidationError("layer `changes` needs --from") }
        } else {
            chosen = ControlExport.Layer.defaults.filter { $0 != .changes || from != nil }
        }
        let session = try ControlSession(options)
        let map: ControlMap
        var change: ControlChange?
        if let from, chosen.contains(.changes) {
            let t1 = try queryTime(from, option: "--from")
            guard t1 <= at else { throw ControlError.emptyInterval(from: from, to: self.at) }
            // The change dates each settlement by its events: read them all.
            let events = try session.events(to: at)
            map = try session.map(at: at, view: view, events: events)
            let before = try session.map(at: t1, view: view, events: events)
            change = try Trace.measure("change") {
                try ControlChange.compute(from: before, to: map, territory: session.territory,
                                          areaIndex: session.areaIndex, withGeometry: true, events: events)
            }
        } else {
            map = try session.map(at: at, view: view)
        }
        let hubs = chosen.contains(.hubs) || chosen.contains(.routes)
            ? HubAnalysis(territory: session.territory, logistics: try session.territory.geoData.logistics()) : nil
        let features = try ControlExport.features(map: map, change: change, layers: chosen, territory: session.territory,
                                                  areaIndex: session.areaIndex, hubs: hubs)
        let bytes = try GeoJSONWriter().write(FeatureCollection(features: features))
        if let output {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw IOFailure(path: output, reason: "cannot write: \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("wrote \(features.count) features to \(output)\n".utf8))
        } else {
            Output.write(bytes)
        }
    }
}
