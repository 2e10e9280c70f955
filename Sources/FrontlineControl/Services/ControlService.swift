import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// The questions Frontline answers about one event log, for whoever asks: the command line
/// today, the server next. It holds the log, the territory and the areas a report covers, and
/// answers with values (maps, changes, gains); formatting them is the caller's.
///
/// Any ``EventStore`` serves (the SQLite log, or a store of a team's server). One instance
/// serves one thread: its engine owns GEOS state.
public final class ControlService {
    public let store: any EventStore
    public let engine: ControlEngine
    public var territory: Territory { engine.territory }
    /// The areas reports cover (one area, or a country's); nil for every area and `outside`.
    public let selection: AreaSelection?

    public init(store: any EventStore, territory: Territory, selection: AreaSelection? = nil) {
        self.store = store
        self.engine = ControlEngine(territory: territory)
        self.selection = selection
    }

    // MARK: Views

    /// A view must name what the log holds: `claimed:SIDE` a side its events use, and
    /// `claimant:NAME` one of its claimants (any case). Else the view would silently show the
    /// confirmed figures.
    public func check(_ view: ControlView) throws {
        switch view {
        case .confirmed:
            return
        case .claimed(let side):
            let present = try store.sides()
            guard !present.contains(side) else { return }
            throw ViewNotInLog(view: view, missing: "no event in the log is held by side \(side)",
                               present: present.isEmpty ? "the log holds no events" : "sides in the log: " + present.map(\.code).joined(separator: ", "))
        case .claimant(let name):
            guard try !store.hasClaimant(name) else { return }
            let claimants = try store.claimants()
            let shown = claimants.prefix(20).map { "\"\(VisibleText.escaped($0))\"" }.joined(separator: ", ")
                + (claimants.count > 20 ? " and \(claimants.count - 20) more" : "")
            throw ViewNotInLog(view: view, missing: "no event in the log has claimant \"\(name)\"",
                               present: claimants.isEmpty ? "no event in the log names a claimant" : "claimants in the log: " + shown)
        }
    }

    // MARK: Maps

    /// Every event up to `to`, in replay order (views and retractions are applied by the engine).
    public func events(to: EventTime) throws -> [ControlEvent] {
        try Trace.measure("events") { try store.events(matching: EventFilter(to: to)) }
    }

    /// The map at `at` from events already read (several maps of one window share them).
    public func map(at: EventTime, view: ControlView, events: [ControlEvent]) throws -> ControlMap {
        try Trace.measure("map \(at.iso8601) \(view)") { try engine.map(at: at, view: view, events: events) }
    }

    /// The map at `at`, reading the log latest first and only as far back as anything can still
    /// show: for one instant of a long log, the latest events rather than all of them.
    public func map(at: EventTime, view: ControlView) throws -> ControlMap {
        var read = 0
        return try Trace.measure("map \(at.iso8601) \(view), read latest first (\(read) events)") {
            let filter = EventFilter(to: at)
            return try engine.map(at: at, view: view, earliestGeometric: try store.earliestGeometricEvent(to: at)) { consume in
                try store.forEachEventLatestFirst(matching: filter) { read += 1; return try consume($0) }
            }
        }
    }

    // MARK: Accounts

    /// The map at one instant as each account tells it: per view, who holds each of `places`
    /// (settlement ids; nil where no side does) and the km² each side holds in ``selection``.
    /// The range of a day of competing claims, from the confirmed map to each claimant's.
    public func accounts(at: EventTime, views: [ControlView], places: [Int], events: [ControlEvent]) throws -> [Account] {
        try views.map { view in
            let map = try self.map(at: at, view: view, events: events)
            let summary = ControlSummary(map: map, territory: territory, selection: selection)
            let holders = try places.map { try ControlChange.holder(of: $0, on: map, territory: territory) }
            return Account(view: view, holders: holders, km2: summary.sides, warnings: map.warnings)
        }
    }

    // MARK: Change

