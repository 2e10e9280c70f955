import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

struct DeepStateFormatTests {
    /// /work/shared/data/deepstate, found relative to this file; tests that need it are skipped
    /// without it.
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/deepstate")
    static var available: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("1662817875.geojson").path) }

    @Test func coloursAndNamesClassifyEveryConvention() throws {
        #expect(try DeepStateFormat.classify(fill: "#a52714", name: "Окуповано /// Occupied") == "RU")
        #expect(try DeepStateFormat.classify(fill: "#880E4F", name: "Окупований Крим /// Occupied Crimea") == "RU")
        #expect(try DeepStateFormat.classify(fill: "#000000", name: "ОРДЛО") == "RU")
        #expect(try DeepStateFormat.classify(fill: "#0f9d58", name: "Звільнено /// Liberated") == "UA")
        #expect(try DeepStateFormat.classify(fill: "#bcaaa4", name: "Unknown status") == "contested")
        // Outside Ukraine: left out, including Transnistria drawn in the pre-2022 occupation colour.
        #expect(try DeepStateFormat.classify(fill: "#ff5252", name: "Occupied Abkhazia") == nil)
        #expect(try DeepStateFormat.classify(fill: "#880e4f", name: "Придністров'я") == nil)
        #expect(throws: EventFieldError.self) { try DeepStateFormat.classify(fill: "#123456", name: "new layer") }
        #expect(throws: EventFieldError.self) { try DeepStateFormat.classify(fill: nil, name: "no colour") }
    }

    /// The import measures each side from nested unions; it must be what painting leaves
    /// visible, measured directly, including a side covered entirely by later ones.
    @Test func paintedAreasFromNestedUnionsAreThePaintedParts() throws {
        let context = try GEOSContext()
        func square(_ lon: Double, _ lat: Double, _ size: Double) throws -> GEOSGeometry {
            try GEOSGeometry(.polygon(try Polygon(exterior: [
                .init(lon: lon, lat: lat), .init(lon: lon + size, lat: lat), .init(lon: lon + size, lat: lat + size),
                .init(lon: lon, lat: lat + size), .init(lon: lon, lat: lat)])), context: context)
        }
        let layers = [("UA", try square(36.0, 48.0, 1.0)), ("hidden", try square(36.2, 48.2, 0.3)),
                      ("contested", try square(36.5, 48.5, 1.0)), ("RU", try square(36.1, 48.1, 0.6))]
        let km2 = try DeepStateFormat.paintedKm2(layers)
        let visible = try GEOSGeometry.overlapFree(layers.map(\.1))
        #expect(visible.count == layers.count)
        for ((side, _), own) in zip(layers, visible) {
            let expected = try own.isEmpty ? 0 : try own.geometry().drawnAreaKm2
            #expect(abs(try #require(km2[side]) - expected) < 1e-6 * max(1, expected), "\(side)")
        }
        #expect(km2["hidden"] ?? -1 < 1e-6)
        #expect(try #require(km2["UA"]) > 1_000)
    }

    @Test func anUnknownColourRejectsTheImportNamingTheFeature() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("1662817875.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"x","fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}},
            {"type":"Feature","properties":{"name":"mystery","fill":"#abcdef"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}}
            ]}
            """)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [DeepStateFormat()])
        #expect {
            try importer.importFiles([file], format: "deepstate")
        } throws: { error in
            let rejected = error as? ImportRejected
            return rejected?.problems.first.map { $0.location == "3:1: features[1]" && $0.field == "fill" && $0.problem.contains("#abcdef") } == true
        }
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    /// A feature is named where it starts (`file:line:column: features[N]`), and a name or a
    /// colour with a line feed or an escape cannot split the report's lines or reach a terminal.
    @Test func aFeatureIsNamedByItsPositionAndItsNameCannotSplitTheLine() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("1662817875.geojson", """
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"x","fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}},   {"type":"Feature","properties":{"name":"a\\nb\\u001b[2J","fill":"#ab\\ncd"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}}
            ]}
            """)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [DeepStateFormat()])
        do {
            _ = try importer.importFiles([file], format: "deepstate")
            Issue.record("imported a feature of unknown colour")
        } catch let rejected as ImportRejected {
            let problem = try #require(rejected.problems.first)
            #expect(problem.location == "2:148: features[1]")
            #expect(problem.description == "\(file):2:148: features[1]: fill: unknown status colour '#ab\\ncd' (name 'a\\nb\\u{1B}[2J'): classify it in DeepStateFormat")
            #expect(!rejected.description.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
            #expect(rejected.description.split(separator: "\n").count == 2)
        }
    }

    /// Files are prepared several at once; events, counts and reports still come in the order
    /// given, and a problem names its own file.
    @Test func severalFilesAreReadTogetherButImportedInOrder() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        func snapshot(_ time: Int, fill: String, west: Int) throws -> String {
            try dir.write("\(time).geojson", """
                {"type":"FeatureCollection","features":[
                {"type":"Feature","properties":{"name":"x","fill":"\(fill)"},"geometry":{"type":"Polygon","coordinates":[[[\(west),49],[\(west + 1),49],[\(west + 1),50],[\(west),49]]]}}
                ]}
                """)
        }
        let times = [1662900000, 1662800000, 1663000000, 1662700000, 1662950000]
        let files = try times.enumerated().map { try snapshot($1, fill: "#a52714", west: 30 + $0) }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let format = DeepStateFormat()
        let summary = try EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [format]).importFiles(files, format: "deepstate")
        #expect(summary.eventsByFile.map(\.file) == files)
        #expect(format.reports.map(\.file) == files)
        let events = try store.allEvents()
        #expect(events.map { $0.at.millisecondsSinceEpoch / 1000 } == times.sorted().map(Int64.init))
        // The first file's square lies at 30°E: its event is the one at its own time.
        guard case .snapshot(let first) = try #require(events.first { $0.at.millisecondsSinceEpoch == Int64(times[0]) * 1000 }).subject else {
            Issue.record("not a snapshot"); return
        }
        #expect(first.parts.first?.geometry.boundingBox?.minLon == 30)

        let bad = try snapshot(1663100000, fill: "#abcdef", west: 40)
        let other = try TempDir()
        defer { other.remove() }
        let second = try SQLiteEventStore(path: other.path("log.sqlite"))
        #expect {
            try EventImporter(store: second, gazetteer: Fixtures.gazetteer, formats: [DeepStateFormat()])
                .importFiles([files[0], bad, files[1]], format: "deepstate")
        } throws: { error in
            (error as? ImportRejected)?.problems.map(\.file) == [bad]
        }
        #expect(try second.count(matching: EventFilter()) == 0)
    }

    @Test func aFileNameThatIsNotATimeNeedsAt() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("snapshot.geojson", #"{"type":"FeatureCollection","features":[]}"#)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        #expect(throws: ImportRejected.self) {
            try EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [DeepStateFormat()]).importFiles([file], format: "deepstate")
        }
        let at = try EventTime(parsing: "2022-09-10T13:51:15Z")
        let summary = try EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [DeepStateFormat(at: at)])
            .importFiles([file], format: "deepstate")
        #expect(summary.total == 1)
        #expect(try store.allEvents().first?.at == at)
    }

    /// DeepState published 77,596.84 + 43,162.36 = 120,759.20 km² occupied for 2022-09-10 13:51 UTC
    /// (per-polygon, spherical, overlaps counted twice); Frontline's overlap-free WGS84 figure
    /// must be within 0.5 %.
    @Test
    func theTenSeptemberSnapshotMatchesThePublishedOccupiedArea() throws {
        try #require(DeepStateFormatTests.available, "the shared DeepStateMap archive (../shared/data/deepstate) is missing")
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let format = DeepStateFormat()
        let summary = try EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [format])
            .importFiles([Self.folder.appendingPathComponent("1662817875.geojson").path], format: "deepstate")
        #expect(summary.total == 1)
        let report = try #require(format.reports.first)
        #expect(report.at == (try EventTime(parsing: "2022-09-10T13:51:15Z")))
        let ru = try #require(report.km2BySide["RU"])
        let published = 77_596.84 + 43_162.36
        print("DeepState 2022-09-10 13:51: RU \(ru) km² vs published \(published) km² (\((ru / published - 1) * 100) %)")
        #expect(abs(ru / published - 1) < 0.005)
        #expect(report.outsideUkraine > 0)  // Transnistria, Abkhazia, … are left out
        let event = try #require(try store.allEvents().first)
        #expect(event.claimant == "DeepStateMap" && event.status == .confirmed)
        guard case .snapshot(let snapshot) = event.subject else { Issue.record("not a snapshot"); return }
        #expect(snapshot.region == "UA")
        #expect(snapshot.parts.map(\.side) == ["UA", "contested", "RU"])
    }
}
