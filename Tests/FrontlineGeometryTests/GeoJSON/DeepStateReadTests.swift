import Foundation
import Testing
@testable import FrontlineGeometry

/// Reads every DeepStateMap snapshot in the shared data folder (/work/shared/data/deepstate,
/// found relative to this file: Tests/FrontlineGeometryTests/GeoJSON → ../../../../shared/...).
/// Fails when the folder is not there: no test passes without the data it checks.
@Suite(.tags(.slow)) struct DeepStateReadTests {
    static let folder: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // GeoJSON
        .deletingLastPathComponent()  // FrontlineGeometryTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // main
        .deletingLastPathComponent()  // work
        .appendingPathComponent("shared/data/deepstate")

    static var files: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".geojson") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static var available: Bool { !files.isEmpty }

    @Test
    func readsEverySnapshot() throws {
        try #require(DeepStateReadTests.available, "the shared DeepStateMap archive (../shared/data/deepstate) is missing")
        let files = Self.files
        #expect(files.count == 89)
        var features = 0, polygonal = 0, warnings = 0
        for file in files {
            let document = try GeoJSONReader().read(contentsOfFile: file.path)
            let polygons = document.features.filter { !($0.geometry?.polygons.isEmpty ?? true) }
            #expect(!polygons.isEmpty, "\(file.lastPathComponent) has no polygonal features")
            features += document.features.count
            polygonal += polygons.count
            warnings += document.warnings.count
            for warning in document.warnings { print(warning) }
        }
        print("DeepState: \(files.count) files, \(features) features (\(polygonal) polygonal), \(warnings) warnings")
    }

    /// The snapshot DeepState published figures for: its features carry names and fill colours.
    @Test
    func september10Snapshot() throws {
        try #require(DeepStateReadTests.available, "the shared DeepStateMap archive (../shared/data/deepstate) is missing")
        let document = try GeoJSONReader().read(contentsOfFile: Self.folder.appendingPathComponent("1662817875.geojson").path)
        let occupied = document.features.filter { $0.properties?["fill"] == "#a52714" }
        #expect(!occupied.isEmpty)
        #expect(occupied.allSatisfy { !($0.geometry?.polygons.isEmpty ?? true) })
        for warning in document.warnings { print(warning) }
    }
}