    /// What changed hands between `from` and `to` in `view`, and, for the confirmed view, each
    /// side's gains as confirmed, under its own claims and as each claimant tells them: the
    /// range reports of an offensive argue about.
    public func change(from: EventTime, to: EventTime, view: ControlView = .confirmed) throws -> ChangeReport {
        let events = try self.events(to: to)
        var warnings: [String] = []
        func change(_ view: ControlView) throws -> ControlChange {
            let before = try map(at: from, view: view, events: events)
            let after = try map(at: to, view: view, events: events)
            for warning in before.warnings + after.warnings where !warnings.contains(warning) { warnings.append(warning) }
            return try ControlChange.compute(from: before, to: after, territory: territory, selection: selection, events: events)
        }
        let result = try change(view)
        var gains: [Side: SideGains] = [:]
        var claimants: [String] = []
        if view == .confirmed {
            claimants = Self.claimants(of: events)
            let byClaimant = try Dictionary(uniqueKeysWithValues: claimants.map { ($0, try change(.claimant($0))) })
            // Every side the log's events name, and every side that gained on any account: a
            // snapshot's own country (the rest of its region) is a side without events of its own.
            let gainers = result.transfers.map(\.to) + byClaimant.values.flatMap { $0.transfers.map(\.to) }
            for side in Set(try store.sides() + gainers).sorted() where side != .contested {
                // Without claims of its own, a side's maximal view is the confirmed one.
                let claims = events.contains { $0.status == .claimed && ControlView.claimed(side: side).includes($0) }
                let claimed = claims ? try change(.claimed(side: side)) : result
                let gain = SideGains(confirmed: Gain(result, to: side), claimed: Gain(claimed, to: side),
                                     byClaimant: byClaimant.mapValues { Gain($0, to: side) })
                if gain.confirmed.total > 0 || gain.claimed.total > 0 || gain.byClaimant.values.contains(where: { $0.total > 0 }) {
                    gains[side] = gain
                }
            }
        }
        return ChangeReport(change: result, gains: gains, claimants: claimants, warnings: warnings)
    }

    /// The claimants of the claims (not retracted) among `events`, one spelling per name
    /// without regard to case (as ``ControlView/claimant(_:)`` matches them), by name.
    public static func claimants(of events: [ControlEvent]) -> [String] {
        var seen: [String: String] = [:]
        for event in events where event.status == .claimed && !event.isRetracted && !event.claimant.isEmpty {
            let key = event.claimant.lowercased()
            if seen[key] == nil { seen[key] = event.claimant }
        }
        return seen.values.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
    }
}

/// One account of the map at an instant (``ControlService/accounts(at:views:places:events:)``).
public struct Account {
    public let view: ControlView
    /// The holder of each place asked about, in the order asked.
    public let holders: [Side?]
    /// Side → km² it holds in the service's selection.
    public let km2: [Side: Double]
    /// What the map warned about.
    public let warnings: [String]
}

/// What changed hands over a window, with each side's gains.
public struct ChangeReport {
    /// The change in the view asked for.
    public let change: ControlChange
    /// Side → its gains; empty unless the view is `confirmed` (the other views are one account).
    public let gains: [Side: SideGains]
    /// The claimants whose accounts `gains` gives, by name.
    public let claimants: [String]
    /// What the maps of the window warned about, each once.
    public let warnings: [String]
}

/// A side's gains over a window, as the maps of each account show them.
public struct SideGains {
    /// In the confirmed view.
    public let confirmed: Gain
    /// In the view `claimed:SIDE`: confirmed events and every claim.
    public let claimed: Gain
    /// In the view `claimant:NAME` of each claimant.
    public let byClaimant: [String: Gain]
}

/// km² a side gained, in all, per country and beyond every area.
public struct Gain {
    public private(set) var total = 0.0
    public private(set) var countries: [String: Double] = [:]
    public private(set) var outside = 0.0

    /// Every transfer of `change` to `side`.
    public init(_ change: ControlChange, to side: Side) {
        for transfer in change.transfers where transfer.to == side {
            total += transfer.km2
            for (code, km2) in transfer.countries { countries[code, default: 0] += km2 }
            outside += transfer.areas.first { $0.iso == "outside" }?.km2 ?? 0
        }
    }
}

/// A view naming a side or a claimant the log does not hold.
public struct ViewNotInLog: Error, CustomStringConvertible {
    public let view: ControlView
    public let missing: String
    public let present: String
    public var description: String { VisibleText.escaped("view \(view): \(missing); \(present)") }
}
