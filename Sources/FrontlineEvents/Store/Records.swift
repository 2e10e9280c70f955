import Foundation
import FrontlineGeometry
import GRDB

/// A row of `events` with its batch and its retraction, selected as ``selection`` lists the
/// columns: rows are decoded by position (reading a long log decodes millions of them; by name,
/// GRDB hashes every column name of every row).
struct EventRow: FetchableRecord {
    /// The columns, in the order `init(row:)` reads them, from ``tables``.
    static let selection = """
        e.seq, e.batch, b.first_id, e.at_utc, e.at_text, e.kind, e.place_id, e.geometry, e.region,
        e.min_lon, e.min_lat, e.max_lon, e.max_lat, e.side, e.status, e.claimant, e.source, e.url, e.note,
        b.recorded_at, b.size, e.hash, r.reason, r.recorded_at, r.seq
        """
    /// An event, its batch (missing only when the file was edited outside Frontline) and its
    /// retraction if any.
    static let tables = """
        events e LEFT JOIN batches b ON b.first_seq = e.batch LEFT JOIN retractions r ON r.event_seq = e.seq
        """

    var seq: Int64
    /// The batch's first position, and the batch's size (nil if its row is missing).
    var batch: Int64
    var batchSize: Int64?
    /// Derived from the batch's first id; empty when it cannot be (a file edited outside Frontline).
    var id: String
    var atUTC: Int64
    var atText: String
    var kind: String
    var placeID: Int?
    var geometry: Data?
    var region: String?
    var box: [Double?]
    var side: String
    var status: String
    var claimant: String
    var source: String
    var url: String?
    var note: String?
    var recordedAt: String
    var hash: String
    var retractionReason: String?
    var retractionRecordedAt: String?
    var retractionSeq: Int64?

    /// Throws (``RowDecodingError``) for a NULL where the schema allows none: a file changed
    /// outside Frontline, which reads it as damaged rather than crash.
    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); batch = try row.decode(atIndex: 1)
        id = derivedID(position: seq, batch: batch, firstID: try row.decode(atIndex: 2))
        atUTC = try row.decode(atIndex: 3); atText = try row.decode(atIndex: 4); kind = try row.decode(atIndex: 5)
        placeID = try row.decode(atIndex: 6)
        geometry = try row.decode(atIndex: 7); region = try row.decode(atIndex: 8)
        box = [try row.decode(atIndex: 9), try row.decode(atIndex: 10), try row.decode(atIndex: 11), try row.decode(atIndex: 12)]
        side = try row.decode(atIndex: 13); status = try row.decode(atIndex: 14); claimant = try row.decode(atIndex: 15)
        source = try row.decode(atIndex: 16); url = try row.decode(atIndex: 17); note = try row.decode(atIndex: 18)
        recordedAt = try row.decode(String?.self, atIndex: 19) ?? ""; batchSize = try row.decode(atIndex: 20)
        hash = try row.decode(atIndex: 21)
        retractionReason = try row.decode(atIndex: 22); retractionRecordedAt = try row.decode(atIndex: 23)
        retractionSeq = try row.decode(atIndex: 24)
    }

    /// The canonical content, chained to `prevHash` (the hash of the entry before).
    func content(parts: [SnapshotPartRow], prevHash: String) -> EventContent {
        EventContent(seq: seq, id: id, atUTC: atUTC, atText: atText, kind: kind, placeID: placeID,
                     geometryWKB: geometry.map { [UInt8]($0) }, side: side, status: status, claimant: claimant,
                     source: source, url: url, note: note, recordedAt: recordedAt, region: region,
                     parts: parts.map { ($0.side, [UInt8]($0.geometry)) }, prevHash: prevHash)
    }

    /// Whether the stored bounding box is the geometry's (both absent for place events).
    func boundingBoxMatches() -> Bool {
        guard let geometry else { return box.allSatisfy { $0 == nil } }
        guard let decoded = try? WKB.decode([UInt8](geometry)), let b = decoded.boundingBox else { return false }
        return box == [b.minLon, b.minLat, b.maxLon, b.maxLat]
    }

    func event(parts: [SnapshotPartRow]) throws -> ControlEvent {
        let subject: EventSubject
        switch kind {
        case "place":
            subject = .place(geonameID: placeID ?? 0)
        case "area":
            subject = .area(try WKB.decode([UInt8](geometry ?? Data())))
        default:
            subject = .snapshot(Snapshot(region: region ?? "", parts: try parts.map {
                Snapshot.Part(side: Side(normalized: $0.side), geometry: try WKB.decode([UInt8]($0.geometry)))
            }))
        }
        let at = (try? EventTime(parsing: atText)) ?? EventTime(millisecondsSinceEpoch: atUTC, precision: .millisecond)
        let recorded = (try? EventTime(parsing: recordedAt)) ?? EventTime(millisecondsSinceEpoch: 0, precision: .millisecond)
        var retraction: Retraction?
        if let retractionReason, let retractionSeq {
            retraction = Retraction(
                eventID: id, reason: retractionReason,
                recordedAt: (retractionRecordedAt.flatMap { try? EventTime(parsing: $0) }) ?? recorded,
                sequence: retractionSeq)
        }
        return ControlEvent(id: id, sequence: seq, at: at, recordedAt: recorded, subject: subject,
                            side: side == Side.snapshotCode ? nil : Side(normalized: side),
                            status: EventStatus(rawValue: status) ?? .claimed, claimant: claimant, source: source,
                            url: url, note: note, retraction: retraction, hash: hash)
    }
}

