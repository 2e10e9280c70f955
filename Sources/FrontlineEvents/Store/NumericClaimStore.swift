import Foundation
import FrontlineGeometry
import GRDB
import FrontlineSupport

/// A claim or a claim's retraction could not be made.
public enum NumericClaimError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownClaim(String)
    case alreadyRetracted(String, reason: String)

    public var description: String {
        switch self {
        case let .unknownClaim(id): "no numeric claim with id \(VisibleText.escaped(id)) (see `frontline claims`)"
        case let .alreadyRetracted(id, reason): "claim \(id) is already retracted (\(VisibleText.escaped(reason)))"
        }
    }
}

// Numeric claims (schema v5, tables `claims` and `claim_retractions`): entries of the chain,
// drawing their positions from the same counter as events, retractions and side declarations.
extension SQLiteEventStore {
    /// Records `draft` (validated first: ``NumericClaimDraft/validated(sides:)``, against the
    /// sides the log knows) as an entry of the chain, with a new id.
    public func addClaim(_ draft: NumericClaimDraft) throws -> NumericClaim {
        try writeTransaction { db, head in
            let sides = KnownSides(declared: try SideDeclarationRow.fetchAll(db, sql: "SELECT \(SideDeclarationRow.selection) ORDER BY seq").map(\.declaration),
                                   inUse: try String.fetchAll(db, sql: "SELECT code FROM sides WHERE code <> '*' ORDER BY code"))
            let claim: NumericClaimDraft
            do { claim = try draft.validated(sides: sides) } catch let error as EventFieldError { throw EventStoreError.invalid(error) }
            let recordedAt = EventTime.now()
            var generator = EventIDGenerator()
            var id = generator.next(millisecond: recordedAt.millisecondsSinceEpoch)
            // Ids are random beyond their millisecond: one an event or claim has already is
            // drawn again, so that `retract ID` names one entry.
            while try Self.sequence(ofEvent: id, db) != nil
                    || Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?)", arguments: [id]) == true {
                id = generator.next(millisecond: recordedAt.millisecondsSinceEpoch)
            }
            let content = NumericClaimContent(
                seq: head.seq + 1, id: id, claimant: claim.claimant, source: claim.source, url: claim.url,
                atUTC: claim.at.millisecondsSinceEpoch, atText: claim.at.iso8601, side: claim.side, km2: claim.km2,
                fromUTC: claim.from.millisecondsSinceEpoch, fromText: claim.from.iso8601,
                toUTC: claim.to.millisecondsSinceEpoch, toText: claim.to.iso8601, area: claim.area, note: claim.note,
                recordedAt: recordedAt.iso8601, prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: """
                INSERT INTO claims (seq, id, claimant, source, url, at_utc, at_text, side, km2, from_utc, from_text,
                                    to_utc, to_text, area, note, recorded_at, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [content.seq, id, content.claimant, content.source, content.url, content.atUTC, content.atText,
                                 content.side, content.km2, content.fromUTC, content.fromText, content.toUTC, content.toText,
                                 content.area, content.note, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return NumericClaim(id: id, claimant: claim.claimant, source: claim.source, url: claim.url, at: claim.at,
                                side: Side(normalized: claim.side), km2: claim.km2, from: claim.from, to: claim.to, area: claim.area,
                                note: claim.note, recordedAt: recordedAt, sequence: content.seq, retraction: nil)
        }
    }

    /// Whether the log holds a numeric claim with this id (any case).
    public func hasClaim(id: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM claims WHERE id = ?)", arguments: [id.uppercased()]) ?? false
        }
    }

    /// Marks the claim `id` retracted with `reason`: an entry of the chain; the claim stays in the log.
    public func retractClaim(id rawID: String, reason: String) throws -> Retraction {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else { throw EventStoreError.invalid(EventFieldError("is required: say why", field: "reason")) }
        if let problem = FieldRules.problem(reason, as: .note) { throw EventStoreError.invalid(EventFieldError(problem, field: "reason")) }
        let id = rawID.trimmingCharacters(in: .whitespaces).uppercased()
        return try writeTransaction { db, head in
            guard let claimSeq = try Int64.fetchOne(db, sql: "SELECT seq FROM claims WHERE id = ?", arguments: [id]) else {
                throw NumericClaimError.unknownClaim(rawID)
            }
            if let earlier = try String.fetchOne(db, sql: "SELECT reason FROM claim_retractions WHERE claim_seq = ?", arguments: [claimSeq]) {
                throw NumericClaimError.alreadyRetracted(id, reason: earlier)
            }
            let recordedAt = EventTime.now()
            let content = ClaimRetractionContent(seq: head.seq + 1, claimID: id, reason: reason, recordedAt: recordedAt.iso8601,
                                                 prevHash: head.hash)
            var form = CanonicalForm()
            let hash = content.hash(using: &form)
            try db.execute(sql: "INSERT INTO claim_retractions (seq, claim_seq, reason, recorded_at, hash) VALUES (?, ?, ?, ?, ?)",
                           arguments: [content.seq, claimSeq, reason, content.recordedAt, hash])
            head = ChainHead(seq: content.seq, hash: hash)
            return Retraction(eventID: id, reason: reason, recordedAt: recordedAt, sequence: content.seq)
        }
    }

    /// The log's numeric claims in the order recorded, retracted ones included (marked).
    public func numericClaims() throws -> [NumericClaim] {
        try read { db in try ClaimRow.fetchAll(db, sql: "SELECT \(ClaimRow.selection) ORDER BY c.seq").map { try $0.claim() } }
    }

    /// The claims and their retractions as entries of the chain, in chain order, for `verify`.
    static func claimChainEntries(_ db: Database) throws -> [ClaimChainEntry] {
        let claims = try ClaimRow.fetchAll(db, sql: "SELECT \(ClaimRow.selection) ORDER BY c.seq").map(ClaimChainEntry.claim)
        let retractions = try ClaimRetractionRow.fetchAll(db, sql: "SELECT \(ClaimRetractionRow.selection) ORDER BY r.seq")
            .map(ClaimChainEntry.retraction)
        return (claims + retractions).sorted { $0.seq < $1.seq }
    }
}

/// A claim, or a claim's retraction, as `verify` walks the chain.
enum ClaimChainEntry {
    case claim(ClaimRow)
    case retraction(ClaimRetractionRow)

    var seq: Int64 {
        switch self {
        case .claim(let row): row.seq
        case .retraction(let row): row.seq
        }
    }

    var hash: String {
        switch self {
        case .claim(let row): row.hash
        case .retraction(let row): row.hash
        }
    }

    var label: String {
        switch self {
        case .claim(let row): "numeric claim \(VisibleText.escaped(row.id))"
        case .retraction(let row): "retraction of numeric claim \(row.claimID.isEmpty ? "(missing)" : VisibleText.escaped(row.claimID))"
        }
    }

    func computedHash(prevHash: String, using form: inout CanonicalForm) -> String {
        switch self {
        case .claim(let row): row.content(prevHash: prevHash).hash(using: &form)
        case .retraction(let row): row.content(prevHash: prevHash).hash(using: &form)
        }
    }
}

/// A row of `claims` with its retraction, if any.
struct ClaimRow: FetchableRecord {
    static let selection = """
        c.seq, c.id, c.claimant, c.source, c.url, c.at_utc, c.at_text, c.side, c.km2, c.from_utc, c.from_text,
        c.to_utc, c.to_text, c.area, c.note, c.recorded_at, c.hash, r.reason, r.recorded_at, r.seq
        FROM claims c LEFT JOIN claim_retractions r ON r.claim_seq = c.seq
        """

    var seq: Int64
    var id: String
    var claimant: String
    var source: String
    var url: String?
    var atUTC: Int64
    var atText: String
    var side: String
    var km2: Double
    var fromUTC: Int64
    var fromText: String
    var toUTC: Int64
    var toText: String
    var area: String?
    var note: String?
    var recordedAt: String
    var hash: String
    var retractionReason: String?
    var retractionRecordedAt: String?
    var retractionSeq: Int64?

    /// Throws for a NULL where the schema allows none (a file changed outside Frontline).
    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); id = try row.decode(atIndex: 1); claimant = try row.decode(atIndex: 2)
        source = try row.decode(atIndex: 3); url = try row.decode(atIndex: 4); atUTC = try row.decode(atIndex: 5)
        atText = try row.decode(atIndex: 6)
        side = try row.decode(atIndex: 7); km2 = try row.decode(atIndex: 8); fromUTC = try row.decode(atIndex: 9)
        fromText = try row.decode(atIndex: 10); toUTC = try row.decode(atIndex: 11); toText = try row.decode(atIndex: 12)
        area = try row.decode(atIndex: 13); note = try row.decode(atIndex: 14); recordedAt = try row.decode(atIndex: 15)
        hash = try row.decode(atIndex: 16)
        retractionReason = try row.decode(atIndex: 17); retractionRecordedAt = try row.decode(atIndex: 18); retractionSeq = try row.decode(atIndex: 19)
    }

    func content(prevHash: String) -> NumericClaimContent {
        NumericClaimContent(seq: seq, id: id, claimant: claimant, source: source, url: url, atUTC: atUTC, atText: atText,
                            side: side, km2: km2, fromUTC: fromUTC, fromText: fromText, toUTC: toUTC, toText: toText,
                            area: area, note: note, recordedAt: recordedAt, prevHash: prevHash)
    }

    /// The claim as stored; its times read back from their text, at the precision written.
    func claim() throws -> NumericClaim {
        func time(_ text: String, _ utc: Int64) -> EventTime {
            guard let parsed = try? EventTime(parsing: text), parsed.millisecondsSinceEpoch == utc else {
                return EventTime(millisecondsSinceEpoch: utc, precision: .millisecond)
            }
            return parsed
        }
        let recorded = (try? EventTime(parsing: recordedAt)) ?? EventTime(millisecondsSinceEpoch: 0, precision: .millisecond)
        let retraction = retractionReason.map { reason in
            Retraction(eventID: id, reason: reason,
                       recordedAt: retractionRecordedAt.flatMap { try? EventTime(parsing: $0) } ?? EventTime(millisecondsSinceEpoch: 0, precision: .millisecond),
                       sequence: retractionSeq ?? 0)
        }
        return NumericClaim(id: id, claimant: claimant, source: source, url: url, at: time(atText, atUTC), side: Side(normalized: side), km2: km2,
                            from: time(fromText, fromUTC), to: time(toText, toUTC), area: area, note: note,
                            recordedAt: recorded, sequence: seq, retraction: retraction)
    }
}

/// A row of `claim_retractions`, with its claim's id.
struct ClaimRetractionRow: FetchableRecord {
    static let selection = """
        r.seq, c.id, r.reason, r.recorded_at, r.hash FROM claim_retractions r LEFT JOIN claims c ON c.seq = r.claim_seq
        """

    var seq: Int64
    /// Empty when the claim is not in the log (a file edited outside Frontline).
    var claimID: String
    var reason: String
    var recordedAt: String
    var hash: String

    init(row: Row) throws {
        seq = try row.decode(atIndex: 0); claimID = try row.decode(String?.self, atIndex: 1) ?? ""
        reason = try row.decode(atIndex: 2); recordedAt = try row.decode(atIndex: 3); hash = try row.decode(atIndex: 4)
    }

    func content(prevHash: String) -> ClaimRetractionContent {
        ClaimRetractionContent(seq: seq, claimID: claimID, reason: reason, recordedAt: recordedAt, prevHash: prevHash)
    }
}

extension Schema {
    /// v5: numeric claims and their retractions, entries of the chain (``NumericClaim``).
    static func createNumericClaims(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE claims (
                seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                id TEXT NOT NULL UNIQUE CHECK (length(id) = 26),
                claimant TEXT NOT NULL CHECK (claimant <> ''),
                source TEXT NOT NULL CHECK (source <> ''),
                url TEXT CHECK (url <> ''),
                at_utc INTEGER NOT NULL,
                at_text TEXT NOT NULL CHECK (at_text <> ''),
                side TEXT NOT NULL CHECK (side <> '' AND side <> '*' AND length(side) <= 16),
                km2 REAL NOT NULL CHECK (km2 > 0),
                from_utc INTEGER NOT NULL,
                from_text TEXT NOT NULL CHECK (from_text <> ''),
                to_utc INTEGER NOT NULL CHECK (to_utc >= from_utc),
                to_text TEXT NOT NULL CHECK (to_text <> ''),
                area TEXT CHECK (area <> ''),
                note TEXT CHECK (note <> ''),
                recorded_at TEXT NOT NULL,
                hash TEXT NOT NULL CHECK (length(hash) = 64)
            );
            CREATE TABLE claim_retractions (
                seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                claim_seq INTEGER NOT NULL UNIQUE REFERENCES claims(seq),
                reason TEXT NOT NULL CHECK (reason <> ''),
                recorded_at TEXT NOT NULL,
                hash TEXT NOT NULL CHECK (length(hash) = 64)
            );
            """)
        try appendOnly(db, tables: ["claims", "claim_retractions"])
    }

    /// Empty temporary stand-ins for the v5 tables, for a read-only log from before v5 (which a
    /// reader cannot migrate): it reads as holding no claims.
    static func numericClaimStandIns(_ db: Database) throws {
        if try !db.tableExists("claims", in: "main") {
            try db.execute(sql: """
                CREATE TEMP TABLE claims (seq INTEGER PRIMARY KEY, id TEXT, claimant TEXT, source TEXT, url TEXT, at_utc INTEGER,
                    at_text TEXT, side TEXT, km2 REAL, from_utc INTEGER, from_text TEXT, to_utc INTEGER, to_text TEXT, area TEXT,
                    note TEXT, recorded_at TEXT, hash TEXT)
                """)
        }
        if try !db.tableExists("claim_retractions", in: "main") {
            try db.execute(sql: "CREATE TEMP TABLE claim_retractions (seq INTEGER PRIMARY KEY, claim_seq INTEGER, reason TEXT, recorded_at TEXT, hash TEXT)")
        }
    }
}
