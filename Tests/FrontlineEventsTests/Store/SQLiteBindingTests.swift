import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import FrontlineEvents

/// Every bind's result is checked: a value SQLite refuses must not become a NULL in the log.
@Suite struct SQLiteBindingTests {
    /// With SQLite's length limit lowered (as a build or a connection may have it) below a note
    /// the field rules allow, SQLite refuses to bind the note (SQLITE_TOOBIG). The refusal was
    /// ignored: the row was stored with a NULL note, the chain hashed the note, and the log
    /// failed `verify`. It is a problem of the row now, and nothing is written.
    @Test(arguments: [false, true])
    func aValueSQLiteRefusesIsAProblemNotANull(imported: Bool) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.pool.write { db in _ = sqlite3_limit(db.sqliteConnection, SQLITE_LIMIT_LENGTH, 1000) }
        let note = String(repeating: "n", count: 2000)
        if imported {
            let csv = try dir.write("a.csv", ImportTests.header + "2022-09-10,707292,UA,claimed,,ISW,,\(note)\n")
            let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, now: try EventTime(parsing: "2024-01-01T00:00Z"))
            // (A place row waits for its group's insert, which runs as the batch finishes: the
            // refusal ends the import without a line. Within the field rules' sizes only a
            // geometry can meet SQLite's own limit, and an area is inserted, and refused, by itself.)
            let error = #expect(throws: EventStoreError.self) { try importer.importFiles([csv]) }
            #expect(error?.description == "event: a value of 2000 bytes is more than the log can store (SQLite's limit is 1000 bytes)")
        } else {
            #expect(throws: EventStoreError.invalid(EventFieldError("a value of 2000 bytes is more than the log can store (SQLite's limit is 1000 bytes)", field: "event"))) {
                try store.append([try Fixtures.draft("2022-09-10", note: note)])
            }
        }
        // An area is inserted by itself, and refused as a problem of its line.
        let area = #"{"at":"2022-09-10","side":"RU","source":"MoD","note":"\#(note)","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49]]]}}"#
        let jsonl = try dir.write("a.jsonl", "\n" + area + "\n")
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, now: try EventTime(parsing: "2024-01-01T00:00Z"))
        #expect(throws: ImportRejected(problems: [.init(file: jsonl, location: "2", field: "event",
                                                        problem: "a value of 2000 bytes is more than the log can store (SQLite's limit is 1000 bytes)")],
                                       total: 1)) {
            try importer.importFiles([jsonl])
        }
        #expect(try store.count(matching: EventFilter()) == 0)
        #expect(try store.verifyChain().isIntact)
    }
}
