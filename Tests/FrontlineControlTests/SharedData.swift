import Foundation

/// The shared DeepStateMap snapshots (/work/shared/data/deepstate), found relative to this
/// file: Tests/FrontlineControlTests → ../../../shared. Tests that need them are skipped
/// without them.
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
}
