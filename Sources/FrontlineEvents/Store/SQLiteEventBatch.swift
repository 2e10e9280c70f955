import Foundation
import FrontlineGeometry
import GRDB

/// One open append transaction: prepared statements reused for every row, a running chain head,
/// and the side codes already registered.
///
/// Place events are inserted ``groupSize`` at a time by one multi-row `INSERT OR ROLLBACK`:
/// SQLite opens its cursors (the table and its indexes) once per statement, not once per row,
/// which takes about a third of the instructions out of its insert (callgrind), and `OR ROLLBACK`
/// spares it a statement journal (a refused row ends the transaction, which the batch would roll
/// back anyway). An import's place rows come packed (``append(placeRows:)``) and are inserted
/// straight from the pack; other place events wait in ``group``. The last rows of a batch wait
/// until ``finish()``; every other event first inserts those waiting, so the rows reach the table
/// in the order of their positions.
///
/// Every event is linked by an ``EventLinker`` (``linker()``) before it is inserted: by an
/// import's reading thread, or here, at the batch's head, for an event that comes unlinked. The
/// batch checks that each follows its head and takes its link as the new head: one chaining,
/// wherever it runs.
///
/// The rows hold neither their ids nor their recording time: when the batch finishes, one row of
/// `batches` holds its first id, its size and its recording time, and each row names its batch
/// (its first position); an event's id is derived from its place in the batch.
final class SQLiteEventBatch: LinkedRowBatch {
    let db: Database
    /// The store's id generator, until the batch's first event.
    private let generator: EventIDGenerator
    /// The id generator as the batch leaves it: after the last id taken, once there is one.
    var ids: EventIDGenerator {
        headSeq > firstSeq ? EventIDGenerator(continuingAfter: chain[Chain.id]) : generator
    }
    /// The head's position when the batch began.
    private let firstSeq: Int64
    let recordedAt: EventTime
    private let recordedAtText: String
    private var knownSides: Set<String>
    /// The places added to the log, each with whether it is retracted: an event may name an
    /// added place's id only while the place stands (``requirePlace(_:)``).
    private let addedPlaces: [Int: Bool]
    let acceptedSides: KnownSides
    /// The side code registered (or found known) last.
    private var lastSide = ""
    /// The batch's first position, which each of its rows names as its batch.
    private var batchSeq: Int64 { firstSeq + 1 }
    /// The batch's first id, once it has an event.
    private var firstID: [UInt8]?
    private let insertEvent: Statement
    private let eventBinding: SQLiteBinding
    private let insertPart: Statement
    private let insertSide: Statement
    /// A place event's row: 12 values, the other columns NULL. One row, and ``groupSize`` rows.
    private let insertPlace: Statement, insertPlaces: Statement
    private let placeBinding: SQLiteBinding, placesBinding: SQLiteBinding
    /// Place events numbered and chained, waiting to be inserted together (their bodies and
    /// links copied into one buffer, which stays put while a statement binds them).
    private var group: PlaceRows
    static let groupSize = 32
    /// Values bound per place row (``insertPlace``).
    private static let valuesPerRow: Int32 = 12
    /// The chain head's position, and as bytes (``Chain``) the last event's id and hash and the
    /// hash before it: the insert binds them without copies and makes no string.
    private var headSeq: Int64
    private var chain: [UInt8]

    /// Where each part of ``chain`` lies: as in a prepared event's link.
    private typealias Chain = PreparedEvent.Link

    /// The chain head after the events appended so far.
    var head: ChainHead { ChainHead(seq: headSeq, hash: String(decoding: chain[Chain.hash], as: UTF8.self)) }

