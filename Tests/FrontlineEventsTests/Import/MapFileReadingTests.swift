import Foundation
import Testing
@testable import FrontlineEvents

/// The shared map data (ISW's layers, DeepState's daily layers) and GDAL's ogrinfo, which
/// measures them independently of Frontline's own GEOS and geodesic code. Both are required:
/// a test that needs them fails without them.
enum MapData {
    static let shared: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Import
        .deletingLastPathComponent()  // FrontlineEventsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // worktree
        .deletingLastPathComponent()  // work
        .appendingPathComponent("shared/data")
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every `.geojson` of a shared folder, by name; fails the test when there are fewer than `count`.
    static func files(_ folder: String, count: Int, sourceLocation: SourceLocation = #_sourceLocation) throws -> [URL] {
        let directory = shared.appendingPathComponent(folder)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.hasSuffix(".geojson") }.sorted()
        try #require(names.count >= count, "the shared data \(directory.path) is missing or incomplete", sourceLocation: sourceLocation)
        return names.map { directory.appendingPathComponent($0) }
    }

    static let ogrinfo = "/usr/bin/ogrinfo"

    /// Rows of an ogrinfo SQLite-dialect query on `file`: each row's fields by name, as text.
    static func query(_ sql: String, on file: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: String]] {
        try #require(FileManager.default.isExecutableFile(atPath: ogrinfo), "GDAL's ogrinfo is needed (apt-get install gdal-bin)",
                     sourceLocation: sourceLocation)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ogrinfo)
        process.arguments = ["-q", "-dialect", "sqlite", "-sql", sql, file]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "ogrinfo failed on \(file)", sourceLocation: sourceLocation)
        var rows: [[String: String]] = []
        for line in text.split(separator: "\n") {
            if line.hasPrefix("OGRFeature(") { rows.append([:]); continue }
            // "  name (Type) = value"
            guard !rows.isEmpty, let equals = line.range(of: " = "), let paren = line.range(of: " (") else { continue }
            rows[rows.count - 1][line[..<paren.lowerBound].trimmingCharacters(in: .whitespaces)] = String(line[equals.upperBound...])
        }
        return rows
    }
}

struct MapFileReadingTests {
    @Test func theFileNameGivesTheFirstDateOrUnixTime() throws {
        func time(_ name: String) -> String? { MapFileReading.time(inFileName: name)?.iso8601 }
        #expect(time("20230615.geojson") == "2023-06-15")
        #expect(time("deepstatemap_data_20240708.geojson") == "2024-07-08")
        #expect(time("isw-2023-06-15.json") == "2023-06-15")
        #expect(time("1662817875.geojson") == "2022-09-10T13:51:15Z")
        // Runs of digits that are none of these are passed over; the first that is one counts.
        #expect(time("layer_v3_2023_20230801_20230815.geojson") == "2023-08-01")
        #expect(time("map_20231345_20230102.geojson") == "2023-01-02")  // no 45th of the 13th month
        #expect(time("map_2023-02-30.geojson") == nil)
        #expect(time("occupied.geojson") == nil)
        #expect(time("2023.geojson") == nil)
        #expect(time("123456789012.geojson") == nil)
    }
}
