import Foundation
import Testing

/// The shared DeepStateMap snapshots (/work/shared/data/deepstate), found relative to this
/// file: Tests/FrontlineControlTests → ../../../shared. Every test that needs them
/// fails without them (``all()``, or `#require` on ``has(_:)``): none passes without checking.
enum SharedData {
    static let deepState: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // FrontlineControlTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // main
        .deletingLastPathComponent()  // work
        .appendingPathComponent("shared/data/deepstate")

    static func snapshot(_ stem: String) -> URL { deepState.appendingPathComponent("\(stem).geojson") }

    static func has(_ stems: [String]) -> Bool {
        stems.allSatisfy { FileManager.default.fileExists(atPath: snapshot($0).path) }
    }

    /// Every snapshot of the archive, oldest first (named by their unix time); records an
    /// issue, failing the test, when the folder is missing or holds fewer than 89.
    static func all(sourceLocation: SourceLocation = #_sourceLocation) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: deepState.path)) ?? []
        let stems = names.filter { $0.hasSuffix(".geojson") }.compactMap { Int($0.dropLast(8)) }.sorted()
        try #require(stems.count >= 89, "the shared DeepStateMap archive is missing or incomplete at \(deepState.path)",
                     sourceLocation: sourceLocation)
        return stems.map { snapshot(String($0)) }
    }
}
