import Foundation
import FrontlineGeometry
import GRDB

/// One open append transaction: prepared statements reused for every row, a running chain head,
/// and the side codes already registered.
final class SQLiteEventBatch: EventBatch {
    let db: Database
    private(set) var ids: EventIDGenerator
    let recordedAt: EventTime
    private let recordedAtText: String
    private var knownSides: Set<String>
    private var form = CanonicalForm()
    private let insertEvent: Statement
    private let eventBinding: SQLiteBinding
    private let insertPart: Statement
    private let insertSide: Statement
    /// The chain head's position, and as bytes (``Chain``) the last event's id and hash, with
    /// room for the next hash: the insert binds them without copies and makes no string.
    private var headSeq: Int64
    private var chain: [UInt8]

    /// Where each part of ``chain`` lies.
    private enum Chain {
        static let id = 0..<26
        static let hash = 26..<90
        static let nextHash = 90..<154
    }

    /// The chain head after the events appended so far.
    var head: ChainHead { ChainHead(seq: headSeq, hash: String(decoding: chain[Chain.hash], as: UTF8.self)) }

    init(db: Database, head: ChainHead, ids: EventIDGenerator) throws {
        self.db = db
        headSeq = head.seq
        chain = [UInt8](repeating: 0, count: Chain.nextHash.upperBound)
        chain.replaceSubrange(Chain.hash, with: head.hash.utf8)
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

    /// Appends one event and returns it as stored.
    func append(_ draft: EventDraft) throws -> ControlEvent {
        let seq = try insert(try PreparedEvent(draft, recordedAt: recordedAt, recordedAtText: recordedAtText))
        return ControlEvent(id: String(decoding: chain[Chain.id], as: UTF8.self), sequence: seq, at: draft.at,
                            recordedAt: recordedAt, subject: draft.subject, side: draft.side, status: draft.status,
                            claimant: draft.claimant, source: draft.source, url: draft.url, note: draft.note,
                            retraction: nil, hash: String(decoding: chain[Chain.hash], as: UTF8.self))
    }

    func append(prepared event: PreparedEvent) throws {
        _ = try insert(event)
    }

    /// Numbers, names, chains and inserts `event`, the only per-event work left on the writing
    /// thread; leaves its id and hash in ``chain``. Text is bound without copying: SQLite reads
    /// it during the step, inside the closures that lend the pointers.
    private func insert(_ event: PreparedEvent) throws -> Int64 {
        guard event.recordedAt == recordedAt else {
            preconditionFailure("an event prepared for another batch (recorded at \(event.recordedAt), not \(recordedAt))")
        }
        try register(side: event.side)
        if let geometry = event.geometry {
            for part in geometry.parts { try register(side: part.side) }
        }
        let seq = headSeq + 1
        let b = eventBinding
        try chain.withUnsafeMutableBufferPointer { chain in
            let id = UnsafeMutableBufferPointer(rebasing: chain[Chain.id])
            let hash = UnsafeMutableBufferPointer(rebasing: chain[Chain.hash])
            let nextHash = UnsafeMutableBufferPointer(rebasing: chain[Chain.nextHash])
            ids.next(millisecond: recordedAt.millisecondsSinceEpoch, into: id)
            try event.bytes.withUnsafeBufferPointer { bytes in
                form.eventHash(seq: seq, id: UnsafeBufferPointer(id), body: UnsafeBufferPointer(rebasing: bytes[..<event.bodyCount]),
                               prevHash: UnsafeBufferPointer(hash), into: nextHash)
                func text(_ index: Int32, _ column: PreparedEvent.TextColumn) {
                    let length = event.columnLengths[column.rawValue]
                    if length < 0 { return b.null(index) }
                    b.bindStatic(index, text: bytes.baseAddress! + Int(event.columnStarts[column.rawValue]), count: Int(length))
                }
                b.bind(1, seq)
                b.bindStatic(2, text: id.baseAddress!, count: id.count)
                b.bind(3, event.atUTC)
                text(4, .atText)
                text(5, .kind)
                b.bind(6, event.placeID)
                b.bind(7, blob: event.geometry?.wkb)
                b.bind(8, event.geometry?.region)
                let box = event.geometry?.box
                b.bind(9, box?.minLon); b.bind(10, box?.minLat); b.bind(11, box?.maxLon); b.bind(12, box?.maxLat)
                text(13, .side)
                text(14, .status)
                text(15, .claimant)
                text(16, .source)
                text(17, .url)
                text(18, .note)
                b.bind(19, recordedAtText)
                b.bindStatic(20, text: hash.baseAddress!, count: hash.count)
                b.bindStatic(21, text: nextHash.baseAddress!, count: nextHash.count)
                try b.step()
            }
            _ = hash.update(fromContentsOf: nextHash)  // the new head
        }
        if let geometry = event.geometry {
            for (position, part) in geometry.parts.enumerated() {
                try insertPart.execute(arguments: [
                    seq, position, part.side, Data(part.wkb),
                    part.box.minLon, part.box.minLat, part.box.maxLon, part.box.maxLat,
                ])
            }
        }
        headSeq = seq
        return seq
    }
}
