import Foundation
import Testing

/// The exact windows of the shared DeepState archive on which `change`, `export --from` and
/// `render --from` exited 70 with "GEOS intersects failed: TopologyException: side location
/// conflict" (issue 17), run as a user would, and a sample of others of export and render; and
/// the commands that exited 70 where GEOS's rectangle clip or snap-rounding threw on a sliver
/// (issue 20: fixtures in FrontlineGeometryTests' GEOS/Robustness).
/// The archive sweep itself (every window, through the library) is in FrontlineControlTests.
@Suite(.serialized, .tags(.slow)) struct ArchiveRegressionTests {
    static let archive: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("shared/data/deepstate")
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cli-cache-\(getpid())").path

    /// One log of the whole DeepState archive for the suite.
    static let log = importedLog(archive, format: "deepstate", atLeast: 89)
    /// One log of ISW's archive (assessed and claimed layers) for the suite.
    static let iswLog = importedLog(archive.deletingLastPathComponent().appendingPathComponent("isw"), format: "isw", atLeast: 9)

    /// A fresh log of every map in `folder`; an error when the folder has fewer than `atLeast`.
    static func importedLog(_ folder: URL, format: String, atLeast: Int) -> Result<URL, any Error> {
        Result {
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".geojson") }.sorted()
            guard files.count >= atLeast else {
                throw CLI.Failure(result: .init(status: -1, stdout: "", stderr: "the shared archive is missing or incomplete at \(folder.path)"))
            }
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-\(format)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db = dir.appendingPathComponent("log.sqlite")
            let result = try CLI.run(["import", "--db", db.path, "--format", format] + files.map { folder.appendingPathComponent($0).path },
                                     environment: ["FRONTLINE_CACHE_DIR": cache])
            guard result.status == 0 else { throw CLI.Failure(result: result) }
            return db
        }
    }

    func run(_ arguments: [String]) throws -> CLI.Result {
        try CLI.run(arguments + ["--db", try Self.log.get().path], environment: ["FRONTLINE_CACHE_DIR": Self.cache])
    }

    @Test(arguments: [
        ["change", "--from", "2023-11-02", "--to", "2024-11-02"],
        ["change", "--from", "2023-11-01T21:39:08Z", "--to", "2023-12-01T17:25:17Z"],
        ["change", "--from", "2022-05-01T06:49:55Z", "--to", "2022-06-01T06:57:21Z"],
        ["export", "--from", "2024-07-30", "--at", "2025-07-30", "-o", "-"],
        ["export", "--from", "2024-04-02T20:20:35Z", "--at", "2025-04-01T20:25:35Z", "-o", "-"],
        ["render", "--from", "2024-07-30", "--at", "2025-07-30", "--area", "UA-63", "-o", "-"],
        ["render", "--from", "2023-07-01T13:05:30Z", "--at", "2024-07-01T20:43:43Z", "-o", "-"],
        // "GEOS setPrecision failed: TopologyException: unable to assign free hole to a shell".
        ["export", "--from", "2023-01-01", "--at", "2023-06-01", "--area", "UA", "--layers", "changes", "-o", "-"],
    ])
    func windowThatCrashedNowComputes(_ arguments: [String]) throws {
        let result = try run(arguments.map { $0 == "-" ? FileManager.default.temporaryDirectory.appendingPathComponent("archive-\(UUID().uuidString).out").path : $0 })
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(!result.stderr.contains("TopologyException"))
    }

    /// "GEOS clipByRect failed: IllegalArgumentException: Invalid number of points in
    /// LinearRing found 3", on ISW's map of 2023-06-01.
    @Test(arguments: [
        ["hubs", "--at", "2023-06-01"],
        ["export", "--at", "2023-06-01", "--layers", "hubs,routes", "-o", "-"],
    ])
    func iswMapThatCrashedNowComputes(_ arguments: [String]) throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("isw-\(UUID().uuidString).out").path
        let result = try CLI.run(arguments.map { $0 == "-" ? output : $0 } + ["--db", try Self.iswLog.get().path],
                                 environment: ["FRONTLINE_CACHE_DIR": Self.cache])
        #expect(result.status == 0, "\(arguments.joined(separator: " ")): \(result.stderr)")
        #expect(!result.stderr.contains("GEOS"))
    }
}
