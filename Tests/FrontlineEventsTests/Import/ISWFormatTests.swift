import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// ISW's layers (../shared/data/isw), imported as a user would, measured against GDAL.
struct ISWFormatTests {
    func importFiles(_ files: [URL], into dir: TempDir, format: ISWFormat = ISWFormat()) throws -> (ImportSummary, SQLiteEventStore) {
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let summary = try EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [format]).importFiles(files.map(\.path), format: "isw")
        return (summary, store)
    }

    /// Every shared day: each layer's km² is the overlap-free union of its features, as GDAL
    /// (SpatiaLite's ST_Union, ellipsoidal ST_Area) measures it; the early days' Japanese layer
    /// names come out as ISW's; every null geometry is skipped with a warning naming it.
    @Test func everyLayerOfEveryDayMeasuresAsGDALsUnion() throws {
        let files = try MapData.files("isw", count: 9)
        let dir = try TempDir()
        defer { dir.remove() }
        let format = ISWFormat()
        let (summary, store) = try importFiles(files, into: dir, format: format)
        #expect(summary.total == 3 * files.count && summary.skipped.isEmpty)
        #expect(format.reports.count == files.count)
        var japanese = 0
        for (file, report) in zip(files, format.reports) {
            #expect(report.file == file.path)
            let stem = file.deletingPathExtension().lastPathComponent
            #expect(report.at.iso8601 == "\(stem.prefix(4))-\(stem.dropFirst(4).prefix(2))-\(stem.suffix(2))")
            let rows = try MapData.query("select layer, ST_Area(ST_Union(geometry), 1) / 1e6 as km2 from \"\(stem)\" "
                                         + "where geometry is not null group by layer", on: file.path)
            var expected: [String: Double] = [:]
            for row in rows {
                let name = try #require(row["layer"])
                let (layer, _) = try #require(ISWFormat.layer(named: name), "\(name)")
                if layer.name != name { japanese += 1 }
                expected[layer.name, default: 0] += try #require(row["km2"].flatMap(Double.init))
            }
            let measured = Dictionary(uniqueKeysWithValues: report.layers.map { ($0.layer.name, $0.km2) })
            #expect(Set(measured.keys) == Set(expected.keys), "\(stem)")
            #expect(Set(measured.keys).isSubset(of: ISWFormat.layers.map(\.name)))
            for (name, km2) in expected {
                let ours = measured[name] ?? -1
                #expect(abs(ours - km2) <= 0.001 * km2 + 0.01, "\(stem) \(name): \(ours) km², GDAL \(km2) km²")
            }
            // Null geometries, counted from the file itself.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
            let features = try #require(json["features"] as? [[String: Any]])
            let nulls = features.indices.filter { features[$0]["geometry"] is NSNull }
            #expect(!nulls.isEmpty)
            let warned = summary.warnings.filter { $0.hasPrefix(file.path + ":") && $0.contains("null geometry") }
            #expect(warned.count == nulls.count, "\(stem)")
            for index in nulls {
                #expect(warned.contains { $0.range(of: #":\d+:\d+: features\[\#(index)\]: geometry: null geometry"#, options: .regularExpression) != nil })
            }
        }
        // 20230501 and 20230515 name their layers in Japanese (three each).
        #expect(japanese == 6)

        // Each day: ISW's snapshot, then the Russian claims, then the Ukrainian ones.
        let events = try store.allEvents()
        #expect(events.count == 27)
        for day in stride(from: 0, to: events.count, by: 3) {
            let (snapshot, russian, ukrainian) = (events[day], events[day + 1], events[day + 2])
            #expect(snapshot.at == russian.at && russian.at == ukrainian.at)
            guard case .snapshot(let map) = snapshot.subject else { Issue.record("not a snapshot"); continue }
            #expect(map.region == "UA" && map.parts.map(\.side) == ["contested", "RU"])
            #expect(snapshot.status == .confirmed && snapshot.claimant == "ISW" && snapshot.source.hasPrefix("ISW map "))
            #expect(russian.subject.kind == .area && russian.side == "RU" && russian.status == .claimed
                    && russian.claimant == "Russian sources (per ISW)")
            #expect(ukrainian.subject.kind == .area && ukrainian.side == "UA" && ukrainian.status == .claimed
                    && ukrainian.claimant == "Ukrainian sources (per ISW)")
        }
    }

    @Test func importingAgainSkipsTheSnapshotAndTheClaims() throws {
        let file = try #require(try MapData.files("isw", count: 9).first { $0.lastPathComponent == "20230615.geojson" })
        let dir = try TempDir()
        defer { dir.remove() }
        _ = try importFiles([file], into: dir)
        let format = ISWFormat()
        let (again, store) = try importFiles([file], into: dir, format: format)
        #expect(again.total == 0 && again.skipped.count == 3)
        #expect(again.skipped.map(\.kind) == ["snapshot", "area", "area"])
        #expect(format.reports.first?.skipped == 3)
        #expect(try store.allEvents().count == 3)
    }

    @Test func anUnknownLayerOrAMissingDateRejectsTheFileNamingWhere() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let square = #"{"type":"Polygon","coordinates":[[[37,48],[37.2,48],[37.2,48.2],[37,48]]]}"#
        let bad = try dir.write("20230615.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"layer":"VIEW_RussiaCoTinUkraine_V3"},"geometry":\(square)},
            {"type":"Feature","properties":{"layer":"VIEW_Something_New"},"geometry":\(square)}
            ]}
            """)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: [ISWFormat()])
        let rejected = try #require(throws: ImportRejected.self) { try importer.importFiles([bad], format: "isw") }
        #expect(rejected.problems.map(\.location) == ["3:1: features[1]"])
        #expect(rejected.problems.first?.field == "properties.layer")
        #expect(rejected.problems.first?.problem.contains("unknown ISW layer 'VIEW_Something_New'") == true)

        let undated = try dir.write("isw.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"layer":"VIEW_RussiaCoTinUkraine_V3"},"geometry":\(square)}]}
            """)
        let noDate = try #require(throws: ImportRejected.self) { try importer.importFiles([undated], format: "isw") }
        #expect(noDate.problems.first?.field == "file name" && noDate.problems.first?.problem.contains("give --at") == true)
        // No assessed control: not an ISW map.
        let claimsOnly = try dir.write("20230616.geojson", """
            {"type":"FeatureCollection","features":[{"type":"Feature","properties":{"layer":"VIEW_ClaimedUkrainianCounteroffensives_V2"},"geometry":\(square)}]}
            """)
        let notISW = try #require(throws: ImportRejected.self) { try importer.importFiles([claimsOnly], format: "isw") }
        #expect(notISW.problems.first?.problem.contains("not an ISW map") == true)
        #expect(try store.allEvents().isEmpty)
    }
}
