import Foundation
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

@Suite struct StoreTests {
    @Test func appendsQueriesInReplayOrderAndRetractsWithoutDeleting() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let events = try store.append([
            try Fixtures.draft("2022-09-10T12:00Z", place: Fixtures.kupiansk, note: "second on the 10th"),
            try Fixtures.draft("2022-09-10", note: "first"),
            try Fixtures.draft("2022-09-10T12:00Z", place: Fixtures.kharkiv, side: "ru", note: "tie, recorded later"),
        ])
        #expect(events.map(\.sequence) == [1, 2, 3])
        #expect(events[2].side == "RU")
        #expect(try store.allEvents().map(\.note) == ["first", "second on the 10th", "tie, recorded later"])

        let retraction = try store.retract(eventID: events[0].id.lowercased(), reason: "misread the report")
        #expect(retraction.sequence == 4)
        let after = try store.allEvents()
        #expect(after.count == 3)
        #expect(after[1].retraction?.reason == "misread the report")
        #expect(try store.count(matching: EventFilter(includeRetracted: false)) == 2)
        #expect(throws: EventStoreError.alreadyRetracted(events[0].id, reason: "misread the report")) {
            try store.retract(eventID: events[0].id, reason: "again")
        }
        #expect(throws: EventStoreError.unknownEvent("01HF7YAT00ABCDEFGHJKMNPQRS")) {
            try store.retract(eventID: "01HF7YAT00ABCDEFGHJKMNPQRS", reason: "x")
        }
        #expect(try store.verifyChain() == ChainReport(entries: 4, problem: nil))
        #expect(try store.sides() == ["RU", "UA"])
    }

    @Test func filtersByTimePlaceSideStatus() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([
            try Fixtures.draft("2022-09-09T23:59Z"),
            try Fixtures.draft("2022-09-10T23:59:59.999Z", side: "RU", status: .confirmed),
            try Fixtures.draft("2022-09-11", place: Fixtures.kharkiv),
        ])
        let asOf10 = EventFilter(to: try .queryBound("2022-09-10", endOfDay: true))
        #expect(try store.count(matching: asOf10) == 2)
        #expect(try store.count(matching: EventFilter(from: try .queryBound("2022-09-10", endOfDay: false))) == 2)
        #expect(try store.count(matching: EventFilter(placeID: Fixtures.kharkiv)) == 1)
        #expect(try store.count(matching: EventFilter(side: "RU")) == 1)
        #expect(try store.count(matching: EventFilter(status: .confirmed)) == 1)
    }

    @Test func areaAndSnapshotEventsKeepTheirGeometries() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let square = Fixtures.square
        let snapshot = Snapshot(region: "UA", parts: [.init(side: "RU", geometry: square), .init(side: "contested", geometry: square)])
        try store.append([
            try EventDraft(at: .init(parsing: "2022-09-10"), subject: .area(square), side: "UA", source: "map"),
            try EventDraft(at: .init(parsing: "2022-09-11"), subject: .snapshot(snapshot), side: "ignored", source: "DeepState"),
        ])
        let events = try store.allEvents()
        #expect(events[0].subject == .area(square))
        #expect(events[1].subject == .snapshot(snapshot))
        #expect(events[1].side == nil)
        #expect(try store.sides() == ["RU", "UA", "contested"])
        #expect(try store.verifyChain().isIntact)
    }

    @Test func readsLatestFirstUntilToldToStopAndFindsTheEarliestArea() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let square = Fixtures.square
        #expect(try store.earliestGeometricEvent(to: nil) == nil)
        let events = try store.append([
            try Fixtures.draft("2022-09-12", note: "c"),
            try Fixtures.draft("2022-09-10", note: "a"),
            try EventDraft(at: .init(parsing: "2022-09-11"), subject: .area(square), side: "UA", source: "map", note: "b"),
            try Fixtures.draft("2022-09-12", place: Fixtures.kharkiv, note: "d"),
            try EventDraft(at: .init(parsing: "2022-09-13"), subject: .area(square), side: "RU", source: "map", note: "e"),
        ])
        var seen: [String] = []
        try store.forEachEventLatestFirst(matching: EventFilter(to: try .queryBound("2022-09-12", endOfDay: true))) {
            seen.append($0.note ?? "")
            return seen.count < 3
        }
        #expect(seen == ["d", "c", "b"])
        #expect(try store.earliestGeometricEvent(to: nil) == ReplayPosition(events[2]))
        #expect(try store.earliestGeometricEvent(to: try .queryBound("2022-09-10", endOfDay: true)) == nil)
        _ = try store.retract(eventID: events[2].id, reason: "wrong map")
        // Retracted or not: it is only a bound on how far back a replay reads.
        #expect(try store.earliestGeometricEvent(to: nil) == ReplayPosition(events[2]))
    }

    @Test func aLogFromBeforeTheGeometricIndexGetsItOnOpen() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v1: events, sides, snapshot parts, retractions, hash chain")
        try queue.close()
        let store = try SQLiteEventStore(path: path)
        try store.append([try Fixtures.draft("2022-09-10")])
        #expect(try store.earliestGeometricEvent(to: nil) == nil)
        let indexes = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")
        }
        #expect(indexes.contains("events_geometric"))
    }

    /// A new log gets the larger pages; a log made before keeps its own, which SQLite cannot
    /// change in WAL mode, and still opens and appends.
    @Test func aNewLogHasLargePagesAndAnOlderOneKeepsItsOwn() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let fresh = dir.path("new.sqlite")
        try SQLiteEventStore(path: fresh).append([try Fixtures.draft("2022-09-10")])
        let older = dir.path("old.sqlite")
        let queue = try DatabaseQueue(path: older)
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096")
            try db.execute(sql: "PRAGMA journal_mode = WAL")
        }
        try Schema.migrator.migrate(queue)
        try queue.close()
        let store = try SQLiteEventStore(path: older)
        try store.append([try Fixtures.draft("2022-09-10")])
        #expect(try store.verifyChain().isIntact)
        func pageSize(_ path: String) throws -> Int? {
            try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "PRAGMA page_size") }
        }
        #expect(try pageSize(fresh) == SQLiteEventStore.newLogPageSize)
        #expect(try pageSize(older) == 4096)
    }

    /// The batch runs with SQLite's CHECK evaluation off, so it must refuse itself what those
    /// constraints refuse, and what it writes must pass SQLite's own check of them.
    @Test func aBatchRefusesWhatTheSchemaWouldAndWhatItWritesPassesSQLitesCheck() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let good = try Fixtures.draft("2022-09-10")
        var noSource = good; noSource.source = ""
        var emptyURL = good; emptyURL.url = ""
        var emptyNote = good; emptyNote.note = ""
        var starSide = good; starSide.side = nil  // stored as "*": only for snapshots
        var lowerSide = good; lowerSide.side = Side(normalized: "ua")
        let square = Fixtures.square
        var sidedSnapshot = try EventDraft(at: good.at, subject: .snapshot(Snapshot(region: "UA", parts: [.init(side: "RU", geometry: square)])),
                                           side: "", source: "DeepState")
        sidedSnapshot.side = "UA"
        for (draft, field) in [(noSource, "source"), (emptyURL, "url"), (emptyNote, "note"), (starSide, "side"),
                               (lowerSide, "side"), (sidedSnapshot, "side")] {
            #expect(throws: EventStoreError.self, "\(field)") { try store.append([good, draft]) }
            do { try store.append([draft]) } catch EventStoreError.invalid(let error) { #expect(error.field == field) }
        }
        #expect(try store.count(matching: EventFilter()) == 0)

        try store.append([good, try EventDraft(at: good.at, subject: .area(square), side: "RU", source: "map", url: "https://example.org", note: "n"),
                          try EventDraft(at: good.at, subject: .snapshot(Snapshot(region: "UA", parts: [.init(side: "contested", geometry: square)])),
                                         side: "", source: "DeepState")])
        _ = try store.retract(eventID: try store.allEvents()[0].id, reason: "wrong")
        #expect(try store.checkStorage() == [])
        #expect(try store.verifyChain().isIntact)

        // And SQLite's check does look at the constraints: a row written behind them is found.
        try writeBehindFrontline(dir.path("log.sqlite"), "DROP TRIGGER events_no_update; PRAGMA ignore_check_constraints = ON",
                                 "UPDATE events SET source = '' WHERE seq = 2")
        #expect(try store.checkStorage() == ["CHECK constraint failed in events"])

        // Batches insert with SQLite's foreign-key checks off too, and the check finds a side
        // code that is not registered.
        try writeBehindFrontline(dir.path("log.sqlite"), "PRAGMA foreign_keys = OFF",
                                 "UPDATE events SET source = 'fixed', side = 'XX' WHERE seq = 2")
        #expect(try store.checkStorage() == ["events row 2 refers to a missing row of sides"])
    }

    /// Prepared place events are inserted in groups (``SQLiteEventBatch/groupSize``) by one
    /// statement; an area between them, a refused row and a last group that is not whole must
    /// leave every event at its own position, with its own id, chained to the one before.
    @Test func preparedPlaceEventsInsertedInGroupsKeepTheirPositionsAndChain() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let square = Fixtures.square
        let group = SQLiteEventBatch.groupSize
        // Two whole groups, broken by an area after the first 40 (and by two refused rows), then a tail.
        let count = 2 * group + 40 + 7
        var expectedNotes: [String] = []
        var refused: [String] = []
        try store.appendLinkedBatch { batch in
            for index in 0..<count {
                let draft: EventDraft
                if index == 40 {
                    draft = try EventDraft(at: .init(parsing: "2022-09-10"), subject: .area(square), side: "RU",
                                           source: "map", note: "row \(index)")
                } else {
                    draft = try Fixtures.draft("2022-09-\(10 + index % 9)", place: index % 2 == 0 ? Fixtures.izium : Fixtures.kupiansk,
                                               side: index % 3 == 0 ? "RU" : "UA", note: "row \(index)")
                }
                var prepared = draft
                if index == 50 || index == 51 { prepared.side = Side(normalized: "not a side") }  // twice in a row: refused both times
                do {
                    try batch.append(prepared: try PreparedEvent(prepared, recordedAt: batch.recordedAt))
                    expectedNotes.append("row \(index)")
                } catch EventStoreError.invalid(let error) {
                    refused.append(error.field ?? "")
                }
            }
        }
        #expect(refused == ["side", "side"])
        #expect(try store.verifyChain() == ChainReport(entries: count - 2, problem: nil))
        #expect(try store.checkStorage() == [])
        let bySequence = try store.allEvents().sorted { $0.sequence < $1.sequence }
        #expect(bySequence.map(\.sequence) == Array(1...Int64(count - 2)))
        #expect(bySequence.map(\.note) == expectedNotes)
        // Ids follow the positions (one batch: the same millisecond, counting up).
        #expect(bySequence.map(\.id) == bySequence.map(\.id).sorted())
        #expect(Set(bySequence.map(\.id)).count == count - 2)
        #expect(bySequence[40].subject == .area(square))
    }

    /// An import's reader packs windows of place events (``PlaceRows``); the batch inserts them
    /// straight from the pack, whole groups and the few left over, and they are stored, chained
    /// and verified as events appended one by one. A row the log refuses is named by its index.
    @Test func packedPlaceRowsAreStoredAsEventsAppendedOneByOne() throws {
        let group = SQLiteEventBatch.groupSize
        let count = 2 * group + 7
        let drafts = try (0..<count).map {
            try Fixtures.draft("2022-09-\(10 + $0 % 9)", place: $0 % 2 == 0 ? Fixtures.izium : Fixtures.kupiansk,
                               side: $0 % 3 == 0 ? "RU" : "UA", note: "row \($0)")
        }
        func stored(packed: Bool) throws -> [[String]] {
            let dir = try TempDir(); defer { dir.remove() }
            let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
            try store.append([try Fixtures.draft("2022-09-01", note: "before")])
            try store.appendLinkedBatch { batch in
                let sink = batch
                var linker = batch.linker()
                var rows = PlaceRows(recordedAt: batch.recordedAt)
                for (index, draft) in drafts.enumerated() {
                    var event = try PreparedEvent(draft, recordedAt: batch.recordedAt)
                    linker.link(&event)
                    guard packed else { try batch.append(prepared: event); continue }
                    rows.append(event)
                    if index == group + 3 {  // two packs, the first ending within a group
                        try sink.append(placeRows: rows)
                        rows = PlaceRows(recordedAt: batch.recordedAt)
                    }
                }
                if packed { try sink.append(placeRows: rows) }
                try batch.append(try Fixtures.draft("2022-09-30", note: "after them, in the same batch"))
            }
            #expect(try store.verifyChain() == ChainReport(entries: count + 2, problem: nil))
            #expect(try store.checkStorage() == [])
            return try DatabaseQueue(path: dir.path("log.sqlite")).read { db in
                try Row.fetchAll(db, sql: """
                    SELECT seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, url, note FROM events ORDER BY seq
                    """).map { row in (0..<12).map { (row[$0] as DatabaseValue).description } }
            }
        }
        let fromPacks = try stored(packed: true)
        #expect(fromPacks.count == count + 2)
        #expect(fromPacks == (try stored(packed: false)))

        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        do {
            try store.appendLinkedBatch { batch in
                var linker = batch.linker()
                var rows = PlaceRows(recordedAt: batch.recordedAt)
                for (index, draft) in drafts.prefix(10).enumerated() {
                    var refused = draft
                    if index == 5 { refused.side = Side(normalized: "not a side") }
                    var event = try PreparedEvent(refused, recordedAt: batch.recordedAt)
                    linker.link(&event)
                    rows.append(event)
                }
                try batch.append(placeRows: rows)
            }
            Issue.record("a row with a side the log refuses was taken")
        } catch let refused as PlaceRows.Refused {
            #expect(refused.row == 5)
            guard case .invalid(let error) = refused.error else { Issue.record("\(refused.error)"); return }
            #expect(error.field == "side")
        }
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    /// An import links its events off the batch (``EventLinker``): the batch takes each linked
    /// event's position, id and hash, in groups and alone, and events it links itself afterwards,
    /// and the next batch's, follow them in the chain and in id order.
    @Test func eventsLinkedOffTheBatchKeepTheirLinksAndTheLogGoesOnAfterThem() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([try Fixtures.draft("2022-09-01")])
        let group = SQLiteEventBatch.groupSize
        var linkedIDs: [String] = []
        try store.appendLinkedBatch { batch in
            var linker = batch.linker()
            #expect(linker.seq == 1)
            for index in 0..<(group + 5) {
                let draft = index == 3
                    ? try EventDraft(at: .init(parsing: "2022-09-10"), subject: .area(Fixtures.square), side: "RU", source: "map")
                    : try Fixtures.draft("2022-09-\(10 + index % 9)", side: index % 2 == 0 ? "RU" : "UA")
                var event = try PreparedEvent(draft, recordedAt: batch.recordedAt)
                linker.link(&event)
                linkedIDs.append(String(decoding: event.bytes[(event.bodyCount + PreparedEvent.Link.id.lowerBound)...].prefix(26), as: UTF8.self))
                try batch.append(prepared: event)
            }
            #expect(linker.seq == Int64(group + 6))
            try batch.append(try Fixtures.draft("2022-09-20"))
        }
        try store.append([try Fixtures.draft("2022-09-21")])
        #expect(try store.verifyChain() == ChainReport(entries: group + 8, problem: nil))
        #expect(try store.checkStorage() == [])
        let bySequence = try store.allEvents().sorted { $0.sequence < $1.sequence }
        #expect(Array(bySequence[1...(group + 5)].map(\.id)) == linkedIDs)
        #expect(bySequence[4].subject == .area(Fixtures.square))
        // The batch's own event comes after the linked ones, with the next id in the same
        // millisecond, and the next batch's after it.
        var after = EventIDGenerator(continuingAfter: Array(linkedIDs.last!.utf8))
        #expect(bySequence[group + 6].id == after.next(millisecond: bySequence[group + 6].recordedAt.millisecondsSinceEpoch))
        #expect(bySequence.dropFirst().map(\.id) == bySequence.dropFirst().map(\.id).sorted())
        #expect(Set(bySequence.map(\.id)).count == bySequence.count)
    }

    /// Grouped inserts run `OR ROLLBACK` (SQLite then keeps no statement journal): a row SQLite
    /// refuses takes the whole batch with it, and the log is as it was.
    @Test func aRowSQLiteRefusesInAGroupRollsTheWholeBatchBack() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let store = try SQLiteEventStore(path: path)
        try store.append([try Fixtures.draft("2022-09-01")])
        // A trigger added behind Frontline's back that refuses the batch's sixth event. (A row
        // written at that position instead is now refused before the batch begins: the log's
        // last entry would not be its recorded head.)
        try writeBehindFrontline(path, """
            CREATE TRIGGER refuse_seventh BEFORE INSERT ON events WHEN NEW.seq = 7
            BEGIN SELECT RAISE(ROLLBACK, 'refused behind Frontline''s back'); END
            """)
        #expect(throws: DatabaseError.self) {
            try store.appendLinkedBatch { batch in
                for day in 1...(SQLiteEventBatch.groupSize + 3) {
                    try batch.append(prepared: try PreparedEvent(try Fixtures.draft("2022-10-\(10 + day % 18)"), recordedAt: batch.recordedAt))
                }
            }
        }
        #expect(try store.count(matching: EventFilter()) == 1)
        #expect(try DatabaseQueue(path: path).read { try Int.fetchOne($0, sql: "SELECT seq FROM chain_head") } == 1)
    }

    @Test func theSchemaRefusesWhatCannotBeAnEvent() throws {
        let dir = try TempDir(); defer { dir.remove() }
        _ = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let db = try DatabaseQueue(path: dir.path("log.sqlite"))
        let hash = String(repeating: "a", count: 64)
        try db.write { db in
            try db.execute(sql: "INSERT INTO sides VALUES ('UA', 'now')")
            try db.execute(sql: "INSERT INTO batches VALUES (1, '01HF7YAT00ABCDEFGHJKMNPQRS', 1, 'now')")
        }
        func insert(kind: String, place: Int?, source: String) throws {
            try db.write { db in
                try db.execute(sql: """
                    INSERT INTO events (seq, batch, at_utc, at_text, kind, place_id, side, status, claimant, source, hash)
                    VALUES (1, 1, 0, '1970-01-01', ?, ?, 'UA', 'claimed', '', ?, ?)
                    """, arguments: [kind, place, source, hash])
            }
        }
        #expect(throws: DatabaseError.self) { try insert(kind: "place", place: 1, source: "") }
        #expect(throws: DatabaseError.self) { try insert(kind: "area", place: 1, source: "x") }
        #expect(throws: DatabaseError.self) { try insert(kind: "rumour", place: 1, source: "x") }
        try insert(kind: "place", place: 1, source: "x")
        #expect(throws: DatabaseError.self) {
            try db.write { try $0.execute(sql: "UPDATE events SET claimant = 'x'") }  // append-only trigger
        }
    }

    @Test func openingIsIdempotentAndConcurrentOpenersAgree() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let first = try SQLiteEventStore(path: path)
        try first.append([try Fixtures.draft("2022-09-10")])
        let second = try SQLiteEventStore(path: path)
        #expect(try second.count(matching: EventFilter()) == 1)
        try second.append([try Fixtures.draft("2022-09-11")])
        #expect(try first.verifyChain() == ChainReport(entries: 2, problem: nil))
    }
}

