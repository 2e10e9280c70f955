import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineRender
import FrontlineSupport

/// Options every control command shares.
struct ControlOptions: ParsableArguments {
    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp(
        "Whose account: confirmed (default), claimed:SIDE (confirmed plus SIDE's claims) or claimant:NAME.",
        valueName: "view"))
    var view: String = "confirmed"

    @Option(help: ArgumentHelp(
        "Only this admin area (ISO 3166-2 code, e.g. UA-63; see `frontline places areas`) or every area of this country (UA, RU).",
        valueName: "code"))
    var area: String?

    func parsedView() throws -> ControlView { try ControlView(parsing: view) }
}

/// A query instant: ISO 8601; a date alone means the end of that day UTC ("as of").
func queryTime(_ text: String, option: String) throws -> EventTime {
    do { return try EventTime.queryBound(text, endOfDay: true) } catch let error as EventTimeError {
        throw EventFieldError(error.description, field: option)
    }
}

/// The event log and the territory, loaded once per command: the library's ``ControlService``
/// opened as the options say, with the maps' warnings printed on stderr.
struct ControlSession {
    let service: ControlService
    let store: SQLiteEventStore
    var engine: ControlEngine { service.engine }
    var territory: Territory { service.territory }
    /// The areas `--area` names (one area, or a country's); nil for every area and `outside`.
    var selection: AreaSelection? { service.selection }

    init(_ options: ControlOptions) throws {
        let store = try options.database.openForReading()
        self.store = store
        // The shipped settlements and the places added to the log, each with its territory.
        let territory = try Trace.measure("territory") { try FrontlineCLI.territory(of: store) }
        service = ControlService(store: store, territory: territory, selection: try options.area.map { try territory.selection($0) })
        try service.check(try options.parsedView())
    }

    /// Every event up to `to`, in replay order (views and retractions are applied by the engine).
    func events(to: EventTime) throws -> [ControlEvent] { try service.events(to: to) }

    func map(at: EventTime, view: ControlView, events: [ControlEvent]) throws -> ControlMap {
        let map = try service.map(at: at, view: view, events: events)
        Self.warn(map.warnings)
        return map
    }

    /// The map at `at`, reading the log latest first (see ``ControlService/map(at:view:)``).
    func map(at: EventTime, view: ControlView) throws -> ControlMap {
        let map = try service.map(at: at, view: view)
        Self.warn(map.warnings)
        return map
    }

    static func warn(_ warnings: [String]) {
        for warning in warnings { Output.tell("warning", warning) }
    }
}

/// How the reports for people write a side's gains.
enum GainsText {
    /// "UA gained 1,234 km² confirmed", then a line per claimant: "  according to NAME: 2,345 km²";
    /// nothing when no figure rounds to a km² or more.
    static func lines(prefix: String = "", side: String, gain: SideGains, claimants: [String],
                      _ figure: (Gain) -> Double = { $0.total }) -> [String] {
        let confirmed = figure(gain.confirmed)
        let told = claimants.map { ($0, gain.byClaimant[$0].map(figure) ?? 0) }
        guard confirmed >= 0.5 || told.contains(where: { $0.1 >= 0.5 }) else { return [] }
        return ["\(prefix)\(side) gained \(Output.km2(confirmed)) km² confirmed"]
            + told.map { "  according to \(VisibleText.escaped($0.0)): \(Output.km2($0.1)) km²" }
    }
}

/// `{"km2": …}`, as every side figure is written in JSON.
struct KM2: Encodable {
    let km2: Double
    init(_ value: Double) { km2 = (value * 1000).rounded() / 1000 }
}

func sidesJSON(_ sides: [Side: Double]) -> [String: KM2] { sideCodes(sides).mapValues(KM2.init) }
/// Figures by side, keyed by the sides' codes as the output prints them.
func sideCodes<Value>(_ bySide: [Side: Value]) -> [String: Value] {
    Dictionary(uniqueKeysWithValues: bySide.map { ($0.key.code, $0.value) })
}

/// `{"km2": …, "share": …}`: km² and its share of a country's official area (0–1).
struct CountryKM2: Encodable {
    let km2: Double
    let share: Double
    init(_ value: Double, of country: Country) {
        km2 = (value * 1000).rounded() / 1000
        share = (value / country.officialKm2 * 1e9).rounded() / 1e9
    }
}

