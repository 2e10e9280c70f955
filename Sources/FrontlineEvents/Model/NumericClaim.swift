import FrontlineGeometry
import FrontlineSupport

/// A figure someone gave for the ground a side gained: "SIDE gained KM2 km² between FROM and TO
/// (in AREA)", said by CLAIMANT at AT, as SOURCE reports (`frontline claims add`). An entry of the
/// log's hash chain, like an event; never edited, retracted with a reason like an event.
///
/// `from` and `to` are kept as written. A date alone spans whole days: as `from` it is the start
/// of that day ("since 6 September" counts the 6th), as `to` its end (``window``).
public struct NumericClaim: Hashable, Sendable {
    /// A ULID, as an event's (``EventIDGenerator``); no event has the same.
    public var id: String
    public var claimant: String
    public var source: String
    public var url: String?
    /// When the claim was made.
    public var at: EventTime
    /// The side said to have gained the ground (never `contested`).
    public var side: Side
    public var km2: Double
    public var from: EventTime
    public var to: EventTime
    /// An admin area's ISO 3166-2 code (`UA-63`) or a country's code (`UA`); nil for the whole map.
    public var area: String?
    public var note: String?
    public var recordedAt: EventTime
    /// The claim's position in the log's hash chain.
    public var sequence: Int64
    public var retraction: Retraction?

    public var isRetracted: Bool { retraction != nil }

    /// The instants the claim spans: `from` (a date alone: the start of that day) to `to` (a
    /// date alone: the end of that day).
    public var window: (from: EventTime, to: EventTime) { NumericClaimDraft.window(from: from, to: to) }
}

/// A numeric claim as the user gives it, before the log numbers it.
public struct NumericClaimDraft: Hashable, Sendable {
    public var claimant: String
    public var source: String
    public var url: String?
    public var at: EventTime
    /// The side as written (a code in any case, or a built-in side's name): ``validated(sides:)``
    /// checks it against the log's sides and makes it the ``Side/code`` a ``NumericClaim`` holds.
    public var side: String
    public var km2: Double
    public var from: EventTime
    public var to: EventTime
    public var area: String?
    public var note: String?

    public init(claimant: String, source: String, url: String? = nil, at: EventTime, side: String, km2: Double,
                from: EventTime, to: EventTime, area: String? = nil, note: String? = nil) {
        self.claimant = claimant
        self.source = source
        self.url = url
        self.at = at
        self.side = side
        self.km2 = km2
        self.from = from
        self.to = to
        self.area = area
        self.note = note
    }

    /// The largest figure accepted before the area is known: more than Russia and Ukraine
    /// together. The commands also hold a figure to the area it names (``NumericClaimLimits``).
    public static let maxKm2 = 20_000_000.0

    static func window(from: EventTime, to: EventTime) -> (from: EventTime, to: EventTime) {
        let end = to.precision == .day
            ? EventTime(millisecondsSinceEpoch: to.millisecondsSinceEpoch + EventTime.millisecondsPerDay - 1, precision: .millisecond)
            : to
        return (from, end)
    }

    /// The claim as it will be stored: text fields trimmed (an empty url, note or area left
    /// out), the side a code the log knows, the area upper-case; or the first field that cannot
    /// be accepted. `area` is checked for its form here; whether it names an area is the
    /// caller's to check (the log does not know the map).
    public func validated(sides: KnownSides) throws -> NumericClaimDraft {
        var draft = self
        func text(_ value: String, _ field: FieldRules.Field, name: String, required: Bool) throws -> String? {
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if required { throw EventFieldError("is required", field: name) }
                return nil
            }
            if let problem = FieldRules.problem(trimmed, as: field) { throw EventFieldError(problem, field: name) }
            return trimmed
        }
        draft.claimant = try text(claimant, .claimant, name: "claimant", required: true)!
        draft.source = try text(source, .source, name: "source", required: true)!
        draft.url = try url.flatMap { try text($0, .url, name: "url", required: false) }
        draft.note = try note.flatMap { try text($0, .note, name: "note", required: false) }
        do { draft.side = try sides.code(for: side) } catch let error as EventFieldError { throw error.on("side") }
        if draft.side == Side.contested.code {
            throw EventFieldError("contested gains no ground: a claim is of a side's gains (known: \(sides.listing))", field: "side")
        }
        guard km2.isFinite, km2 > 0 else {
            throw EventFieldError("must be a number of km² greater than 0, not \(km2)", field: "km2")
        }
        guard km2 <= Self.maxKm2 else {
            throw EventFieldError("\(km2) km² is more than Russia and Ukraine together (a typo?)", field: "km2")
        }
        let window = Self.window(from: from, to: to)
        guard window.from < window.to else {
            throw EventFieldError("\(from.iso8601) is not before --to \(to.iso8601): a claim spans a time", field: "from")
        }
        // A claim speaks of what has happened: its window ends by the day it was made.
        let said = Self.window(from: at, to: at).to
        guard window.to <= said || to.millisecondsSinceEpoch <= said.millisecondsSinceEpoch else {
            throw EventFieldError("\(to.iso8601) is after the claim was made (--at \(at.iso8601)): a claim is of ground already gained",
                                  field: "to")
        }
        if let area {
            let trimmed = area.trimmingCharacters(in: .whitespaces).uppercased()
            guard !trimmed.isEmpty, trimmed.count <= 16,
                  trimmed.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
                throw EventFieldError("'\(VisibleText.escaped(area))' is not an area code (an ISO 3166-2 code such as UA-63, or a country such as UA)",
                                      field: "area")
            }
            draft.area = trimmed
        }
        return draft
    }
}
