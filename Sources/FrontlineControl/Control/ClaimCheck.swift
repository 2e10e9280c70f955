import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// A numeric claim ("UA gained 3,800 km² in UA-63 from 6 to 13 September") set against what the
/// maps of the log show for the same side, window and area, in each view that has something to
/// say about that window (``ClaimChecker/views(for:)``).
public struct ClaimCheck {
    public struct Measure {
        public let view: ControlView
        /// km² the side gained on this view's maps over the claim's window and area (its gross
        /// gains: every transfer to the side, as `change` counts them).
        public let km2: Double
        /// `km2` over the claimed km²: 1.9 when the maps show 1.9 times the claim.
        public let ratio: Double
        /// Whose events moved the line in this view over the window, most events first.
        public let sources: [String]
    }

    public let claim: NumericClaim
    /// The confirmed view first, then each claimant's view.
    public let measures: [Measure]
}

/// Sets claims against the maps of one set of events (a log's, up to the latest claim's end),
/// keeping each map it draws for the next claim.
public final class ClaimChecker {
    public let engine: ControlEngine
    public var territory: Territory { engine.territory }
    public let events: [ControlEvent]
    private struct Key: Hashable { let at: Int64; let view: ControlView }
    private var maps: [Key: ControlMap] = [:]
    /// Warnings the maps gave (each once).
    public private(set) var warnings: [String] = []

    public init(engine: ControlEngine, events: [ControlEvent]) {
        self.engine = engine
        self.events = events
    }

    /// The area a claim names, or nil for the whole map; ``ControlError/unknownArea(_:)`` when
    /// the territory has no such area or country.
    public func selection(for claim: NumericClaim) throws -> AreaSelection? {
        try claim.area.map { try territory.selection($0) }
    }

    /// The most km² a claim about `area` (nil: the whole map) can make sense of: the area's
    /// (or the areas') size, official or measured, whichever is larger.
    public static func maxKm2(of area: AreaSelection?, in territory: Territory) -> Double {
        let indices = area?.indices ?? Array(territory.areas.indices)
        return indices.reduce(0) { $0 + max(territory.areas[$1].officialKm2, territory.areas[$1].km2) }
    }

    /// The views with something to say about `claim`'s window: the confirmed one, and that of
    /// each claimant whose claimed events (not retracted) reach the window's end, by name.
    public func views(for claim: NumericClaim) -> [ControlView] {
        let end = claim.window.to
        var names: [String: String] = [:]  // lower-cased → as first written
        for event in events where event.status == .claimed && !event.isRetracted && event.at <= end && !event.claimant.isEmpty {
            let key = event.claimant.lowercased()
            if names[key] == nil { names[key] = event.claimant }
        }
        return [.confirmed] + names.values.sorted().map { ControlView.claimant($0) }
    }

    /// The claim against each view's maps.
    public func check(_ claim: NumericClaim) throws -> ClaimCheck {
        let selection = try selection(for: claim)
        let window = claim.window
        var measures: [ClaimCheck.Measure] = []
        for view in views(for: claim) {
            let change = try ControlChange.compute(from: try map(at: window.from, view: view),
                                                   to: try map(at: window.to, view: view),
                                                   territory: territory, selection: selection)
            let km2 = Self.gains(change, to: claim.side, selection: selection)
            var counts: [String: Int] = [:]
            for event in events where event.at > window.from && event.at <= window.to && view.includes(event) && !event.claimant.isEmpty {
                counts[event.claimant, default: 0] += 1
            }
            let sources = counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map(\.key)
            measures.append(ClaimCheck.Measure(view: view, km2: km2, ratio: km2 / claim.km2, sources: sources))
        }
        return ClaimCheck(claim: claim, measures: measures)
    }

    /// km² `side` gained in `change`, within the selection: an area's, a country's, or (nil)
    /// every country's, leaving out what is drawn beyond every area.
    static func gains(_ change: ControlChange, to side: Side, selection: AreaSelection?) -> Double {
        var total = 0.0
        for transfer in change.transfers where transfer.to == side {
            if let selection, selection.country == nil {
                total += transfer.areas.filter { selection.isos.contains($0.iso) }.reduce(0) { $0 + $1.km2 }
            } else if let country = selection?.country {
                total += transfer.countries.first { $0.code == country.code }?.km2 ?? 0
            } else {
                total += transfer.countries.reduce(0) { $0 + $1.km2 }
            }
        }
        return total
    }

    private func map(at: EventTime, view: ControlView) throws -> ControlMap {
        let key = Key(at: at.millisecondsSinceEpoch, view: view)
        if let map = maps[key] { return map }
        let map = try engine.map(at: at, view: view, events: events)
        for warning in map.warnings where !warnings.contains(warning) { warnings.append(warning) }
        maps[key] = map
        return map
    }
}
