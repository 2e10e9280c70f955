import Foundation
import FrontlineGeometry
import FrontlineSupport

/// A change of control: from `at`, `subject` is held by `side`, as `claimant` asserts and
/// `source` reports. Events are never edited; a correction is a retraction plus a new event.
public struct ControlEvent: Hashable, Sendable, Identifiable {
    /// A ULID (see ``EventIDGenerator``): unique, printable, sorting by recording time.
    public var id: String
    /// The event's position in the log's hash chain, shared with retractions; it orders events
    /// recorded at the same `at` (replay order is `at`, then `sequence`).
    public var sequence: Int64
    public var at: EventTime
    public var recordedAt: EventTime
    public var subject: EventSubject
    /// Who holds the subject from `at`; nil for snapshots (the parts carry the sides).
    public var side: Side?
    public var status: EventStatus
    public var claimant: String
    public var source: String
    public var url: String?
    public var note: String?
    public var retraction: Retraction?
    /// SHA-256 over the canonical form and the previous entry's hash (``CanonicalForm``).
    public var hash: String

    public var isRetracted: Bool { retraction != nil }

    /// The GeoNames id of a place event.
    public var placeID: Int? {
        if case .place(let id) = subject { return id }
        return nil
    }
}

/// What changed hands.
public enum EventSubject: Hashable, Sendable {
    /// A settlement from the gazetteer, by GeoNames id.
    case place(geonameID: Int)
    /// A drawn area: a valid Polygon or MultiPolygon.
    case area(Geometry)
    /// A full control map of a region at one time (one DeepState map, say).
    case snapshot(Snapshot)

    public var kind: Kind {
        switch self {
        case .place: .place
        case .area: .area
        case .snapshot: .snapshot
        }
    }

    public enum Kind: String, Sendable, CaseIterable {
        case place, area, snapshot
    }
}

/// A control map of a whole region: who holds what at one time. Every part is a valid Polygon or
/// MultiPolygon; what no part covers is, by convention, held by the region's own side.
public struct Snapshot: Hashable, Sendable {
    /// The region the map covers ("UA").
    public var region: String
    public var parts: [Part]

    public struct Part: Hashable, Sendable {
        public var side: Side
        public var geometry: Geometry

        public init(side: Side, geometry: Geometry) {
            self.side = side
            self.geometry = geometry
        }
    }

    public init(region: String, parts: [Part]) {
        self.region = region
        self.parts = parts
    }
}

public enum EventStatus: String, Hashable, Sendable, CaseIterable, Codable {
    /// Asserted by someone (the default: an unverified report is a claim).
    case claimed
    /// Confirmed independently (geolocated footage, both sides agree, …).
    case confirmed

    public init(parsing text: String) throws {
        guard let status = EventStatus(rawValue: text.lowercased()) else {
            throw EventFieldError("'\(VisibleText.escaped(text))' is not a status (claimed or confirmed)")
        }
        self = status
    }
}

/// A retraction: the event stays in the log, marked withdrawn, with the reason.
public struct Retraction: Hashable, Sendable {
    public var eventID: String
    public var reason: String
    public var recordedAt: EventTime
    public var sequence: Int64

    public init(eventID: String, reason: String, recordedAt: EventTime, sequence: Int64) {
        self.eventID = eventID
        self.reason = reason
        self.recordedAt = recordedAt
        self.sequence = sequence
    }
}

/// An event as a user states it, before the log gives it an id, a recording time and a hash.
public struct EventDraft: Hashable, Sendable {
    public var at: EventTime
    public var subject: EventSubject
    /// Who holds the subject from `at`; nil for a snapshot (its parts carry the sides).
    public var side: Side?
    public var status: EventStatus
    public var claimant: String
    public var source: String
    public var url: String?
    public var note: String?

    /// Checks the fields the log cannot check itself (a non-empty source, the free text's
    /// ``FieldRules``) and normalises them; empty `url`/`note` become nil. `side` is ignored for
    /// a snapshot (its parts carry the sides; the draft's side is nil) and required otherwise.
    /// Area geometries must already have passed ``AreaCheck``.
    public init(at: EventTime, subject: EventSubject, side: Side?, status: EventStatus = .claimed,
                claimant: String = "", source: String, url: String? = nil, note: String? = nil) throws {
        try self.init(at: at, subject: subject, side: side.map(Result.success), status: status, claimant: claimant,
                      source: source, url: url, note: note)
    }

    /// With the side as text (``Side/init(_:)``: any case, or a built-in side's name); for a
    /// snapshot any text, `*` say, is ignored.
    public init(at: EventTime, subject: EventSubject, side: String, status: EventStatus = .claimed,
                claimant: String = "", source: String, url: String? = nil, note: String? = nil) throws {
        if let problem = FieldRules.problem(side.trimmingCharacters(in: .whitespacesAndNewlines), as: .side) {
            throw EventFieldError(problem, field: FieldRules.Field.side.rawValue)
        }
        let parsed: Result<Side, EventFieldError>
        do { parsed = .success(try Side(side)) } catch let error as EventFieldError { parsed = .failure(error) }
        try self.init(at: at, subject: subject, side: parsed, status: status, claimant: claimant,
                      source: source, url: url, note: note)
    }

    private init(at: EventTime, subject: EventSubject, side: Result<Side, EventFieldError>?, status: EventStatus,
                 claimant: String, source: String, url: String?, note: String?) throws {
        for (field, text) in [(FieldRules.Field.claimant, claimant), (.source, source), (.url, url), (.note, note)] {
            let stored = field == .note ? text : text?.trimmingCharacters(in: .whitespacesAndNewlines)
            if let stored, let problem = FieldRules.problem(stored, as: field) { throw EventFieldError(problem, field: field.rawValue) }
        }
        self.at = at
        self.subject = subject
        if case .snapshot = subject {
            self.side = nil
        } else {
            switch side {
            case .success(let side): self.side = side
            case .failure(let error): throw error.on("side")
            case nil: throw EventFieldError("is empty; give a side code such as UA or RU, or 'contested'", field: "side")
            }
        }
        self.status = status
        self.claimant = claimant.trimmingCharacters(in: .whitespacesAndNewlines)
        self.source = source.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !self.source.isEmpty else { throw EventFieldError("is required: the outlet or document reporting this", field: "source") }
        self.url = url.flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).nilIfEmpty }
        self.note = note.flatMap { $0.nilIfEmpty }
    }
}

extension EventDraft {
    /// For callers that have already normalised every field as the checking initialiser would
    /// (the importer, which caches side codes).
    init(checked at: EventTime, subject: EventSubject, side: Side?, status: EventStatus, claimant: String,
         source: String, url: String?, note: String?) {
        self.at = at
        self.subject = subject
        self.side = side
        self.status = status
        self.claimant = claimant
        self.source = source
        self.url = url
        self.note = note
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }

    /// Without leading and trailing ASCII whitespace (space, tab, CR, LF); returns `self`
    /// without copying when there is none, which is the common case.
    var trimmedASCII: String {
        let utf8 = self.utf8
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
        // A native string's bytes are at hand; `utf8.last` walks the view's indexes instead.
        let ends = utf8.withContiguousStorageIfAvailable { $0.isEmpty ? nil : ($0[0], $0[$0.count - 1]) }
        guard let (first, last) = ends ?? utf8.first.map({ ($0, utf8.last!) }), isSpace(first) || isSpace(last) else { return self }
        guard let start = utf8.firstIndex(where: { !isSpace($0) }) else { return "" }
        let end = utf8.lastIndex(where: { !isSpace($0) })!
        return String(self[start...end])
    }
}
