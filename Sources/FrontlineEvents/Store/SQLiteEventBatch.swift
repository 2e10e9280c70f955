import Foundation
import FrontlineGeometry
import GRDB

/// One open append transaction: prepared statements reused for every row, a running chain head,
/// and the side codes already registered.
final class SQLiteEventBatch: EventBatch {
    let db: Database
    private(set) var head: ChainHead
    private(set) var ids: EventIDGenerator
    let recordedAt: EventTime
    private let recordedAtText: String
    private var knownSides: Set<String>
    private var form = CanonicalForm()
    private let insertEvent: Statement
    private let eventBinding: SQLiteBinding
    private let insertPart: Statement
    private let insertSide: Statement

    init(db: Database, head: ChainHead, ids: EventIDGenerator) throws {
        self.db = db
        self.head = head
        self.ids = ids
        recordedAt = .now()
        recordedAtText = recordedAt.iso8601
        knownSides = Set(try String.fetchAll(db, sql: "SELECT code FROM sides"))
        insertEvent = try db.makeStatement(sql: """
            INSERT INTO events (seq, id, at_utc, at_text, kind, place_id, geometry, region,
                                min_lon, min_lat, max_lon, max_lat, side, status, claimant, source,
                                url, note, recorded_at, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        eventBinding = SQLiteBinding(insertEvent)
        insertPart = try db.makeStatement(sql: """
            INSERT INTO snapshot_parts (event_seq, position, side, geometry, min_lon, min_lat, max_lon, max_lat)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSide = try db.makeStatement(sql: """
            INSERT INTO sides (code, first_recorded_at) VALUES (?, ?) ON CONFLICT (code) DO NOTHING
            """)
    }

    private func register(side: String) throws {
        guard !knownSides.contains(side) else { return }
        guard side == Side.snapshot || (try? Side.normalize(side)) == side else {
            throw EventStoreError.invalid(EventFieldError("'\(side)' is not a normalised side code", field: "side"))
        }
        try insertSide.execute(arguments: [side, recordedAtText])
        knownSides.insert(side)
    }

    /// What the schema's CHECK constraints on `events` ask of a draft's own fields, checked here
    /// because the batch runs with SQLite's evaluation of them off (``SQLiteEventStore/appendBatch(_:)``).
    /// The rest of those constraints hold by construction: ids, times, kinds, statuses and hashes
    /// are made below, and side codes are checked when first registered.
    static func requireStorable(_ draft: EventDraft) throws {
        func refuse(_ field: String, _ problem: String) -> EventStoreError {
            .invalid(EventFieldError(problem, field: field))
        }
        if case .snapshot = draft.subject {
            if draft.side != Side.snapshot { throw refuse("side", "a snapshot's side is '\(Side.snapshot)': its parts carry the sides") }
        } else if draft.side == Side.snapshot {
            throw refuse("side", "'\(Side.snapshot)' is only for snapshots")
        }
        if draft.source.isEmpty { throw refuse("source", "is required: the outlet or document reporting this") }
        if draft.url?.isEmpty == true { throw refuse("url", "is empty: leave it out instead") }
        if draft.note?.isEmpty == true { throw refuse("note", "is empty: leave it out instead") }
    }

    func append(_ draft: EventDraft) throws -> ControlEvent {
        try Self.requireStorable(draft)
        let seq = head.seq + 1
        let id = ids.next(millisecond: recordedAt.millisecondsSinceEpoch)
        var placeID: Int?
        var wkb: [UInt8]?
        var box: BoundingBox?
        var region: String?
        var parts: [(side: String, wkb: [UInt8], box: BoundingBox)] = []
        switch draft.subject {
        case .place(let geonameID):
            placeID = geonameID
        case .area(let geometry):
            try AreaCheck.requirePolygonal(geometry, field: "geometry")
            wkb = WKB.encode(geometry)
            box = geometry.boundingBox
        case .snapshot(let snapshot):
            guard !snapshot.region.isEmpty else { throw EventStoreError.invalid(EventFieldError("is empty", field: "region")) }
            region = snapshot.region
            for part in snapshot.parts {
                try AreaCheck.requirePolygonal(part.geometry, field: "parts")
                let side = try Side.normalize(part.side)
                guard let partBox = part.geometry.boundingBox else {
                    throw EventStoreError.invalid(EventFieldError("a part is empty", field: "parts"))
                }
                parts.append((side, WKB.encode(part.geometry), partBox))
            }
        }
        try register(side: draft.side)
        for part in parts { try register(side: part.side) }

        let content = EventContent(
            seq: seq, id: id, atUTC: draft.at.millisecondsSinceEpoch, atText: draft.at.iso8601,
            kind: draft.subject.kind.rawValue, placeID: placeID, geometryWKB: wkb, side: draft.side,
            status: draft.status.rawValue, claimant: draft.claimant, source: draft.source, url: draft.url,
            note: draft.note, recordedAt: recordedAtText, region: region,
            parts: parts.map { ($0.side, $0.wkb) }, prevHash: head.hash)
        let hash = content.hash(using: &form)
        let b = eventBinding
        b.bind(1, seq); b.bind(2, id); b.bind(3, content.atUTC); b.bind(4, content.atText); b.bind(5, content.kind)
        b.bind(6, placeID); b.bind(7, blob: wkb); b.bind(8, region)
        b.bind(9, box?.minLon); b.bind(10, box?.minLat); b.bind(11, box?.maxLon); b.bind(12, box?.maxLat)
        b.bind(13, draft.side); b.bind(14, content.status); b.bind(15, draft.claimant); b.bind(16, draft.source)
        b.bind(17, draft.url); b.bind(18, draft.note); b.bind(19, recordedAtText); b.bind(20, head.hash); b.bind(21, hash)
        try b.step()
        for (position, part) in parts.enumerated() {
            try insertPart.execute(arguments: [
                seq, position, part.side, Data(part.wkb),
                part.box.minLon, part.box.minLat, part.box.maxLon, part.box.maxLat,
            ])
        }
        head = ChainHead(seq: seq, hash: hash)
        return ControlEvent(id: id, sequence: seq, at: draft.at, recordedAt: recordedAt, subject: draft.subject,
                            side: draft.side, status: draft.status, claimant: draft.claimant, source: draft.source,
                            url: draft.url, note: draft.note, retraction: nil, hash: hash)
    }
}