/// How the reports for people write a country's figures.
enum CountryText {
    /// "18.8 %", with two significant digits below 1 % ("0.0035 %"); nil for nothing.
    static func percent(_ share: Double) -> String? {
        let value = share * 100
        guard value > 0 else { return nil }
        let decimals = max(1, 1 - Int(log10(value).rounded(.down)))
        return String(format: "%.\(decimals)f %%", value)
    }

    /// "In Ukraine: RU holds 113,655 km² (18.8 %), UA 485,729 km² (80.5 %), contested 1,028 km² (0.17 %)":
    /// the other countries' sides first (even holding nothing), any other side present, then
    /// the country's own side, and contested last.
    static func line(_ row: ControlSummary.CountryRow, countries: [Country]) -> String {
        let own = row.country.code
        let sides = sideCodes(row.sides)
        let foreign = countries.map(\.code).filter { $0 != own }
        let others = sides.keys.filter { $0 != own && $0 != Side.contested.code && !foreign.contains($0) }.sorted()
        let shown = foreign + others + [own, Side.contested.code].filter { sides[$0] != nil }
        let parts = shown.enumerated().map { index, side in
            let km2 = sides[side] ?? 0
            let share = percent(row.share(Side(normalized: side))).map { " (\($0))" } ?? ""
            return "\(side)\(index == 0 ? " holds" : "") \(Output.km2(km2)) km²\(share)"
        }
        return "In \(row.country.name): " + parts.joined(separator: ", ")
    }
}

// MARK: - control

