import FrontlineGeometry

/// A draft made ready for the log, on any thread: checked against what the log stores, its
/// geometries encoded, and the part of its canonical form that its place in the chain does not
/// decide already written (``CanonicalForm/eventBody``). What is left is to number it, name it
/// and chain its hash, in log order (the batch does it, or an ``EventLinker`` on another
/// thread), and to insert it.
///
/// An import prepares and links its rows on the reading thread, so that the writing thread,
/// which SQLite's single writer makes the bottleneck, does as little as it can.
struct PreparedEvent: Sendable {
    /// The recording time the body was written with: it must be the batch's.
    let recordedAt: EventTime
    let atUTC: Int64
    let placeID: Int?
    /// The side code (a short string, kept inline), for the batch to register.
    let side: String
    /// The canonical body (the fields from `at_utc` to the region), then the event's link
    /// (``Link``: zeros until it is linked): one allocation per event, and nothing for the
    /// writing thread to retain but this array. The stored text columns are the body's own
    /// fields (``TextColumn``), bound from where they lie in it.
    var bytes: [UInt8]
    let bodyCount: Int
    /// The event's position in the chain once an ``EventLinker`` has linked it, else 0.
    var seq: Int64 = 0

    /// Where the link's parts lie, from ``bodyCount``: the id, the hash, the previous hash.
    enum Link {
        static let id = 0..<26
        static let hash = 26..<90
        static let previousHash = 90..<154
        static let count = 154
    }
    /// Where each text column starts in `bytes`, and its length (-1 for NULL).
    let columnStarts: SIMD8<Int32>
    let columnLengths: SIMD8<Int32>
    /// Area and snapshot events' geometries; nil for place events.
    let geometry: GeometryColumns?

    /// The bytes the prepared event holds (its buffer and geometries), to bound how many wait.
    var byteCount: Int {
        bytes.count + (geometry.map { ($0.wkb?.count ?? 0) + $0.parts.reduce(0) { $0 + $1.wkb.count } } ?? 0)
    }

    /// The text columns, in the order of ``columnStarts``.
    typealias TextColumn = CanonicalForm.TextFields.Field

    final class GeometryColumns: Sendable {
        let wkb: [UInt8]?
        let box: BoundingBox?
        let region: String?
        let parts: [Part]

        init(wkb: [UInt8]?, box: BoundingBox?, region: String?, parts: [Part]) {
            self.wkb = wkb; self.box = box; self.region = region; self.parts = parts
        }
    }

    struct Part: Sendable {
        let side: String
        let wkb: [UInt8]
        let box: BoundingBox
    }

    /// Prepares `draft` for a batch whose events are recorded at `recordedAt`
    /// (``EventBatch/recordedAt``). Throws ``EventStoreError/invalid(_:)`` for what the log refuses.
    init(_ draft: EventDraft, recordedAt: EventTime) throws {
        try self.init(draft, recordedAt: recordedAt, recordedAtText: recordedAt.iso8601)
    }

    /// With the batch's recording time already printed (`recordedAt.iso8601`), as an import
    /// prepares its rows.
    init(_ draft: EventDraft, recordedAt: EventTime, recordedAtText: String) throws {
        try Self.requireStorable(draft)
        var placeID: Int?
        var geometry: GeometryColumns?
        switch draft.subject {
        case .place(let geonameID):
            placeID = geonameID
        case .area(let area):
            try AreaCheck.requirePolygonal(area, field: "geometry")
            geometry = GeometryColumns(wkb: WKB.encode(area), box: area.boundingBox, region: nil, parts: [])
        case .snapshot(let snapshot):
            guard !snapshot.region.isEmpty else { throw EventStoreError.invalid(EventFieldError("is empty", field: "region")) }
            var parts: [Part] = []
            for part in snapshot.parts {
                try AreaCheck.requirePolygonal(part.geometry, field: "parts")
                let side = part.side.code
                guard let partBox = part.geometry.boundingBox else {
                    throw EventStoreError.invalid(EventFieldError("a part is empty", field: "parts"))
                }
                parts.append(Part(side: side, wkb: WKB.encode(part.geometry), box: partBox))
            }
            geometry = GeometryColumns(wkb: nil, box: nil, region: snapshot.region, parts: parts)
        }
        let atText = draft.at.iso8601
        let kind = draft.subject.kind.rawValue
        let status = draft.status.rawValue
        // The body's fields and the link's room, written into one buffer the event then keeps.
        var form = CanonicalForm(capacity: 0)
        let columns = form.eventBody(atUTC: draft.at.millisecondsSinceEpoch, atText: atText, kind: kind,
                                     placeID: placeID, geometryWKB: geometry?.wkb, side: draft.side.storedCode, status: status,
                                     claimant: draft.claimant, source: draft.source, url: draft.url, note: draft.note,
                                     recordedAt: recordedAtText, parts: geometry?.parts.map { ($0.side, $0.wkb) } ?? [],
                                     region: geometry?.region, room: Link.count)
        bodyCount = form.count
        let bytes = form.takeBytes(followedByZeros: Link.count)
        self.recordedAt = recordedAt
        self.atUTC = draft.at.millisecondsSinceEpoch
        self.placeID = placeID
        self.side = draft.side.storedCode
        self.bytes = bytes
        self.columnStarts = columns.starts
        self.columnLengths = columns.lengths
        self.geometry = geometry
    }

