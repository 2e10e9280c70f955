import FrontlineGeometry

/// Where events live. The computation layer reads events only through this protocol, so a
/// PostgreSQL/PostGIS store can follow ``SQLiteEventStore`` without touching it. Every method is
/// one transaction; every list comes in replay order (``EventFilter``).
public protocol EventStore: AnyObject {
    /// Appends the events `body` hands to the batch, atomically: when `body` (or the store)
    /// throws, nothing of the batch is kept. The batch gives each event its id, recording time,
    /// chain position and hash. `body` runs while the store holds its write lock, so it may
    /// stream its input (an import reads its files inside it).
    func appendBatch<R>(_ body: (any EventBatch) throws -> R) throws -> R

    /// Marks an event retracted with `reason`. The event stays in the log.
    func retract(eventID: String, reason: String) throws -> Retraction

    /// Calls `body` with each event that passes `filter`, in replay order, without holding all of
    /// them in memory.
    func forEachEvent(matching filter: EventFilter, _ body: (ControlEvent) throws -> Void) throws

    /// Calls `body` with each event that passes `filter`, latest first (replay order reversed),
    /// for as long as `body` returns true: the control at one instant needs only the latest
    /// events of a long log.
    func forEachEventLatestFirst(matching filter: EventFilter, while body: (ControlEvent) throws -> Bool) throws

    /// The replay position of the earliest area or snapshot event at or before `to` (retracted
    /// ones included), nil when there is none: older than that, a log holds only place events.
    func earliestGeometricEvent(to: EventTime?) throws -> ReplayPosition?

    func count(matching filter: EventFilter) throws -> Int

    /// Walks the hash chain from the first entry and reports the first one that does not match.
    func verifyChain() throws -> ChainReport

    /// The storage's own consistency check (for SQLite, `PRAGMA quick_check`: page structure,
    /// NOT NULL and CHECK constraints; and `PRAGMA foreign_key_check`): what it found, or
    /// nothing when the file is sound.
    func checkStorage() throws -> [String]

    /// The sides in use (in events or snapshot parts), sorted by code; a snapshot event's own
    /// `*` is never listed.
    func sides() throws -> [Side]

    /// Declares a side for new events to use (UA, RU and contested need none): an entry of the
    /// chain, kept for good. `code` is normalised (``Side/init(_:)``); a code already
    /// declared, or built in, is refused.
    func declareSide(code: String, name: String) throws -> SideDeclaration

    /// The sides declared in the log, in the order declared.
    func sideDeclarations() throws -> [SideDeclaration]

    /// Adds a settlement to the log (``AddedPlace``): an entry of the chain, with the next id of
    /// the added places' id space. `check` runs inside the write, given every place the log
    /// holds (retracted ones too), and throws when the new one does not fit (its area, its
    /// name): what it sees is what the place is added to.
    func addPlace(_ draft: PlaceDraft, check: ([AddedPlace]) throws -> Void) throws -> AddedPlace

    /// Retracts an added place with `reason`: it no longer resolves and has no territory. Refused
    /// (``EventStoreError/placeInUse(_:name:events:count:)``) while events not retracted name it.
    func retractPlace(id: Int, reason: String) throws -> PlaceRetraction

    /// The places added to the log, retracted ones included, in the order added.
    func addedPlaces() throws -> [AddedPlace]

    /// The distinct non-empty claimants of the log's events (retracted ones included), sorted.
    func claimants() throws -> [String]

    /// Whether an event of the log has claimant `name`, matched without regard to case (as
    /// ``ControlView`` matches claimants).
    func hasClaimant(_ name: String) throws -> Bool

    /// How an import appends to this store (``ImportAppending``); ``ImportAppending/rowByRow``
    /// unless the store says otherwise.
    var importAppending: ImportAppending { get }
}

/// An open batch of appends (see ``EventStore/appendBatch(_:)``): all a store needs to offer an
/// import or a `record`. How a store links, packs and inserts rows faster is its own business
/// (``EventStore/importAppending``).
public protocol EventBatch: AnyObject {
    /// The recording time every event of the batch gets.
    var recordedAt: EventTime { get }
    /// Appends one event and returns it as stored.
    @discardableResult
    func append(_ draft: EventDraft) throws -> ControlEvent
    /// The sides the log knows as the batch begins (built in, declared, or in use), which the
    /// commands that record check each event's side against.
    var acceptedSides: KnownSides { get }
}

