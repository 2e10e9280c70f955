import Foundation
import FrontlineGeometry
import GRDB

/// A row of `events` with its retraction, selected as ``selection`` lists the columns: rows are
/// decoded by position (reading a long log decodes millions of them; by name, GRDB hashes every
/// column name of every row).
struct EventRow: FetchableRecord {
    /// The columns, in the order `init(row:)` reads them, from `events e LEFT JOIN retractions r`.
    static let selection = """
        e.seq, e.id, e.at_utc, e.at_text, e.kind, e.place_id, e.geometry, e.region,
        e.min_lon, e.min_lat, e.max_lon, e.max_lat, e.side, e.status, e.claimant, e.source, e.url, e.note,
        e.recorded_at, e.prev_hash, e.hash, r.reason, r.recorded_at, r.seq
        """

    var seq: Int64
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
    var prevHash: String
    var hash: String
    var retractionReason: String?
    var retractionRecordedAt: String?
    var retractionSeq: Int64?

    init(row: Row) {
        seq = row[0]; id = row[1]; atUTC = row[2]; atText = row[3]; kind = row[4]; placeID = row[5]
        geometry = row[6]; region = row[7]; box = [row[8], row[9], row[10], row[11]]
        side = row[12]; status = row[13]; claimant = row[14]; source = row[15]; url = row[16]; note = row[17]
        recordedAt = row[18]; prevHash = row[19]; hash = row[20]
        retractionReason = row[21]; retractionRecordedAt = row[22]; retractionSeq = row[23]
    }

    func content(parts: [SnapshotPartRow]) -> EventContent {
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
                Snapshot.Part(side: $0.side, geometry: try WKB.decode([UInt8]($0.geometry)))
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
        return ControlEvent(id: id, sequence: seq, at: at, recordedAt: recorded, subject: subject, side: side,
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

    init(row: Row) {
        side = row[Columns.side]
        geometry = row[Columns.geometry]
        box = [row[Columns.minLon], row[Columns.minLat], row[Columns.maxLon], row[Columns.maxLat]]
    }

    static func fetchAll(_ db: Database, forEvent seq: Int64) throws -> [SnapshotPartRow] {
        try SnapshotPartRow.filter(Columns.eventSeq == seq).order(Columns.position).fetchAll(db)
    }

    func boundingBoxMatches() -> Bool {
        guard let decoded = try? WKB.decode([UInt8](geometry)), let b = decoded.boundingBox else { return false }
        return box == [b.minLon, b.minLat, b.maxLon, b.maxLat]
    }
}

/// A row of `retractions`.
struct RetractionRow: FetchableRecord, TableRecord {
    static let databaseTableName = "retractions"

    enum Columns {
        static let seq = Column("seq"), eventID = Column("event_id"), reason = Column("reason")
        static let recordedAt = Column("recorded_at"), prevHash = Column("prev_hash"), hash = Column("hash")
    }

    var seq: Int64
    var eventID: String
    var reason: String
    var recordedAt: String
    var prevHash: String
    var hash: String

    init(row: Row) {
        seq = row[Columns.seq]; eventID = row[Columns.eventID]; reason = row[Columns.reason]
        recordedAt = row[Columns.recordedAt]; prevHash = row[Columns.prevHash]; hash = row[Columns.hash]
    }

    var content: RetractionContent {
        RetractionContent(seq: seq, eventID: eventID, reason: reason, recordedAt: recordedAt, prevHash: prevHash)
    }
}
