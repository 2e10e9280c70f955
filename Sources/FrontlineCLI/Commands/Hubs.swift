import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

struct Hubs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Logistics hubs: who holds them, their lines of communication, and how near they are to encirclement.",
        discussion: """
            With --at: each hub's status at that time, most urgent first, then each hub's lines \
            of communication with their state. With --from and --to: each hub's changes of \
            holder or status at the events between them. A line of communication is a route \
            from the hub to a rear anchor its holder holds (a route into the enemy's ground is \
            the enemy's axis, not a line); it is cut where it crosses ground another side holds \
            or contests, under fire control where it runs within --fire-km of that ground on its \
            flank. Statuses, least to most urgent: secure; under pressure (front within \
            --pressure-km, or a line under fire control or cut); threatened (--threatened-share \
            of the lines or more cut or under fire control); nearly encircled (one line of \
            several left, or every open line under fire control); cut off (no line open); \
            contested (the hub's own cell is); held by other side (with --side, or after the \
            hub changes hands in --from/--to).
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("With --to: the changes from this instant.", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("With --from: the changes up to this instant.", valueName: "time"))
    var to: String?

    @Option(help: ArgumentHelp("With --at: follow this side; hubs another side holds are 'held by other side'.", valueName: "side"))
    var side: String?

    /// The widest ring: 1,000 km is about the theatre's width (Kharkiv to Odesa is 560 km).
    static let maximumRingKm = 1_000.0
    /// Fire reach, front distance and the axis cut-off beyond 1,000 km would mean nothing.
    static let maximumKm = 1_000.0

    @Option(help: "Radius of the ring for encirclement, km (at most 1,000).")
    var ringKm = HubThresholds().ringKm

    @Option(help: "A line within this distance of the other side's ground, on its flank, is under fire control, km.")
    var fireKm = HubThresholds().fireKm

    @Option(help: "Under pressure when the front is this close, km.")
    var pressureKm = HubThresholds().pressureKm

    @Option(help: "Threatened from this share (0–1) of the lines cut or under fire control.")
    var threatenedShare = HubThresholds().threatenedShare

    @Option(help: "A way to the rear crossing more of the other side's ground than this, km, is its axis, not a line.")
    var axisKm = HubThresholds().axisKm

    @Option(help: "A line counts as under fire control from this many km of it, km.")
    var minFireKm = HubThresholds().minFireKm

    @Option(help: "Fire control counts where the nearest enemy ground lies at least this many degrees from the way back to the hub.")
    var flankDegrees = HubThresholds().flankDegrees

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        switch (at, from, to) {
        case (.some, nil, nil), (nil, .some, .some): break
        default: throw ValidationError("give --at, or --from and --to")
        }
        if side != nil && at == nil { throw ValidationError("--side goes with --at (--from/--to follow each hub's holder at --from)") }
        if let side {
            do { _ = try Side(side) } catch let error as EventFieldError { throw ValidationError("--side: \(error.problem)") }
        }
        // NaN fails every comparison; an infinity passes them but is no distance (a ring of
        // infinite radius has no circle to draw), nor is a ring wider than the theatre.
        guard ringKm > 0, ringKm <= Self.maximumRingKm,
              fireKm >= 0, fireKm <= Self.maximumKm, pressureKm >= 0, pressureKm <= Self.maximumKm,
              axisKm >= 0, axisKm <= Self.maximumKm, minFireKm >= 0, minFireKm <= Self.maximumKm,
              flankDegrees >= 0, flankDegrees <= 180, (0...1).contains(threatenedShare) else {
            throw ValidationError("thresholds: 0 < --ring-km ≤ \(Int(Self.maximumRingKm)); 0 ≤ --fire-km, --pressure-km, --axis-km, --min-fire-km ≤ \(Int(Self.maximumKm)); 0 ≤ --flank-degrees ≤ 180; 0 ≤ --threatened-share ≤ 1")
        }
    }

    struct CutJSON: Encodable { let km: Double; let from: String; let to: String }
    struct LineJSON: Encodable {
        let route: String, name: String, ref: String?, kind: String, toward: String, rear: String, state: String
        let km: Double, fireKm: Double, cutKm: Double, cutAt: CutJSON?
    }
    struct HubJSON: Encodable {
        let id: String, name: String, place: Int, kind: String, side: String?, status: String
        let frontKm: Double?, encirclement: Double, routesOpen: Int, routesTotal: Int, axes: Int, lines: [LineJSON]
    }
    struct TransitionJSON: Encodable { let at: String; let side: String?; let status: String }
    struct HistoryJSON: Encodable { let id: String; let name: String; let transitions: [TransitionJSON] }

    static func round(_ v: Double) -> Double { (v * 1000).rounded() / 1000 }

    static func lineJSON(_ line: HubLine) -> LineJSON {
        LineJSON(route: line.route.id, name: line.route.name, ref: line.route.ref, kind: line.route.kind.rawValue,
                 toward: line.toward.name, rear: line.rear.name, state: line.state.rawValue, km: round(line.km),
                 fireKm: round(line.fireKm), cutKm: round(line.cutKm),
                 cutAt: line.cutAt.map { CutJSON(km: round($0.km), from: $0.from.name, to: $0.to.name) })
    }

    /// "M-03 toward Sloviansk, to Kharkiv (182 km): under fire control 4.5 km" and the like.
    static func describe(_ line: HubLine) -> String {
        var text = "\(line.route.ref ?? line.route.name) toward \(line.toward.name), to \(line.rear.name) (\(String(format: "%.0f", line.km)) km): "
        switch line.state {
        case .open: text += "open"
        case .underFire: text += String(format: "under fire control %.1f km", line.fireKm)
        case .cut:
            text += "cut"
            if let at = line.cutAt { text += String(format: " %.1f km from the hub, between %@ and %@", at.km, at.from.name, at.to.name) }
            text += String(format: " (%.1f km held or contested by the other side", line.cutKm)
            text += line.fireKm > 0 ? String(format: ", %.1f km under fire control)", line.fireKm) : ")"
        }
        return text
    }

    func run() throws {
        let view = try options.parsedView()
        let session = try ControlSession(options)
        var thresholds = HubThresholds()
        thresholds.ringKm = ringKm
        thresholds.fireKm = fireKm
        thresholds.pressureKm = pressureKm
        thresholds.threatenedShare = threatenedShare
        thresholds.axisKm = axisKm
        thresholds.minFireKm = minFireKm
        thresholds.flankDegrees = flankDegrees
        let followed = try side.map { try Side($0) }  // checked in validate()
        // With --area, the hubs in its areas; routes and rear anchors stay whole.
        var logistics = try session.territory.geoData.logistics()
        if let selection = session.selection {
            logistics = Logistics(hubs: logistics.hubs.filter { selection.contains(iso: $0.settlement.areaISO) },
                                  routes: logistics.routes, rear: logistics.rear)
        }
        let analysis = HubAnalysis(territory: session.territory, logistics: logistics, thresholds: thresholds)

        if let at {
            let instant = try queryTime(at, option: "--at")
            let map = try session.map(at: instant, view: view)
            let perspective = followed.map { side in Dictionary(uniqueKeysWithValues: logistics.hubs.map { ($0.id, side) }) } ?? [:]
            let statuses = try analysis.evaluate(map, perspective: perspective).hubs.sorted {
                ($0.condition, $0.hub.importance, -($0.frontKm ?? .infinity)) > ($1.condition, $1.hub.importance, -($1.frontKm ?? .infinity))
            }
            let round = Self.round
            if json {
                try Output.printJSON(statuses.map {
                    HubJSON(id: $0.hub.id, name: $0.hub.settlement.name, place: $0.hub.settlement.id, kind: $0.hub.kind.rawValue,
                            side: $0.side?.code, status: $0.condition.rawValue, frontKm: $0.frontKm.map(round),
                            encirclement: round($0.encirclement), routesOpen: $0.routesOpen, routesTotal: $0.routesTotal,
                            axes: $0.axes, lines: $0.lines.map(Self.lineJSON))
                })
                return
            }
            Output.say("Hubs at \(instant.iso8601), view \(VisibleText.escaped(view.description))"
                       + (followed.map { ", following \(VisibleText.escaped($0.code))" } ?? "") + ":")
            Output.say(Output.table(
                ["hub", "area", "kind", "held by", "status", "front km", "ring", "lines open", "under fire", "cut"],
                statuses.map {
                    [$0.hub.settlement.name, $0.hub.settlement.areaISO, $0.hub.kind.rawValue, $0.side?.code ?? "-", $0.condition.label,
                     $0.frontKm.map { String(format: "%.1f", $0) } ?? "-", String(format: "%.0f%%", $0.encirclement * 100),
                     "\($0.routesOpen)/\($0.routesTotal)", "\($0.lines.filter { $0.state == .underFire }.count)",
                     "\($0.lines.filter { $0.state == .cut }.count)"]
                }, rightAligned: [5, 6, 7, 8, 9]))
            Output.say("\nLines of communication (to a rear anchor the holder holds):")
            for status in statuses {
                var head = "\(status.hub.settlement.name) (\(status.side?.code ?? "nobody"), \(status.condition.label))"
                if status.atRear { head += ", itself a rear anchor" }
                if status.axes > 0 { head += ", \(status.axes) route\(status.axes == 1 ? "" : "s") into the other side's ground" }
                Output.say(VisibleText.escaped(head) + (status.lines.isEmpty ? ": no line" : ":"))
                for line in status.lines { Output.say("  " + VisibleText.escaped(Self.describe(line))) }
            }
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
                    TransitionJSON(at: $0.at.iso8601, side: $0.side?.code, status: $0.condition.rawValue)
                })
            })
            return
        }
        Output.say("Hubs from \(t1.iso8601) to \(t2.iso8601), view \(VisibleText.escaped(view.description)):")
        for entry in history { Output.say(VisibleText.escaped(Self.describe(entry.hub, entry.transitions))) }
    }

    /// "Izium: RU under pressure → cut off 2022-09-09T… → held by contested 2022-09-10T21:49:47Z → …":
    /// a change of holder reads "held by X" (its status then is `held by other side`, or
    /// `contested`, unless X is the side followed from the start: then its status follows).
    static func describe(_ hub: Logistics.Hub, _ transitions: [HubTransition]) -> String {
        var line = hub.settlement.name + ":"
        var side: Side?
        for (index, transition) in transitions.enumerated() {
            if index == 0 {
                line += " \(transition.side?.code ?? "nobody") \(transition.condition.label)"
            } else if transition.side != side {
                line += " → held by \(transition.side?.code ?? "nobody") \(transition.at.iso8601)"
                if ![.heldByOtherSide, .contested].contains(transition.condition) { line += " (\(transition.condition.label))" }
            } else {
                line += " → \(transition.condition.label) \(transition.at.iso8601)"
            }
            side = transition.side
        }
        return line
    }
}
