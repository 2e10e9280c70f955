import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// `frontline claims`: figures people gave for the ground a side gained, each against what the
/// maps of the log show; `claims add` records one, `claims retract` withdraws one.
struct Claims: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Numeric claims (\"UA liberated 3,800 km² since 6 September\") against what the maps show.",
        discussion: """
            A claim is "SIDE gained KM2 km² between FROM and TO (in AREA)", said by CLAIMANT at AT, \
            as SOURCE reports: `frontline claims add`. It is an entry of the log's hash chain \
            (`verify` covers it) and is withdrawn, never edited: `frontline retract ID --reason …` \
            (or `claims retract`). `frontline claims` sets each claim that is not retracted against \
            the km² the side gained on the log's maps over the same window and area: in the \
            confirmed view, and in the view of each claimant whose claimed events reach the \
            window's end (claimant:NAME).
            """,
        subcommands: [List.self, Add.self, RetractClaim.self],
        defaultSubcommand: List.self)
}

extension Claims {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "Each claim against the km² the side gained on the maps over its window and area.")

        @OptionGroup var database: DatabaseOptions

        @Option(help: "Only the claims of this claimant (any case).")
        var claimant: String?

        @Flag(help: """
            Print a JSON array of {"id", "claimant", "at", "side", "km2", "from", "to", "area", "measured": [{"view", "km2", "ratio"}]}.
            """)
        var json = false

        func run() throws {
            let store = try database.openForReading()
            // By when they were said, then as recorded.
            var claims = try store.numericClaims().filter { !$0.isRetracted }
                .sorted { ($0.at.millisecondsSinceEpoch, $0.sequence) < ($1.at.millisecondsSinceEpoch, $1.sequence) }
            if let claimant {
                let wanted = claimant.trimmingCharacters(in: .whitespaces)
                claims = claims.filter { $0.claimant.caseInsensitiveCompare(wanted) == .orderedSame }
            }
            let checks = try ClaimReport.check(claims, store: store)
            if json {
                try Output.printJSON(checks.map(ClaimReport.JSON.init))
                return
            }
            guard !checks.isEmpty else {
                Output.say(claimant == nil ? "No numeric claims in the log (record one with `frontline claims add`)."
                                           : "No numeric claims by \(VisibleText.escaped(claimant!)) in the log.")
                return
            }
            Output.say(ClaimReport.table(checks, withIDs: true))
            if ClaimReport.hidden(checks) > 0 {
                Output.say("(claimants' views that show the confirmed figure are left out; --json lists every view)")
            }
            Output.say()
            for check in checks { Output.say(ClaimReport.sentence(check)) }
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record a numeric claim: SIDE gained KM2 km² between FROM and TO (in AREA), said by CLAIMANT at AT.",
            discussion: """
                Times are ISO 8601 (2022-09-13, 2022-09-13T18:00Z). A date alone as --from is the start of \
                that day ("since 6 September" is --from 2022-09-06), as --to its end. --to may not be \
                after the claim was made (--at). --area is an admin area's ISO 3166-2 code (UA-63) or a \
                country's (UA, RU); without it the claim is about every area of the map. KM2 must be \
                more than 0 and no more than the area's size. Prints the claim's id.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockWait: LockWaitOptions

        @Option(help: "Who made the claim (e.g. \"Hanna Maliar, Deputy Defence Minister of Ukraine\").")
        var claimant: String

        @Option(help: "Where it is reported (e.g. \"Interfax-Ukraine, 13 September 2022\").")
        var source: String

        @Option(help: "A link to the source.")
        var url: String?

        @Option(help: ArgumentHelp("When the claim was made.", valueName: "time"))
        var at: String

        @Option(help: "The side said to have gained the ground: UA, RU or a side declared with `frontline sides add`.")
        var side: String

        @Option(help: ArgumentHelp("The km² claimed (a number: 3800, 2500.5).", valueName: "km2"))
        var km2: Double

        @Option(help: ArgumentHelp("The start of the claim's window.", valueName: "time"))
        var from: String

        @Option(help: ArgumentHelp("The end of the claim's window.", valueName: "time"))
        var to: String

        @Option(help: ArgumentHelp("The area the claim is about: ISO 3166-2 code (UA-63) or a country (UA).", valueName: "code"))
        var area: String?

        @Option(help: "Anything else worth keeping (e.g. the exact words).")
        var note: String?

        func run() throws {
            for (field, text) in [("--at", at), ("--from", from), ("--to", to)] {
                if let problem = FieldRules.problem(text.trimmingCharacters(in: .whitespacesAndNewlines), as: .at) {
                    throw EventFieldError(problem, field: field)
                }
            }
            func time(_ text: String, _ field: String) throws -> EventTime {
                // As written (a date stays a date); years 1900–2100, as a query's.
                do { return try EventTime.queryBound(text, endOfDay: false) } catch let error as EventTimeError {
                    throw EventFieldError(error.description, field: field)
                }
            }
            let said = try time(at, "--at")
            guard said.millisecondsSinceEpoch <= EventTime.now().millisecondsSinceEpoch + 86_400_000 else {
                throw EventFieldError(EventTimeError.inFuture(at).description, field: "--at")
            }
            var draft = NumericClaimDraft(claimant: claimant, source: source, url: url, at: said, side: side, km2: km2,
                                          from: try time(from, "--from"), to: try time(to, "--to"), area: area, note: note)
            // The area is the map's business: known, and at least as large as the claim.
            if let area = draft.area?.trimmingCharacters(in: .whitespaces), !area.isEmpty {
                let territory = try Territory.embedded()
                let selection: AreaSelection
                do { selection = try territory.selection(area) } catch let error as ControlError {
                    throw EventFieldError(error.report, field: "--area")
                }
                let limit = ClaimChecker.maxKm2(of: selection, in: territory)
                if km2.isFinite, km2 > limit {
                    throw EventFieldError("\(Output.km2(km2)) km² is more than all of \(selection.name) (\(Output.km2(limit)) km²)", field: "--km2")
                }
                draft.area = selection.code
            } else if km2.isFinite, km2 > 0 {
                let territory = try Territory.embedded()
                let limit = ClaimChecker.maxKm2(of: nil, in: territory)
                if km2 > limit {
                    throw EventFieldError("\(Output.km2(km2)) km² is more than every area of the map together (\(Output.km2(limit)) km²)", field: "--km2")
                }
            }
            let store = try database.open(wait: lockWait)
            let claim: NumericClaim
            do { claim = try store.addClaim(draft) } catch EventStoreError.invalid(let error) {
                throw EventFieldError(error.problem, field: error.field.map { "--" + $0 })
            }
            Output.say(VisibleText.escaped(
                "recorded claim \(claim.id): \(claim.claimant) said at \(claim.at.iso8601) that \(claim.side) gained "
                    + "\(ClaimReport.number(claim.km2)) km² from \(claim.from.iso8601) to \(claim.to.iso8601)"
                    + (claim.area.map { " in \($0)" } ?? "")))
        }
    }

    struct RetractClaim: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retract",
            abstract: "Mark a numeric claim retracted, with the reason (as `frontline retract ID` does). It stays in the log.")

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockWait: LockWaitOptions

        @Argument(help: "The claim's id (see `frontline claims`).")
        var id: String

        @Option(help: "Why it is withdrawn (required).")
        var reason: String

        func run() throws {
            let retraction = try database.openExisting(wait: lockWait).retractClaim(id: id, reason: reason)
            print("retracted claim \(retraction.eventID)")
        }
    }
}

/// How claims are checked and shown, for `claims` and the demo.
enum ClaimReport {
    /// Each claim against the maps of the log (its events up to the latest claim's end).
    static func check(_ claims: [NumericClaim], store: SQLiteEventStore) throws -> [ClaimCheck] {
        guard let end = claims.map({ $0.window.to }).max() else { return [] }
        let events = try store.events(matching: EventFilter(to: end))
        // The places added to the log have their territory too.
        let territory = try FrontlineCLI.territory(of: store)
        return try check(claims, engine: ControlEngine(territory: territory), events: events)
    }

    static func check(_ claims: [NumericClaim], engine: ControlEngine, events: [ControlEvent]) throws -> [ClaimCheck] {
        let checker = ClaimChecker(engine: engine, events: events)
        let checks = try claims.map { try checker.check($0) }
        ControlSession.warn(checker.warnings)
        return checks
    }

    /// `claims --json`: one object per claim.
    struct JSON: Encodable {
        struct Measured: Encodable { let view: String; let km2: Double; let ratio: Double }
        let id: String
        let claimant: String
        let at: String
        let side: String
        let km2: Double
        let from: String
        let to: String
        let area: String?
        let measured: [Measured]

        init(_ check: ClaimCheck) {
            let claim = check.claim
            id = claim.id; claimant = claim.claimant; at = claim.at.iso8601; side = claim.side.code; km2 = claim.km2
            from = claim.from.iso8601; to = claim.to.iso8601; area = claim.area
            measured = check.measures.map {
                Measured(view: $0.view.description, km2: ($0.km2 * 1000).rounded() / 1000, ratio: ($0.ratio * 1000).rounded() / 1000)
            }
        }

        enum Keys: String, CodingKey { case id, claimant, at, side, km2, from, to, area, measured }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(id, forKey: .id)
            try c.encode(claimant, forKey: .claimant)
            try c.encode(at, forKey: .at)
            try c.encode(side, forKey: .side)
            try c.encode(km2, forKey: .km2)
            try c.encode(from, forKey: .from)
            try c.encode(to, forKey: .to)
            if let area { try c.encode(area, forKey: .area) } else { try c.encodeNil(forKey: .area) }
            try c.encode(measured, forKey: .measured)
        }
    }

    /// A claimed figure as given: whole km² grouped (3,800), a fraction kept (2,500.5).
    static func number(_ value: Double) -> String {
        value.rounded() == value ? Output.km2(value)
            : Output.grouped(Int(value.rounded(.down))) + String(format: "%.2f", value.truncatingRemainder(dividingBy: 1)).dropFirst()
    }

    /// "1.9×", "0.52×": two significant digits.
    static func ratio(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "0×" }
        let decimals = max(0, 1 - Int(log10(value).rounded(.down)))
        return String(format: "%.\(decimals)f×", value)
    }

    /// Whose maps a view's figure comes from: "DeepStateMap's maps", "the confirmed maps
    /// (DeepStateMap, ISW)"; for a claimant's view, "with Ukrainian officials' claims, the maps".
    static func whose(_ measure: ClaimCheck.Measure) -> String {
        switch measure.view {
        case .confirmed:
            switch measure.sources.count {
            case 0: return "the confirmed maps"
            case 1: return "\(measure.sources[0])'s maps"
            default: return "the confirmed maps (\(measure.sources.joined(separator: ", ")))"
            }
        case .claimant(let name):
            return "with the claims of \(name), the maps"
        case .claimed(let side):
            return "with \(side)'s claims, the maps"
        }
    }

    /// "2022-09-13  Hanna Maliar: claimed 3,800 km², DeepStateMap's maps show 7,166 km² (1.9×)",
    /// and the other views where they differ from the confirmed one.
    static func sentence(_ check: ClaimCheck) -> String {
        let claim = check.claim
        var text = "\(claim.at.iso8601)  \(claim.claimant): claimed \(number(claim.km2)) km²"
        let confirmed = check.measures.first
        if let confirmed {
            text += ", \(whose(confirmed)) show \(Output.km2(confirmed.km2)) km² (\(ratio(confirmed.ratio)))"
        }
        for measure in shown(check).dropFirst() {
            text += "; \(whose(measure)) show \(Output.km2(measure.km2)) km² (\(ratio(measure.ratio)))"
        }
        return VisibleText.escaped(text)
    }

    /// The views people are shown: the confirmed one, and each other whose figure differs from
    /// it (to the km²); `--json` lists every view.
    static func shown(_ check: ClaimCheck) -> [ClaimCheck.Measure] {
        guard let confirmed = check.measures.first else { return [] }
        return [confirmed] + check.measures.dropFirst().filter { Output.km2($0.km2) != Output.km2(confirmed.km2) }
    }

    /// How many views were left out of the table as the same as the confirmed one.
    static func hidden(_ checks: [ClaimCheck]) -> Int {
        checks.reduce(0) { $0 + $1.measures.count - shown($1).count }
    }

    /// One row per claim and view shown (``shown(_:)``): the claim on its first row, each view's
    /// figure and ratio.
    static func table(_ checks: [ClaimCheck], withIDs: Bool, indent: String = "") -> String {
        var rows: [[String]] = []
        for check in checks {
            let claim = check.claim
            let lead = (withIDs ? [claim.id] : []) + [
                claim.at.iso8601, claim.claimant, claim.side.code, number(claim.km2),
                "\(claim.from.iso8601) – \(claim.to.iso8601)", claim.area ?? "all",
            ]
            for (index, measure) in shown(check).enumerated() {
                let first = index == 0 ? lead : lead.map { _ in "" }
                rows.append(first + [measure.view.description, Output.km2(measure.km2), ratio(measure.ratio)])
            }
        }
        let header = (withIDs ? ["id"] : []) + ["said", "claimant", "side", "claimed km²", "window", "area", "view", "maps km²", "maps/claim"]
        let right: Set<Int> = Set([4, 8, 9].map { withIDs ? $0 : $0 - 1 })
        let table = Output.table(header.enumerated().map { $0.offset == 0 ? indent + $0.element : $0.element },
                                 rows.map { row in row.enumerated().map { $0.offset == 0 ? indent + $0.element : $0.element } },
                                 rightAligned: right)
        return table
    }
}