/// How an import appends to a store. Any store takes an import ``rowByRow``: the importer checks
/// the rows, puts each window of them in replay order and appends them one by one through
/// ``EventBatch/append(_:)``. ``SQLiteEventStore`` offers its own pipeline instead (rows
/// prepared, linked and packed on a reading thread while its writer inserts): the same log,
/// byte for byte (but for what each batch draws fresh: its recording time and first id), faster.
public struct ImportAppending {
    /// The store's own pipeline, or nil for row by row.
    let pipeline: (any LinkedRowStore)?

    init(pipeline: (any LinkedRowStore)?) { self.pipeline = pipeline }

    /// Each row through ``EventBatch/append(_:)``, on the importer's thread.
    public static var rowByRow: ImportAppending { ImportAppending(pipeline: nil) }

    /// Whether the store's own pipeline appends the rows.
    public var isPipelined: Bool { pipeline != nil }
}

extension EventStore {
    public var importAppending: ImportAppending { .rowByRow }

    /// Appends `drafts` atomically.
    @discardableResult
    public func append(_ drafts: [EventDraft]) throws -> [ControlEvent] {
        try appendBatch { batch in try drafts.map { try batch.append($0) } }
    }

    public func events(matching filter: EventFilter = EventFilter()) throws -> [ControlEvent] {
        var events: [ControlEvent] = []
        try forEachEvent(matching: filter) { events.append($0) }
        return events
    }

    /// Every event, retracted ones included, in replay order.
    public func allEvents() throws -> [ControlEvent] { try events(matching: EventFilter()) }

    public func event(id: String) throws -> ControlEvent? {
        try events(matching: EventFilter(id: id)).first
    }

    /// The sides the log accepts in new events (``KnownSides``).
    public func knownSides() throws -> KnownSides {
        KnownSides(declared: try sideDeclarations(), inUse: try sides().map(\.code))
    }
}

/// Where an event stands in replay order: by `at`, then by chain position.
public struct ReplayPosition: Hashable, Comparable, Sendable {
    public var at: Int64
    public var sequence: Int64

    public init(at: Int64, sequence: Int64) {
        self.at = at
        self.sequence = sequence
    }

    public init(_ event: ControlEvent) {
        self.init(at: event.at.millisecondsSinceEpoch, sequence: event.sequence)
    }

    public static func < (a: ReplayPosition, b: ReplayPosition) -> Bool {
        (a.at, a.sequence) < (b.at, b.sequence)
    }
}

/// Which events to read. Bounds are inclusive instants; results come in replay order: by `at`,
/// then by chain position (events at the same time in the order they were recorded).
public struct EventFilter: Hashable, Sendable {
    public var id: String?
    public var from: EventTime?
    public var to: EventTime?
    public var placeID: Int?
    public var side: Side?
    public var status: EventStatus?
    public var kinds: Set<EventSubject.Kind>?
    public var includeRetracted: Bool

    public init(id: String? = nil, from: EventTime? = nil, to: EventTime? = nil, placeID: Int? = nil,
                side: Side? = nil, status: EventStatus? = nil, kinds: Set<EventSubject.Kind>? = nil,
                includeRetracted: Bool = true) {
        self.id = id
        self.from = from
        self.to = to
        self.placeID = placeID
        self.side = side
        self.status = status
        self.kinds = kinds
        self.includeRetracted = includeRetracted
    }
}

/// What `verifyChain` found.
public struct ChainReport: Hashable, Sendable, CustomStringConvertible {
    /// Entries (events and retractions) checked.
    public var entries: Int
    /// The first entry that does not match, or nil when the chain is intact.
    public var problem: Problem?

    public var isIntact: Bool { problem == nil }

    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The chain position of the first bad entry.
        public var sequence: Int64
        /// "event 01J…" or "retraction of event 01J…", when the entry exists.
        public var entry: String?
        public var reason: String

        public var description: String {
            "entry \(sequence)\(entry.map { " (\($0))" } ?? ""): \(reason)"
        }
    }

    public var description: String {
        if let problem { return "chain broken at \(problem)" }
        return "ok: \(entries) entries"
    }
}