    /// A place event from a CSV row's checked fields, the free text as the row's bytes: what
    /// ``init(_:recordedAt:recordedAtText:)`` makes of the same row as a draft (the tests hold
    /// the two to the same stored rows). The caller has checked what ``requireStorable(_:)`` would:
    /// a normalised side code and a source; `url` and `note` are nil rather than empty.
    init(placeRowAt at: EventTime, placeID: Int, side: String, status: EventStatus,
         claimant: UnsafeBufferPointer<UInt8>, source: UnsafeBufferPointer<UInt8>,
         url: UnsafeBufferPointer<UInt8>?, note: UnsafeBufferPointer<UInt8>?,
         recordedAt: EventTime, recordedAtText: String) {
        var form = CanonicalForm(capacity: 0)
        let columns = at.withISO8601 { atText in
            form.eventBody(atUTC: at.millisecondsSinceEpoch, atText: atText, kind: EventSubject.Kind.place.rawValue,
                           placeID: placeID, geometryWKB: nil, side: side, status: status.rawValue,
                           claimant: claimant, source: source, url: url, note: note, recordedAt: recordedAtText,
                           parts: [], region: nil, room: Link.count)
        }
        bodyCount = form.count
        bytes = form.takeBytes(followedByZeros: Link.count)
        self.recordedAt = recordedAt
        self.atUTC = at.millisecondsSinceEpoch
        self.placeID = placeID
        self.side = side
        self.columnStarts = columns.starts
        self.columnLengths = columns.lengths
        self.geometry = nil
    }

    /// What the schema's CHECK constraints on `events` ask of a draft's own fields, checked here
    /// because batches run with SQLite's evaluation of them off (``SQLiteEventStore/appendBatch(_:)``).
    /// The rest of those constraints hold by construction: ids, times, kinds, statuses and hashes
    /// are made by the batch, and side codes are checked when first registered. The free text
    /// must also keep to ``FieldRules``, whichever way it came in, so that it reads back as hashed.
    static func requireStorable(_ draft: EventDraft) throws {
        func refuse(_ field: String, _ problem: String) -> EventStoreError {
            .invalid(EventFieldError(problem, field: field))
        }
        if case .snapshot = draft.subject {
            if draft.side != nil { throw refuse("side", "a snapshot's side is '\(Side.snapshotCode)': its parts carry the sides") }
        } else if draft.side == nil {
            throw refuse("side", "'\(Side.snapshotCode)' is only for snapshots")
        }
        if draft.source.isEmpty { throw refuse("source", "is required: the outlet or document reporting this") }
        if draft.url?.isEmpty == true { throw refuse("url", "is empty: leave it out instead") }
        if draft.note?.isEmpty == true { throw refuse("note", "is empty: leave it out instead") }
        for (field, text) in [(FieldRules.Field.claimant, draft.claimant), (.source, draft.source), (.url, draft.url),
                              (.note, draft.note)] {
            if let text, let problem = FieldRules.problem(text, as: field) { throw refuse(field.rawValue, problem) }
        }
    }
}
