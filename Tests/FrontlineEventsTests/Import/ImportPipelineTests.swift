import Foundation
import FrontlineGeoData
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents

/// The import's two sinks (``ImportSink``) leave the same log: the SQLite store's pipeline
/// (``PipelinedSink``: rows prepared, linked and packed on a reading thread) and the plain
/// reference any store gets (``RowByRowSink``: each window in replay order, each row through
/// ``EventBatch/append(_:)``). Same events at the same chain positions, in the same batches, and
/// each chain intact over them: the two chains differ only by what each batch draws fresh (its
/// recording time and first id).
struct ImportPipelineTests {
    static let header = "at,place,side,status,claimant,source,url,note\n"

    /// Every stored column but those a batch draws fresh (ids, recording times, hashes), in chain
    /// order: events, snapshot parts, side codes, batch sizes.
    static func stored(_ path: String) throws -> [[DatabaseValue]] {
        try DatabaseQueue(path: path).read { db in
            try [
                """
                SELECT seq, batch, at_utc, at_text, kind, place_id, geometry, region, min_lon, min_lat, max_lon, max_lat,
                       side, status, claimant, source, url, note FROM events ORDER BY seq
                """,
                "SELECT * FROM snapshot_parts ORDER BY event_seq, position",
                "SELECT code FROM sides ORDER BY code",
                "SELECT first_seq, size FROM batches ORDER BY first_seq",
            ].flatMap { sql in try Row.fetchAll(db, sql: sql).map { Array($0.databaseValues) } }
        }
    }

    /// Imports `files` into a new log at `dir/name` through `store(log)`'s appending.
    static func importing(_ files: [String], format: String? = nil, into path: String, rowByRow: Bool,
                          foreign: Bool = false) throws -> (ImportSummary, SQLiteEventStore) {
        let log = try SQLiteEventStore(path: path)
        log.pipelinesImports = !rowByRow
        let store: any EventStore = foreign ? PublicOnlyStore(log) : log
        #expect(store.importAppending.isPipelined == !(rowByRow || foreign))
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer,
                                     formats: EventFormats.builtIn + [DeepStateFormat()],
                                     now: try EventTime(parsing: "2026-01-01T00:00Z"))
        let summary = try importer.importFiles(files, format: format)
        if let foreign = store as? PublicOnlyStore { #expect(foreign.appendedThroughBatches == summary.total) }
        return (summary, log)
    }

    /// A CSV like the benchmark's (`tools/bench/import`): out of time order, over more than one
    /// window (``EventImporter/replayWindow``), every side and status, places by id and by name
    /// (the byte path and the string path), quoted notes, times in several spellings.
    static func realishCSV(rows: Int) -> String {
        let places = ["707292", "703656", "706483", "Izium", "Kupiansk", " 706483"]
        let sides = ["UA", "RU", "contested", "ua"]
        let notes = ["", #""shelling, then ""clearing""""#, "x", ""]
        let formatter = ISO8601DateFormatter()
        var state: UInt64 = 42  // a linear congruential sequence: the same file every run
        var csv = header
        for row in 0..<rows {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let seconds = 1_645_660_800 + Int(state >> 33) % 94_608_000
            let at = Date(timeIntervalSince1970: TimeInterval(seconds))
            let time = row % 7 == 0 ? String(formatter.string(from: at).prefix(10)) : formatter.string(from: at)
            csv += "\(time),\(places[row % places.count]),\(sides[row % sides.count]),\(row % 2 == 0 ? "claimed" : "confirmed"),"
            csv += "General Staff,Bench source \(row % 97),https://example.org/\(row),\(notes[row % notes.count])\n"
        }
        return csv
    }

    @Test func aCSVImportLeavesTheSameLogPipelinedAndRowByRow() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let csv = try dir.write("events.csv", Self.realishCSV(rows: EventImporter.replayWindow + 3_000))
        let (pipelined, fast) = try Self.importing([csv], into: dir.path("pipelined.sqlite"), rowByRow: false)
        let (rowByRow, plain) = try Self.importing([csv], into: dir.path("row-by-row.sqlite"), rowByRow: true)
        #expect(pipelined.total == EventImporter.replayWindow + 3_000)
        #expect(rowByRow.total == pipelined.total)
        let stored = try Self.stored(dir.path("pipelined.sqlite"))
        #expect(stored.count > pipelined.total)
        #expect(stored == (try Self.stored(dir.path("row-by-row.sqlite"))))
        #expect(try fast.verifyChain().isIntact)
        #expect(try plain.verifyChain().isIntact)
        #expect(try plain.checkStorage() == [])
    }

