import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// Any polygon layer as one side's map: DeepState's daily occupied area (../shared/data/deepstate-daily).
struct LayerFormatTests {
    func importer(_ store: SQLiteEventStore, _ format: LayerFormat) -> EventImporter {
        EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [format])
    }

    /// Each daily file is one snapshot of region UA, the layer RU, dated by its name; the km²
    /// reported is the layer's own, as GDAL measures its union. Imported again, nothing is added.
    @Test func eachDailyFileIsOneSnapshotOfItsLayer() throws {
        let files = try MapData.files("deepstate-daily", count: 3)
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let format = LayerFormat(side: "RU", rest: "UA", claimant: "DeepStateMap")
        let summary = try importer(store, format).importFiles(files.map(\.path), format: "layer")
        #expect(summary.total == files.count && summary.warnings.isEmpty)
        let events = try store.allEvents()
        #expect(events.count == files.count)
        for (index, file) in files.enumerated() {
            let stem = file.deletingPathExtension().lastPathComponent
            let day = String(stem.suffix(8))
            let event = events[index], report = format.reports[index]
            #expect(event.at.iso8601 == "\(day.prefix(4))-\(day.dropFirst(4).prefix(2))-\(day.suffix(2))" && report.at == event.at)
            #expect(event.status == .confirmed && event.claimant == "DeepStateMap" && event.source == "DeepStateMap layer \(file.lastPathComponent)")
            guard case .snapshot(let snapshot) = event.subject else { Issue.record("not a snapshot"); continue }
            #expect(snapshot.region == "UA" && snapshot.parts.map(\.side) == ["RU"])
            let rows = try MapData.query("select ST_Area(ST_Union(geometry), 1) / 1e6 as km2 from \"\(stem)\"", on: file.path)
            let gdal = try #require(rows.first?["km2"].flatMap(Double.init))
            #expect(abs(report.km2 - gdal) <= 0.001 * gdal, "\(stem): \(report.km2) km², GDAL \(gdal) km²")
            #expect(report.km2 > 100_000)
        }

        let again = LayerFormat(side: "RU", rest: "UA", claimant: "DeepStateMap")
        let second = try importer(store, again).importFiles(files.map(\.path), format: "layer")
        #expect(second.total == 0 && second.skipped.count == files.count && again.reports.allSatisfy(\.skipped))
        #expect(try store.allEvents().count == files.count)
    }

    @Test func nullGeometriesAreSkippedAndAnEmptyLayerIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let format = LayerFormat(side: "RU", rest: "UA", status: .claimed, claimant: "Someone", source: "a map")
        let file = try dir.write("occupied_2024-07-08.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{},"geometry":null},
            {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[37,48],[37.2,48],[37.2,48.2],[37,48]]]}}
            ]}
            """)
        let summary = try importer(store, format).importFiles([file], format: "layer")
        #expect(summary.total == 1)
        #expect(summary.warnings == ["\(file):2:1: features[0]: geometry: null geometry: feature skipped"])
        let event = try #require(try store.allEvents().first)
        #expect(event.status == .claimed && event.source == "a map" && event.at.iso8601 == "2024-07-08")

        let empty = try dir.write("occupied_2024-07-09.geojson", #"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#)
        let rejected = try #require(throws: ImportRejected.self) { try importer(store, format).importFiles([empty], format: "layer") }
        #expect(rejected.problems.first?.field == "geometry" && rejected.problems.first?.problem.contains("no polygon") == true)
        #expect(try store.allEvents().count == 1)
    }
}