    init(db: Database, head: ChainHead, ids: EventIDGenerator) throws {
        self.db = db
        headSeq = head.seq
        firstSeq = head.seq
        chain = [UInt8](repeating: 0, count: Chain.count)
        chain.replaceSubrange(Chain.hash, with: head.hash.utf8)
        self.generator = ids
        recordedAt = .now()
        recordedAtText = recordedAt.iso8601
        group = PlaceRows(recordedAt: recordedAt)
        knownSides = Set(try String.fetchAll(db, sql: "SELECT code FROM sides"))
        acceptedSides = KnownSides(
            declared: try SideDeclarationRow.fetchAll(db, sql: "SELECT \(SideDeclarationRow.selection) ORDER BY seq").map(\.declaration),
            inUse: knownSides.sorted())
        addedPlaces = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: """
            SELECT p.id, r.seq IS NOT NULL FROM places p LEFT JOIN place_retractions r ON r.place_id = p.id
            """).map { (row: Row) -> (Int, Bool) in (try row.decode(atIndex: 0), try row.decode(atIndex: 1)) })
        insertEvent = try db.makeStatement(sql: """
            INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, geometry, region,
                                min_lon, min_lat, max_lon, max_lat, side, status, claimant, source,
                                url, note, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        eventBinding = SQLiteBinding(insertEvent)
        insertPart = try db.makeStatement(sql: """
            INSERT INTO snapshot_parts (event_seq, position, side, geometry, min_lon, min_lat, max_lon, max_lat)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        insertSide = try db.makeStatement(sql: """
            INSERT INTO sides (code, first_recorded_at) VALUES (?, ?) ON CONFLICT (code) DO NOTHING
            """)
        let placeColumns = """
            INSERT OR ROLLBACK INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant,
                                source, url, note, hash)
            VALUES
            """
        let placeRow = "(?, ?, ?, ?, 'place', ?, ?, ?, ?, ?, ?, ?, ?)"
        insertPlace = try db.makeStatement(sql: placeColumns + placeRow)
        insertPlaces = try db.makeStatement(
            sql: placeColumns + Array(repeating: placeRow, count: Self.groupSize).joined(separator: ", "))
        placeBinding = SQLiteBinding(insertPlace)
        placesBinding = SQLiteBinding(insertPlaces)
    }

    private func register(side: String) throws {
        // Rows mostly repeat a few sides: comparing with the last one (a short string, compared
        // in place) spares hashing it for the set.
        if side == lastSide { return }
        if !knownSides.contains(side) {
            guard side == Side.snapshotCode || (try? Side.normalizedCode(side)) == side else {
                throw EventStoreError.invalid(EventFieldError("'\(side)' is not a normalised side code", field: "side"))
            }
            try insertSide.execute(arguments: [side, recordedAtText])
            knownSides.insert(side)
        }
        lastSide = side  // only once it is known to be registered
    }

    /// Refuses an id of the added places' space (``AddedPlace/isAdded(_:)``) that the log does not
    /// hold as a standing place: retracted since the command resolved it, or never added. One
    /// comparison for a GeoNames id.
    private func requirePlace(_ id: Int?) throws {
        guard let id, AddedPlace.isAdded(id) else { return }
        guard let retracted = addedPlaces[id] else { throw EventStoreError.placeNotInLog(id, retracted: false) }
        if retracted { throw EventStoreError.placeNotInLog(id, retracted: true) }
    }

    /// Appends one event and returns it as stored.
    func append(_ draft: EventDraft) throws -> ControlEvent {
        try insertGroup()
        var event = try PreparedEvent(draft, recordedAt: recordedAt, recordedAtText: recordedAtText)
        var linker = linker()
        linker.link(&event)
        let seq = try insert(event)
        return ControlEvent(id: String(decoding: chain[Chain.id], as: UTF8.self), sequence: seq, at: draft.at,
                            recordedAt: recordedAt, subject: draft.subject, side: draft.side, status: draft.status,
                            claimant: draft.claimant, source: draft.source, url: draft.url, note: draft.note,
                            retraction: nil, hash: String(decoding: chain[Chain.hash], as: UTF8.self))
    }

    func linker() -> EventLinker {
        EventLinker(recordedAt: recordedAt, seq: headSeq, hash: chain[Chain.hash], ids: ids)
    }

    func append(prepared event: PreparedEvent) throws {
        guard event.seq != 0 else {
            var linked = event
            var linker = linker()
            linker.link(&linked)
            return try append(prepared: linked)
        }
        if event.geometry == nil {
            try enqueue(event)
        } else {
            try insertGroup()
            _ = try insert(event)
        }
    }

    /// Inserts the place events still waiting, then the batch's row: the batch's last step
    /// before its commit.
    func finish() throws {
        try insertGroup()
        guard let firstID else { return }
        let first = String(decoding: firstID, as: UTF8.self), size = headSeq - firstSeq
        try Self.requireFreeIDs(db, first: first, size: size)
        try db.execute(sql: "INSERT INTO batches (first_seq, first_id, size, recorded_at) VALUES (?, ?, ?, ?)",
                       arguments: [batchSeq, first, size, recordedAtText])
    }

    /// Refuses a batch whose ids, `first` and the `size - 1` after it, would not all lie after
    /// `first` or would meet another batch's: an id must name one event (its batch is the one
    /// with the greatest first id not after it). Two batches' 80 random bits would have to fall
    /// within a batch's size of each other for this to throw.
    static func requireFreeIDs(_ db: Database, first: String, size: Int64) throws {
        guard let last = EventIDGenerator.id(first, advancedBy: size - 1), last >= first,
              try String.fetchOne(db, sql: "SELECT first_id FROM batches WHERE first_id > ? AND first_id <= ? LIMIT 1",
                                  arguments: [first, last]) == nil
        else { throw EventStoreError.idsInUse(first: first) }
        if let before = try Row.fetchOne(db, sql: "SELECT first_id, size FROM batches WHERE first_id <= ? ORDER BY first_id DESC LIMIT 1",
                                         arguments: [first]) {
            let beforeFirst: String = before[0], beforeSize: Int64 = before[1]
            if beforeFirst == first || EventIDGenerator.offset(of: first, from: beforeFirst).map({ $0 < beforeSize }) == true {
                throw EventStoreError.idsInUse(first: first)
            }
        }
    }

    /// Takes linked place event `event` as the head, as ``insert(_:)`` does, and queues its row.
    private func enqueue(_ event: PreparedEvent) throws {
        requireThisBatch(event)
        try requirePlace(event.placeID)
        try register(side: event.side)
        headSeq = chainNext(event)
        group.append(event)
        if group.rows.count == Self.groupSize { try insertGroup() }
    }

    /// Takes an import's packed place rows: each must follow the head, as one by one, and they
    /// are inserted ``groupSize`` at a time straight from the pack; the last few wait in
    /// ``group`` for the rows that come next.
    func append(placeRows rows: PlaceRows) throws {
        precondition(rows.recordedAt == recordedAt, "place rows prepared for another batch")
        try insertGroup()
        try rows.bytes.withUnsafeBufferPointer { bytes in
            var first = 0  // the first row not inserted yet
            for (index, row) in rows.rows.enumerated() {
                do {
                    try requirePlace(row.placeID)
                    try register(side: row.side)
                } catch let error as EventStoreError {
                    throw PlaceRows.Refused(row: index, error: error)
                }
                headSeq = chainNext(seq: row.seq, link: bytes.baseAddress! + row.link)
                if index + 1 - first == Self.groupSize {
                    try insert(rows.rows[first...index], from: bytes)
                    first = index + 1
                }
            }
            for row in rows.rows[first...] { group.append(row, from: bytes) }
        }
    }

    /// Inserts the place events waiting in ``group``.
    private func insertGroup() throws {
        guard !group.rows.isEmpty else { return }
        try group.bytes.withUnsafeBufferPointer { bytes in try insert(group.rows[...], from: bytes) }
        group.removeAll()
    }

    /// Inserts place `rows` whose bytes are in `bytes`: a full group by one statement, fewer one by
    /// one, binding the text where it lies.
    private func insert(_ rows: ArraySlice<PlaceRows.Row>, from bytes: UnsafeBufferPointer<UInt8>) throws {
        let full = rows.count == Self.groupSize
        for (index, row) in rows.enumerated() {
            let b = full ? placesBinding : placeBinding
            let first = full ? Int32(index) * Self.valuesPerRow : 0
            func text(_ offset: Int32, _ column: PreparedEvent.TextColumn) throws {
                let length = row.textLengths[column.rawValue]
                if length < 0 { return try b.null(first + offset) }
                try b.bindStatic(first + offset, text: bytes.baseAddress! + Int(row.textStarts[column.rawValue]), count: Int(length))
            }
            try b.bind(first + 1, row.seq)
            try b.bind(first + 2, batchSeq)
            try b.bind(first + 3, row.atUTC)
            try text(4, .atText)
            try b.bind(first + 5, row.placeID)
            try text(6, .side)
            try text(7, .status)
            try text(8, .claimant)
            try text(9, .source)
            try text(10, .url)
            try text(11, .note)
            try b.bindStatic(first + 12, text: bytes.baseAddress! + row.link + Chain.hash.lowerBound, count: Chain.hash.count)
            if !full { try b.step() }
        }
        if full { try placesBinding.step() }
    }

    private func requireThisBatch(_ event: PreparedEvent) {
        guard event.recordedAt == recordedAt else {
            preconditionFailure("an event prepared for another batch (recorded at \(event.recordedAt), not \(recordedAt))")
        }
    }

    /// Makes linked `event` the chain's new head and returns its position: it must follow the
    /// head (its position and previous hash), and its link is taken into ``chain``.
    private func chainNext(_ event: PreparedEvent) -> Int64 {
        event.bytes.withUnsafeBufferPointer { bytes in chainNext(seq: event.seq, link: bytes.baseAddress! + event.bodyCount) }
    }

    /// The same for an event at position `seq` whose link is at `link`.
    private func chainNext(seq eventSeq: Int64, link: UnsafePointer<UInt8>) -> Int64 {
        let seq = headSeq + 1
        let follows = eventSeq == seq && chain.withUnsafeMutableBufferPointer { chain in
            guard memcmp(link + Chain.previousHash.lowerBound, chain.baseAddress! + Chain.hash.lowerBound,
                         Chain.hash.count) == 0 else { return false }
            chain.baseAddress!.update(from: link, count: Chain.count)
            return true
        }
        guard follows else {
            preconditionFailure("an event that does not follow the head (position \(eventSeq), head \(headSeq))")
        }
        if seq == batchSeq { firstID = Array(chain[Chain.id]) }
        return seq
    }

    /// Takes linked `event` as the head and inserts it: the only per-event work left on the
    /// writing thread; leaves its id and hash in ``chain``. Text is bound without copying: SQLite reads
    /// it during the step, inside the closures that lend the pointers.
    private func insert(_ event: PreparedEvent) throws -> Int64 {
        requireThisBatch(event)
        try requirePlace(event.placeID)
        try register(side: event.side)
        if let geometry = event.geometry {
            for part in geometry.parts { try register(side: part.side) }
        }
        let seq = chainNext(event)
        let b = eventBinding
        try chain.withUnsafeBufferPointer { chain in
            let hash = UnsafeBufferPointer(rebasing: chain[Chain.hash])
            try event.bytes.withUnsafeBufferPointer { bytes in
                func text(_ index: Int32, _ column: PreparedEvent.TextColumn) throws {
                    let length = event.columnLengths[column.rawValue]
                    if length < 0 { return try b.null(index) }
                    try b.bindStatic(index, text: bytes.baseAddress! + Int(event.columnStarts[column.rawValue]), count: Int(length))
                }
                try b.bind(1, seq)
                try b.bind(2, batchSeq)
                try b.bind(3, event.atUTC)
                try text(4, .atText)
                try text(5, .kind)
                try b.bind(6, event.placeID)
                try b.bind(7, blob: event.geometry?.wkb)
                try b.bind(8, event.geometry?.region)
                let box = event.geometry?.box
                try b.bind(9, box?.minLon); try b.bind(10, box?.minLat); try b.bind(11, box?.maxLon); try b.bind(12, box?.maxLat)
                try text(13, .side)
                try text(14, .status)
                try text(15, .claimant)
                try text(16, .source)
                try text(17, .url)
                try text(18, .note)
                try b.bindStatic(19, text: hash.baseAddress!, count: hash.count)
                try b.step()
            }
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