struct Control: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Who holds how many km² at a time, per side and per admin area.",
        discussion: """
            Events up to --at are applied in time order (ties in the order recorded); retracted \
            events are ignored. A date alone means the end of that day UTC. Territory drawn beyond \
            every admin area (areas and snapshots are taken as drawn) is reported as `outside`. \
            Without --area, or with a country's code, the report leads with each country: what \
            each side holds of it, in km² and as a share of its official area.
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant (ISO 8601 date or date-time).", valueName: "time"))
    var at: String

    @Flag(help: "Print JSON.")
    var json = false

    struct AreaJSON: Encodable { let iso: String; let name: String; let sides: [String: KM2] }
    struct OutsideJSON: Encodable { let sides: [String: KM2] }
    struct CountryJSON: Encodable { let km2: Double; let officialKm2: Double; let sides: [String: CountryKM2] }
    struct ReportJSON: Encodable {
        let at: String
        let view: String
        let sides: [String: KM2]
        let areas: [AreaJSON]
        let countries: [String: CountryJSON]?
        let outside: OutsideJSON?
    }

    func run() throws {
        let at = try queryTime(at, option: "--at")
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let map = try session.map(at: at, view: view)
        let summary = ControlSummary(map: map, territory: session.territory, selection: session.selection)
        if json {
            let countries = Dictionary(uniqueKeysWithValues: summary.countries.map { row in
                (row.country.code, CountryJSON(km2: KM2(row.km2).km2, officialKm2: row.country.officialKm2,
                                               sides: sideCodes(row.sides).mapValues { CountryKM2($0, of: row.country) }))
            })
            try Output.printJSON(ReportJSON(
                at: at.iso8601, view: view.description, sides: sidesJSON(summary.sides),
                areas: summary.areas.map { AreaJSON(iso: $0.iso, name: $0.name, sides: sidesJSON($0.sides)) },
                countries: countries.isEmpty ? nil : countries,
                outside: summary.outside.isEmpty ? nil : OutsideJSON(sides: sidesJSON(summary.outside))))
            return
        }
        let sides = Set(summary.sides.keys).union(summary.outside.keys).sorted()
        Output.say("Control at \(at.iso8601), view \(VisibleText.escaped(view.description)):")
        // Whole countries first: "occupied" is what another side holds of a country.
        for row in summary.countries { Output.say(CountryText.line(row, countries: session.territory.countries)) }
        if !summary.countries.isEmpty { Output.say() }
        var rows = summary.areas.map { row in [row.iso, row.name] + sides.map { Output.km2(row.sides[$0] ?? 0) } }
        rows.append(["", "total"] + sides.map { Output.km2(summary.sides[$0] ?? 0) })
        if !summary.outside.isEmpty {
            rows.append(["", "outside"] + sides.map { Output.km2(summary.outside[$0] ?? 0) })
        }
        Output.say(Output.table(["area", "name"] + sides.map { "\($0) km²" }, rows,
                           rightAligned: Set(2..<(2 + sides.count))))
    }
}

// MARK: - change

struct Change: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "The area that changed hands between two instants.",
        discussion: """
            --from 2022-09-06 --to 2022-09-13 covers 7 to 13 September (a date alone is the end of \
            that day). For people, each side's gains are given confirmed and then as each claimant \
            with claims in the log tells it (view claimant:NAME), one line each: the range reports \
            of an offensive argue about; per country without --area or with a country's code. \
            --json also gives each side's gains under its own claims (view claimed:SIDE).
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The earlier instant.", valueName: "time"))
    var from: String

    @Option(help: ArgumentHelp("The later instant.", valueName: "time"))
    var to: String

    @Flag(help: "Print JSON.")
    var json = false

    struct AreaKM2: Encodable { let iso: String; let km2: Double }
    struct TransferJSON: Encodable {
        let from: String
        let to: String
        let km2: Double
        let areas: [AreaKM2]
        let countries: [String: CountryKM2]?
    }
    struct PlaceJSON: Encodable { let id: Int; let name: String; let area: String; let from: String; let to: String; let at: String? }
    struct GainJSON: Encodable { let confirmed: Double; let claimed: Double; let byClaimant: [String: Double] }
    struct ReportJSON: Encodable {
        let from: String
        let to: String
        let view: String
        let transfers: [TransferJSON]
        let places: [PlaceJSON]
        let gains: [String: GainJSON]?
        /// Country → side → its gains there.
        let countryGains: [String: [String: GainJSON]]?
    }

    func run() throws {
        let t1 = try queryTime(from, option: "--from")
        let t2 = try queryTime(to, option: "--to")
        guard t1 <= t2 else { throw ControlError.emptyInterval(from: from, to: to) }
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let report = try session.service.change(from: t1, to: t2, view: view)
        ControlSession.warn(report.warnings)
        let result = report.change
        // The countries reported whole, split apart: nil for one area.
        let countries: [Country]? = switch session.selection {
        case .none: session.territory.countries
        case .some(let selection): selection.country.map { [$0] }
        }
        // The claimed range: each side's gains under its own maximal view, and as each
        // claimant tells it.
        let gains = Dictionary(uniqueKeysWithValues: report.gains.map { ($0.key.code, $0.value) }), claimants = report.claimants
        func r(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }
        if json {
            func split(_ transfer: ControlChange.Transfer) -> [String: CountryKM2]? {
                guard let countries else { return nil }
                return Dictionary(uniqueKeysWithValues: transfer.countries.compactMap { code, km2 in
                    countries.first { $0.code == code }.map { (code, CountryKM2(km2, of: $0)) }
                })
            }
            var countryGains: [String: [String: GainJSON]]?
            if let countries, view == .confirmed {
                var split: [String: [String: GainJSON]] = [:]
                for country in countries {
                    split[country.code] = [:]
                    for (side, gain) in gains {
                        let confirmed = gain.confirmed.countries[country.code] ?? 0, claimed = gain.claimed.countries[country.code] ?? 0
                        let told = gain.byClaimant.mapValues { r($0.countries[country.code] ?? 0) }
                        if confirmed > 0 || claimed > 0 || told.values.contains(where: { $0 > 0 }) {
                            split[country.code]![side] = GainJSON(confirmed: r(confirmed), claimed: r(claimed), byClaimant: told)
                        }
                    }
                }
                countryGains = split
            }
            try Output.printJSON(ReportJSON(
                from: t1.iso8601, to: t2.iso8601, view: view.description,
                transfers: result.transfers.map { t in
                    TransferJSON(from: t.from.code, to: t.to.code, km2: r(t.km2), areas: t.areas.map { AreaKM2(iso: $0.iso, km2: r($0.km2)) },
                                 countries: split(t))
                },
                places: result.places.map { PlaceJSON(id: $0.id, name: $0.name, area: $0.areaISO, from: $0.from.code, to: $0.to.code, at: $0.at?.iso8601) },
                gains: view == .confirmed ? gains.mapValues {
                    GainJSON(confirmed: r($0.confirmed.total), claimed: r($0.claimed.total), byClaimant: $0.byClaimant.mapValues { r($0.total) })
                } : nil,
                countryGains: countryGains))
            return
        }
        Output.say("Change from \(t1.iso8601) to \(t2.iso8601), view \(VisibleText.escaped(view.description)):")
        func gained(_ prefix: String, _ side: String, _ gain: SideGains, _ figure: (Gain) -> Double) {
            for line in GainsText.lines(prefix: prefix, side: side, gain: gain, claimants: claimants, figure) {
                Output.say("  " + line)
            }
        }
        let sortedGains = gains.sorted { $0.key < $1.key }
        if let countries {
            // Per country, so that Russia retaking its own ground is not a gain in Ukraine; what
            // rounds to a km² or more, as below.
            for country in countries {
                for (side, gain) in sortedGains { gained("In \(country.name): ", side, gain) { $0.countries[country.code] ?? 0 } }
            }
            // Beyond every area: where drawn maps and GeoData's borders differ; what rounds to a km² or more.
            for (side, gain) in sortedGains { gained("Beyond every area: ", side, gain) { $0.outside } }
        } else {
            for (side, gain) in sortedGains { gained("", side, gain) { $0.total } }
        }
        // Drawn maps differ by slivers along every line; people see what rounds to a km² or more.
        let shown = result.transfers.filter { $0.km2 >= 0.5 }
        if shown.isEmpty { Output.say("No territory changed hands.") }
        let names = Dictionary(uniqueKeysWithValues: session.territory.areas.map { ($0.iso, $0.name) })
        for transfer in shown {
            // Split by country when it spans more than one (or reaches beyond every area), by
            // what rounds to a km² or more.
            var parts = transfer.countries.filter { $0.km2 >= 0.5 }.compactMap { code, km2 in
                countries?.first { $0.code == code }.map { "in \($0.name) \(Output.km2(km2)) km²" }
            }
            if let outside = transfer.areas.first(where: { $0.iso == "outside" }), outside.km2 >= 0.5 {
                parts.append("beyond every area \(Output.km2(outside.km2)) km²")
            }
            let split = countries != nil && parts.count > 1 ? " (" + parts.joined(separator: ", ") + ")" : ""
            Output.say("\n\(VisibleText.escaped(transfer.from.code)) → \(VisibleText.escaped(transfer.to.code)): \(Output.km2(transfer.km2)) km²\(split)")
            Output.say(Output.table(["area", "name", "km²"],
                               transfer.areas.map { [$0.iso, names[$0.iso] ?? $0.iso, Output.km2($0.km2)] },
                               rightAligned: [2]))
        }
        if shown.count < result.transfers.count {
            let rest = result.transfers.count - shown.count
            Output.say("\n(\(rest) transfer\(rest == 1 ? "" : "s") under 0.5 km² not shown; --json lists them)")
        }
        if !result.places.isEmpty {
            Output.say("\nSettlements that changed hands (\(result.places.count)):")
            Output.say(Output.table(["at", "settlement", "area", "from", "to"],
                               result.places.map { [$0.at?.iso8601 ?? "", $0.name, $0.areaISO, $0.from.code, $0.to.code] }))
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

    @Option(help: ArgumentHelp(
        "Also draw the chart of km² per side as SVG here: over --area, or Ukraine; a country's own side over its own land is not drawn.",
        valueName: "file.svg"))
    var svg: String?

    struct AreaJSON: Encodable { let iso: String; let sides: [String: KM2] }
    struct RowJSON: Encodable { let at: String; let sides: [String: KM2]; let areas: [AreaJSON] }

    /// The claimants of the claims (not retracted) among `events`, one spelling per name
    /// without regard to case (as ``ControlView/claimant(_:)`` matches them), by name.
    static func claimants(of events: [ControlEvent]) -> [String] {
        var seen: [String: String] = [:]
        for event in events where event.status == .claimed && !event.isRetracted && !event.claimant.isEmpty {
            let key = event.claimant.lowercased()
            if seen[key] == nil { seen[key] = event.claimant }
        }
        return seen.values.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }

    func run() throws {
        let t1 = try queryTime(from, option: "--from")
        let t2 = try queryTime(to, option: "--to")
        guard t1 <= t2 else { throw ControlError.emptyInterval(from: from, to: to) }
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let steps: [Step: Int64] = [.day: 86_400_000, .week: 7 * 86_400_000]
        if let step = steps[every] {
            // Counted before anything is loaded: a typo in --from fails at once.
            let count = ControlTimeline.instantCount(from: t1, to: t2, step: step)
            guard count <= ControlTimeline.maximumInstants else {
                throw ControlError.tooManyInstants(count: count, step: every.rawValue)
            }
        }
        let events = try session.events(to: t2)
        let instants: [EventTime]
        switch every {
        case .day, .week: instants = ControlTimeline.instants(from: t1, to: t2, step: steps[every]!)
        case .event: instants = ControlTimeline.eventInstants(from: t1, to: t2, events: events, view: view)
        }
        guard instants.count <= ControlTimeline.maximumInstants else {
            throw ControlError.tooManyInstants(count: instants.count, step: every.rawValue)
        }
        let progress = Progress(total: instants.count, label: "timeline")
        let (geoData, tessellation) = (session.territory.geoData, session.territory.tessellation)
        let computed = try Trace.measure("maps and summaries at \(instants.count) instants") {
            try ControlTimeline.summaries(at: instants, view: view, events: events, selection: session.selection,
                                          territory: { try Territory(geoData: geoData, tessellation: tessellation) },
                                          done: { progress.advance() })
        }
        progress.finish()
        ControlSession.warn(computed.flatMap(\.warnings))
        let rows = computed.map(\.summary)
        if let svg {
            // The chart's scope: the areas asked for, or Ukraine, where a month's few hundred km²
            // show against the occupied territory; the country's own side is background.
            let scope = try session.selection ?? session.territory.selection(Country.ukraine.code)
            let country = session.territory.areas[scope.indices[0]].country
            let chartRows = session.selection != nil ? rows : rows.map { row in
                ControlSummary(at: row.at, view: row.view, sides: row.country(scope.code)?.sides ?? [:])
            }
            let labels = Self.labels(instants, events: events, view: view, territory: session.territory, selection: scope)
            try Render.write(ChartSVG().render(rows: chartRows, labels: labels, title: "\(scope.name): km² held per side (view \(view))",
                                               background: [Side(normalized: country)]), to: svg)
        }
        if json {
            try Output.printJSON(rows.map { row in
                RowJSON(at: row.at.iso8601, sides: sidesJSON(row.sides),
                        areas: row.areas.map { AreaJSON(iso: $0.iso, sides: sidesJSON($0.sides)) })
            })
            return
        }
        let sides = Set(rows.flatMap { $0.sides.keys }).sorted()
        Output.say(Output.table(["at"] + sides.map { "\($0) km²" },
                           rows.map { row in [row.at.iso8601] + sides.map { Output.km2(row.sides[$0] ?? 0) } },
                           rightAligned: Set(1...max(1, sides.count))))
    }
}

extension Timeline {
    /// What happened at each instant: the settlements its events name (in `selection`'s areas,
    /// when given), the first few.
    static func labels(_ instants: [EventTime], events: [ControlEvent], view: ControlView, territory: Territory,
                       selection: AreaSelection? = nil) -> [String] {
        var byTime: [Int64: [String]] = [:]
        for event in events where view.includes(event) {
            guard let id = event.placeID, let settlement = territory.geoData.settlement(id: id) else { continue }
            if let selection, !selection.contains(iso: settlement.areaISO) { continue }
            let name = settlement.name
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
            side holds the whole segment, with its `state` for that side: open, under-fire or cut, \
            and `fireKm`). Every feature has \
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
                    throw ValidationError("unknown layer '\(VisibleText.escaped(trimmed))' (one of \(ControlExport.Layer.allCases.map(\.rawValue).joined(separator: ", ")))")
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
                                          selection: session.selection, withGeometry: true, events: events)
            }
        } else {
            map = try session.map(at: at, view: view)
        }
        let hubs = chosen.contains(.hubs) || chosen.contains(.routes)
            ? HubAnalysis(territory: session.territory, logistics: try session.territory.geoData.logistics()) : nil
        let features = try ControlExport.features(map: map, change: change, layers: chosen, territory: session.territory,
                                                  selection: session.selection, hubs: hubs)
        let bytes = try GeoJSONWriter().write(FeatureCollection(features: features))
        if let output {
            do {
                try Data(bytes).write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw IOFailure(path: output, reason: "cannot write: \(error.localizedDescription)")
            }
            FileHandle.standardError.write(Data("wrote \(features.count) features to \(VisibleText.escaped(output))\n".utf8))
        } else {
            Output.write(bytes)
        }
    }
}