/// Tampering with plain SQLite, as someone with the sqlite3 shell would.
@Suite struct ChainVerificationTests {
    func makeLog(_ dir: TempDir) throws -> (SQLiteEventStore, [ControlEvent], DatabaseQueue) {
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let events = try store.append((1...5).map { try Fixtures.draft("2022-09-1\($0)") })
        _ = try store.retract(eventID: events[1].id, reason: "wrong")  // entry 6
        let raw = try DatabaseQueue(path: dir.path("log.sqlite"))
        try raw.write { db in
            for table in ["events", "retractions"] {
                try db.execute(sql: "DROP TRIGGER \(table)_no_update; DROP TRIGGER \(table)_no_delete")
            }
        }
        return (store, events, raw)
    }

    @Test func anUpdateIsNamed() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, events, raw) = try makeLog(dir)
        try raw.write { try $0.execute(sql: "UPDATE events SET claimant = 'Someone else' WHERE seq = ?", arguments: [events[2].sequence]) }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 3)
        #expect(problem.entry == "event \(events[2].id)")
        #expect(problem.reason.contains("changed outside Frontline"))
    }

    /// Rows hold no previous hash: a forger who recomputes the edited entry's hash breaks the
    /// next entry's, and the report names both.
    @Test func anUpdateWithARecomputedHashIsCaughtByTheNextLink() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, events, raw) = try makeLog(dir)
        try raw.write { db in
            try db.execute(sql: "UPDATE events SET source = 'forged' WHERE seq = 3")
            // Recompute entry 3's own hash as a careful forger would.
            let row = try EventRow.fetchOne(db, sql: "SELECT \(EventRow.selection) FROM \(EventRow.tables) WHERE e.seq = 3")!
            var form = CanonicalForm()
            try db.execute(sql: "UPDATE events SET hash = ? WHERE seq = 3",
                           arguments: [row.content(parts: [], prevHash: events[1].hash).hash(using: &form)])
        }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 4)
        #expect(problem.entry == "event \(events[3].id)")
        #expect(problem.reason.contains("chained to entry 3's hash"))
    }

    @Test func aDeleteIsABrokenLink() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, _, raw) = try makeLog(dir)
        try raw.write { try $0.execute(sql: "DELETE FROM events WHERE seq = 4") }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 4)
        #expect(problem.reason.contains("missing"))
    }

    @Test func deletingTheLastEntryIsNoticedThroughTheHead() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, _, raw) = try makeLog(dir)
        try raw.write { try $0.execute(sql: "DELETE FROM retractions") }
        let problem = try #require(try store.verifyChain().problem)
        #expect(problem.sequence == 6)
        #expect(problem.reason.contains("missing"))
    }

    @Test func anIntactLogVerifies() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let (store, _, _) = try makeLog(dir)
        #expect(try store.verifyChain() == ChainReport(entries: 6, problem: nil))
    }
}
