import Foundation
import GRDB
import Testing
@testable import FrontlineEvents

/// The schema's batches (v3): ids derived from each batch's first, and logs from before them.
@Suite struct SchemaTests {
    /// Fixtures/v2-log.sqlite was written by Frontline before v3 (see Fixtures/README.md), with
    /// what its `events --json` printed then.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")

    func copyOfTheV2Log(_ dir: TempDir) throws -> String {
        let path = dir.path("log.sqlite")
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent("v2-log.sqlite").path, toPath: path)
        return path
    }

    @Test func aV2LogKeepsEveryIDRecordingTimeAndHashAndGroupsItsBatches() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = try copyOfTheV2Log(dir)
        let before = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT seq, id, recorded_at, hash FROM events ORDER BY seq").map {
                [String($0[0] as Int64), $0[1] as String, $0[2] as String, $0[3] as String]
            }
        }
        let store = try SQLiteEventStore(path: path)
        #expect(try store.verifyChain() == ChainReport(entries: 9, problem: nil))
        #expect(try store.checkStorage() == [])
        let events = try store.allEvents().sorted { $0.sequence < $1.sequence }
        #expect(events.map { [String($0.sequence), $0.id, $0.recordedAt.iso8601, $0.hash] } == before)

        // What `events --json` printed before the migration.
        let printed = try JSONSerialization.jsonObject(
            with: Data(contentsOf: Self.fixtures.appendingPathComponent("v2-log.events.json"))) as! [[String: Any]]
        #expect(try store.allEvents().map(\.id) == printed.map { $0["id"] as! String })
        #expect(try store.allEvents().map { $0.retraction != nil } == printed.map { $0["retracted"] as! Bool })

        // One `record`, an import of four rows, an area, a snapshot, then (after a retraction)
        // another `record`: five batches.
        let batches = try DatabaseQueue(path: path).read { db in
            try Row.fetchAll(db, sql: "SELECT first_seq, size FROM batches ORDER BY first_seq").map { [$0[0] as Int64, $0[1] as Int64] }
        }
        #expect(batches == [[1, 1], [2, 4], [6, 1], [7, 1], [9, 1]])

        // Every id still finds its event, and the log goes on.
        for event in events { #expect(try store.event(id: event.id)?.sequence == event.sequence) }
        _ = try store.retract(eventID: events[2].id, reason: "a later correction")
        try store.append([try Fixtures.draft("2025-11-22")])
        #expect(try store.verifyChain() == ChainReport(entries: 11, problem: nil))
    }

    /// A batch's ids are derived from its first: each must find its own event, in a log of
    /// several batches whose ids follow each other.
    @Test func everyEventIsFoundByItsIDAndNoOtherIDFindsOne() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        var events: [ControlEvent] = []
        for size in [1, 40, 3] {
            events += try store.append((0..<size).map { try Fixtures.draft("2022-09-\(10 + $0 % 18)") })
        }
        for event in events { #expect(try store.event(id: event.id)?.sequence == event.sequence) }
        let last = try #require(events.last?.id)
        #expect(try store.event(id: try #require(EventIDGenerator.id(last, advancedBy: 1))) == nil)
        #expect(try store.event(id: "01HF7YAT00ABCDEFGHJKMNPQRS") == nil)
        #expect(try store.event(id: "not an id") == nil)
        #expect(try store.count(matching: EventFilter(id: events[20].id.lowercased())) == 1)
    }

    @Test func aBatchRefusesIDsThatMeetAnotherBatchs() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        _ = try SQLiteEventStore(path: path)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "INSERT INTO batches VALUES (1, '01HF7YAT00ABCDEFGHJKMNPQ00', 10, 'now')")
            func free(_ first: String, _ size: Int64) -> Bool {
                (try? SQLiteEventBatch.requireFreeIDs(db, first: first, size: size)) != nil
            }
            #expect(free("01HF7YAT00ABCDEFGHJKMNPQ0A", 5))  // just after the last of the ten
            #expect(!free("01HF7YAT00ABCDEFGHJKMNPQ09", 5))  // starts on the last of them
            #expect(!free("01HF7YAT00ABCDEFGHJKMNPQ00", 1))  // the same first id
            #expect(!free("01HF7YAT00ABCDEFGHJKMNPPZZ", 2))  // ends on the first of them
            #expect(free("01HF7YAT00ABCDEFGHJKMNPPZZ", 1))
            #expect(!free("01HF7YAT00ZZZZZZZZZZZZZZZZ", 2))  // would wrap round below its first
        }
    }

    /// The batches' rows are part of what `verify` checks: a batch must hold exactly its run of
    /// positions, and every batch row must have events.
    @Test func verifyNamesABatchChangedOutsideFrontline() throws {
        for (edit, reason) in [
            ("UPDATE batches SET size = 2 WHERE first_seq = 2", "its batch (entry 2) does not hold it"),
            ("UPDATE batches SET size = 4 WHERE first_seq = 2", "holds 3 events, not the 4 it recorded"),
            ("INSERT INTO batches VALUES (100, '01HF7YAT00ABCDEFGHJKMNPQ00', 1, 'now')", "batches were added"),
            ("UPDATE events SET batch = 1 WHERE seq = 3", "changed outside Frontline"),
        ] {
            let dir = try TempDir(); defer { dir.remove() }
            let path = dir.path("log.sqlite")
            let store = try SQLiteEventStore(path: path)
            try store.append([try Fixtures.draft("2022-09-01")])
            try store.append((1...3).map { try Fixtures.draft("2022-09-1\($0)") })
            #expect(try store.verifyChain().isIntact)
            try writeBehindFrontline(path, "DROP TRIGGER batches_no_update", "DROP TRIGGER events_no_update", edit)
            let problem = try #require(try store.verifyChain().problem, "\(edit)")
            #expect(problem.reason.contains(reason), "\(edit): \(problem)")
        }
    }
}
