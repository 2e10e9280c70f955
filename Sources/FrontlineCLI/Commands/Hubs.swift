import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

struct Hubs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Logistics hubs: who holds them, how near the front is, and whether their routes are cut.",
        discussion: """
            With --at: each hub's status at that time, most urgent first. With --from and --to: \
            each hub's changes of holder or status at the events between them. A hub is cut-off \
            when no route leaving it reaches its side's rear through that side's territory; \
            contested when it is contested or the front is within --contested-km; threatened \
            when the front is within --threatened-km, --encirclement of the ring of --ring-km \
            around it is another side's or contested, or a route is cut; secure otherwise.
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("With --to: the changes from this instant.", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("With --from: the changes up to this instant.", valueName: "time"))
    var to: String?

    /// The widest ring: 1,000 km is about the theatre's width (Kharkiv to Odesa is 560 km).
    static let maximumRingKm = 1_000.0

    @Option(help: "Radius of the ring for encirclement, km (at most 1,000).")
    var ringKm = HubThresholds().ringKm

    @Option(help: "Contested when the front is this close, km.")
    var contestedKm = HubThresholds().contestedKm

    @Option(help: "Threatened when the front is this close, km.")
    var threatenedKm = HubThresholds().threatenedKm

    @Option(help: "Threatened from this share (0–1) of the ring held by another side or contested.")
    var encirclement = HubThresholds().encirclement

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        switch (at, from, to) {
        case (.some, nil, nil), (nil, .some, .some): break
        default: throw ValidationError("give --at, or --from and --to")
        }
        // NaN fails every comparison; an infinity passes them but is no distance (a ring of
        // infinite radius has no circle to draw), nor is a ring wider than the theatre.
        guard ringKm > 0, ringKm <= Self.maximumRingKm, contestedKm >= 0, threatenedKm >= contestedKm, threatenedKm.isFinite,
              (0...1).contains(encirclement) else {
            throw ValidationError("thresholds: 0 < --ring-km ≤ \(Int(Self.maximumRingKm)), 0 ≤ --contested-km ≤ --threatened-km (finite), 0 ≤ --encirclement ≤ 1")
        }
    }

    struct HubJSON: Encodable {
        let id: String, name: String, place: Int, kind: String, side: String?, status: String
        let frontKm: Double?, encirclement: Double, routesOpen: Int, routesTotal: Int
    }
    struct TransitionJSON: Encodable { let at: String; let side: String?; let status: String }
    struct HistoryJSON: Encodable { let id: String; let name: String; let transitions: [TransitionJSON] }

    func run() throws {
        let view = try options.parsedView()
        let session = try ControlSession(options)
        var thresholds = HubThresholds()
        thresholds.ringKm = ringKm
        thresholds.contestedKm = contestedKm
        thresholds.threatenedKm = threatenedKm
        thresholds.encirclement = encirclement
        // With --area, the hubs in its areas; routes and rear anchors stay whole.
        var logistics = try session.territory.geoData.logistics()
        if let selection = session.selection {
            logistics = Logistics(hubs: logistics.hubs.filter { selection.contains(iso: $0.settlement.areaISO) },
                                  routes: logistics.routes, rear: logistics.rear)
        }
        let analysis = HubAnalysis(territory: session.territory, logistics: logistics, thresholds: thresholds)
        func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

        if let at {
            let instant = try queryTime(at, option: "--at")
            let map = try session.map(at: instant, view: view)
            let statuses = try analysis.evaluate(map).hubs.sorted {
                ($0.condition, $0.hub.importance, -($0.frontKm ?? .infinity)) > ($1.condition, $1.hub.importance, -($1.frontKm ?? .infinity))
            }
            if json {
                try Output.printJSON(statuses.map {
                    HubJSON(id: $0.hub.id, name: $0.hub.settlement.name, place: $0.hub.settlement.id, kind: $0.hub.kind.rawValue,
                            side: $0.side, status: $0.condition.rawValue, frontKm: $0.frontKm.map(round),
                            encirclement: round($0.encirclement), routesOpen: $0.routesOpen, routesTotal: $0.routesTotal)
                })
                return
            }
            Output.say("Hubs at \(instant.iso8601), view \(VisibleText.escaped(view.description)):")
            Output.say(Output.table(
                ["hub", "area", "kind", "held by", "status", "front km", "ring", "routes open"],
                statuses.map {
                    [$0.hub.settlement.name, $0.hub.settlement.areaISO, $0.hub.kind.rawValue, $0.side ?? "-", $0.condition.rawValue,
                     $0.frontKm.map { String(format: "%.1f", $0) } ?? "-", String(format: "%.0f%%", $0.encirclement * 100),
                     "\($0.routesOpen)/\($0.routesTotal)"]
                }, rightAligned: [5, 6, 7]))
            return
        }

        let t1 = try queryTime(from!, option: "--from")
        let t2 = try queryTime(to!, option: "--to")
        guard t1 <= t2 else { throw ControlError.emptyInterval(from: from!, to: to!) }
        let progress = Progress(total: 0, label: "hubs")
        let history = try analysis.transitions(engine: session.engine, events: try session.events(to: t2), view: view,
                                               from: t1, to: t2) { done, total in progress.update(done, of: total) }
        progress.finish()
        if json {
            try Output.printJSON(history.map { entry in
                HistoryJSON(id: entry.hub.id, name: entry.hub.settlement.name, transitions: entry.transitions.map {
                    TransitionJSON(at: $0.at.iso8601, side: $0.side, status: $0.condition.rawValue)
                })
            })
            return
        }
        Output.say("Hubs from \(t1.iso8601) to \(t2.iso8601), view \(VisibleText.escaped(view.description)):")
        for entry in history { Output.say(VisibleText.escaped(Self.describe(entry.hub, entry.transitions))) }
    }

    /// "Izyum: RU threatened → held by contested 2022-09-10T21:49:47Z (contested) → …"
    static func describe(_ hub: Logistics.Hub, _ transitions: [HubTransition]) -> String {
        var line = hub.settlement.name + ":"
        var side: String?
        for (index, transition) in transitions.enumerated() {
            if index == 0 {
                line += " \(transition.side ?? "nobody") \(transition.condition.rawValue)"
            } else if transition.side != side {
                line += " → held by \(transition.side ?? "nobody") \(transition.at.iso8601)"
                if transition.condition != .secure { line += " (\(transition.condition.rawValue))" }
            } else {
                line += " → \(transition.condition.rawValue) \(transition.at.iso8601)"
            }
            side = transition.side
        }
        return line
    }
}