    @Test func aDeepStateImportLeavesTheSameLogPipelinedAndRowByRow() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let files = try ["1648989208", "1662817875", "1675299936"].map(DeepStateReimportTests.shared)
        let (pipelined, fast) = try Self.importing(files, format: "deepstate", into: dir.path("pipelined.sqlite"), rowByRow: false)
        let (rowByRow, plain) = try Self.importing(files, format: "deepstate", into: dir.path("row-by-row.sqlite"), rowByRow: true)
        #expect(pipelined.total >= 3)
        #expect(rowByRow.total == pipelined.total)
        #expect(rowByRow.warnings == pipelined.warnings)
        let stored = try Self.stored(dir.path("pipelined.sqlite"))
        #expect(stored.contains { $0.count > 4 && $0[4] == "snapshot".databaseValue })
        #expect(stored == (try Self.stored(dir.path("row-by-row.sqlite"))))
        #expect(try fast.verifyChain().isIntact)
        #expect(try plain.verifyChain().isIntact)
    }

    /// A store that implements the public protocol alone takes an import, row by row, and the
    /// log is the pipeline's; the snapshot ledger reads it through the same protocol.
    @Test func aStoreWithOnlyThePublicProtocolTakesAnImport() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let csv = try dir.write("events.csv", Self.realishCSV(rows: 2_000))
        let snapshot = try DeepStateReimportTests.shared("1662817875")
        _ = try Self.importing([csv], into: dir.path("pipelined.sqlite"), rowByRow: false)
        _ = try Self.importing([csv], into: dir.path("foreign.sqlite"), rowByRow: false, foreign: true)
        #expect(try Self.stored(dir.path("pipelined.sqlite")) == (try Self.stored(dir.path("foreign.sqlite"))))

        let (first, log) = try Self.importing([snapshot], format: "deepstate", into: dir.path("snapshots.sqlite"),
                                              rowByRow: false, foreign: true)
        #expect(first.total == 1)
        let importer = EventImporter(store: PublicOnlyStore(log), gazetteer: Fixtures.gazetteer,
                                     formats: EventFormats.builtIn + [DeepStateFormat()])
        let again = try importer.importFiles([snapshot], format: "deepstate")
        #expect(again.total == 0)
        #expect(again.skipped.count == 1)
        #expect(try log.verifyChain().isIntact)
    }

    /// Problems are the reader's, whichever sink: the same report, and nothing kept.
    @Test func theSameRowsAreRefusedWithTheSameProblems() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let csv = try dir.write("events.csv", Self.header + """
            2022-09-10,707292,UA,claimed,,ISW,,
            2022-09-11,Nowhere at all,UA,claimed,,ISW,,
            2022-09-12,707292,XX,claimed,,ISW,,
            2022-09-13,707292,UA,claimed,,,,

            """)
        func problems(rowByRow: Bool, foreign: Bool = false, _ name: String) throws -> [String] {
            let path = dir.path(name)
            do {
                _ = try Self.importing([csv], into: path, rowByRow: rowByRow, foreign: foreign)
                return ["not rejected"]
            } catch let rejected as ImportRejected {
                #expect(try SQLiteEventStore(path: path).count(matching: EventFilter()) == 0)
                return rejected.problems.map(\.description)
            }
        }
        let pipelined = try problems(rowByRow: false, "a.sqlite")
        #expect(pipelined.count == 3)
        #expect(try problems(rowByRow: true, "b.sqlite") == pipelined)
        #expect(try problems(rowByRow: true, foreign: true, "c.sqlite") == pipelined)
    }
}
