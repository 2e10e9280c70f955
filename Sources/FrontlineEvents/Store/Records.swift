import Foundation
import FrontlineGeometry
import GRDB

/// A row of `events` (with its retraction, when the query joins it).
struct EventRow: FetchableRecord, TableRecord {
    static let databaseTableName = "events"

    enum Columns {
        static let seq = Column("seq"), id = Column("id"), atUTC = Column("at_utc"), atText = Column("at_text")
        static let kind = Column("kind"), placeID = Column("place_id"), geometry = Column("geometry")
        static let region = Column("region")
        static let minLon = Column("min_lon"), minLat = Column("min_lat"), maxLon = Column("max_lon"), maxLat = Column("max_lat")
        static let side = Column("side"), status = Column("status"), claimant = Column("claimant")
        static let source = Column("source"), url = Column("url"), note = Column("note")
        static let recordedAt = Column("recorded_at"), prevHash = Column("prev_hash"), hash = Column("hash")
        // From the LEFT JOIN with `retractions`.
        static let retractionReason = Column("retraction_reason"), retractionRecordedAt = Column("retraction_recorded_at")
        static let retractionSeq = Column("retraction_seq")
    }

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
        seq = row[Columns.seq]; id = row[Columns.id]; atUTC = row[Columns.atUTC]; atText = row[Columns.atText]
        kind = row[Columns.kind]; placeID = row[Columns.placeID]; geometry = row[Columns.geometry]
        region = row[Columns.region]
        box = [row[Columns.minLon], row[Columns.minLat], row[Columns.maxLon], row[Columns.maxLat]]
        side = row[Columns.side]; status = row[Columns.status]; claimant = row[Columns.claimant]
        source = row[Columns.source]; url = row[Columns.url]; note = row[Columns.note]
        recordedAt = row[Columns.recordedAt]; prevHash = row[Columns.prevHash]; hash = row[Columns.hash]
        retractionReason = row[Columns.retractionReason]; retractionRecordedAt = row[Columns.retractionRecordedAt]
        retractionSeq = row[Columns.retractionSeq]
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