/// A row of `snapshot_parts`.
struct SnapshotPartRow: FetchableRecord, TableRecord {
    static let databaseTableName = "snapshot_parts"

    enum Columns {
        static let eventSeq = Column("event_seq"), position = Column("position"), side = Column("side")
        static let geometry = Column("geometry")
        static let minLon = Column("min_lon"), minLat = Column("min_lat"), maxLon = Column("max_lon"), maxLat = Column("max_lat")
    }

    var side: String
    var geometry: Data
    var box: [Double]

    init(row: Row) throws {
        side = try row.decode(forColumn: Columns.side)
        geometry = try row.decode(forColumn: Columns.geometry)
        box = [try row.decode(forColumn: Columns.minLon), try row.decode(forColumn: Columns.minLat),
               try row.decode(forColumn: Columns.maxLon), try row.decode(forColumn: Columns.maxLat)]
    }

    static func fetchAll(_ db: Database, forEvent seq: Int64) throws -> [SnapshotPartRow] {
        try SnapshotPartRow.filter(Columns.eventSeq == seq).order(Columns.position).fetchAll(db)
    }

    func boundingBoxMatches() -> Bool {
        guard let decoded = try? WKB.decode([UInt8](geometry)), let b = decoded.boundingBox else { return false }
        return box == [b.minLon, b.minLat, b.maxLon, b.maxLat]
    }
}

/// A row of `retractions`, with its event's id (derived from the event's batch, as in
/// ``EventRow``), selected as ``selection`` lists the columns.
struct RetractionRow: FetchableRecord {
    static let selection = """
        r.seq, e.seq, e.batch, b.first_id, r.reason, r.recorded_at, r.hash
        FROM retractions r LEFT JOIN events e ON e.seq = r.event_seq LEFT JOIN batches b ON b.first_seq = e.batch
        """

    var seq: Int64
    /// Empty when the event is not in the log (a file edited outside Frontline).
    var eventID: String
    var reason: String
    var recordedAt: String
    var hash: String

    init(row: Row) throws {
        seq = try row.decode(atIndex: 0)
        eventID = derivedID(position: try row.decode(atIndex: 1), batch: try row.decode(atIndex: 2), firstID: try row.decode(atIndex: 3))
        reason = try row.decode(atIndex: 4); recordedAt = try row.decode(atIndex: 5); hash = try row.decode(atIndex: 6)
    }

    /// The canonical content, chained to `prevHash` (the hash of the entry before).
    func content(prevHash: String) -> RetractionContent {
        RetractionContent(seq: seq, eventID: eventID, reason: reason, recordedAt: recordedAt, prevHash: prevHash)
    }
}

/// A row of `side_declarations`, selected as ``selection`` lists the columns.
struct SideDeclarationRow: FetchableRecord {
    static let selection = "seq, code, name, recorded_at, hash FROM side_declarations"

    var seq: Int64
    var code: String
    var name: String
    var recordedAt: String
    var hash: String

    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); code = try row.decode(atIndex: 1); name = try row.decode(atIndex: 2)
        recordedAt = try row.decode(atIndex: 3); hash = try row.decode(atIndex: 4)
    }

    /// The canonical content, chained to `prevHash` (the hash of the entry before).
    func content(prevHash: String) -> SideDeclarationContent {
        SideDeclarationContent(seq: seq, code: code, name: name, recordedAt: recordedAt, prevHash: prevHash)
    }

    var declaration: SideDeclaration {
        let recorded = (try? EventTime(parsing: recordedAt)) ?? EventTime(millisecondsSinceEpoch: 0, precision: .millisecond)
        return SideDeclaration(code: code, name: name, recordedAt: recorded, sequence: seq)
    }
}

/// A row of `places` with its retraction, if any, selected as ``selection`` lists the columns.
struct PlaceRow: FetchableRecord {
    static let selection = """
        p.seq, p.id, p.name, p.lat, p.lon, p.area, p.source, p.alternates, p.recorded_at, p.hash,
        r.seq, r.reason, r.recorded_at
        FROM places p LEFT JOIN place_retractions r ON r.place_id = p.id
        """

    var seq: Int64
    var id: Int
    var name: String
    var lat: Double
    var lon: Double
    var area: String
    var source: String
    var alternates: String
    var recordedAt: String
    var hash: String
    var retractionSeq: Int64?
    var retractionReason: String?
    var retractionRecordedAt: String?

    /// Decoded with checks, as every row is: a NULL where the schema allows none is damage
    /// (exit 65), not a trap.
    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); id = try row.decode(atIndex: 1); name = try row.decode(atIndex: 2)
        lat = try row.decode(atIndex: 3); lon = try row.decode(atIndex: 4); area = try row.decode(atIndex: 5)
        source = try row.decode(atIndex: 6); alternates = try row.decode(atIndex: 7)
        recordedAt = try row.decode(atIndex: 8); hash = try row.decode(atIndex: 9)
        retractionSeq = try row.decode(atIndex: 10); retractionReason = try row.decode(atIndex: 11)
        retractionRecordedAt = try row.decode(atIndex: 12)
    }

    /// The canonical content, chained to `prevHash` (the hash of the entry before).
    func content(prevHash: String) -> PlaceContent {
        PlaceContent(seq: seq, id: id, name: name, lat: lat, lon: lon, area: area, source: source, alternates: alternates,
                     recordedAt: recordedAt, prevHash: prevHash)
    }

    /// Alternates as stored: one a line.
    static func joined(_ alternates: [String]) -> String { alternates.joined(separator: "\n") }

    var place: AddedPlace {
        func time(_ text: String?) -> EventTime {
            text.flatMap { try? EventTime(parsing: $0) } ?? EventTime(millisecondsSinceEpoch: 0, precision: .millisecond)
        }
        var retraction: PlaceRetraction?
        if let retractionSeq, let retractionReason {
            retraction = PlaceRetraction(placeID: id, reason: retractionReason, recordedAt: time(retractionRecordedAt),
                                         sequence: retractionSeq)
        }
        return AddedPlace(id: id, name: name, coordinate: Coordinate(lon: lon, lat: lat), areaISO: area, source: source,
                          alternateNames: alternates.split(separator: "\n").map(String.init),
                          recordedAt: time(recordedAt), sequence: seq, retraction: retraction)
    }
}

/// A row of `place_retractions`, selected as ``selection`` lists the columns.
struct PlaceRetractionRow: FetchableRecord {
    static let selection = "seq, place_id, reason, recorded_at, hash FROM place_retractions"

    var seq: Int64
    var placeID: Int
    var reason: String
    var recordedAt: String
    var hash: String

    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); placeID = try row.decode(atIndex: 1); reason = try row.decode(atIndex: 2)
        recordedAt = try row.decode(atIndex: 3); hash = try row.decode(atIndex: 4)
    }

    func content(prevHash: String) -> PlaceRetractionContent {
        PlaceRetractionContent(seq: seq, placeID: placeID, reason: reason, recordedAt: recordedAt, prevHash: prevHash)
    }
}

/// The id of the event at `position` of the batch that begins at position `batch` with id
/// `firstID` (``EventIDGenerator/id(_:advancedBy:)``); empty when any is missing or the id cannot
/// be derived (a file edited outside Frontline), which `verify` then reports.
private func derivedID(position: Int64?, batch: Int64?, firstID: String?) -> String {
    guard let position, let batch, let firstID else { return "" }
    return EventIDGenerator.id(firstID, advancedBy: max(0, position - batch)) ?? ""
}
