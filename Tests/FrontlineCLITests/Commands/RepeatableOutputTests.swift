import Foundation
import Testing

/// The same map gives the same bytes on every run: a newsroom diffs exports, and a refactor is
/// checked byte for byte against the last build (`tools/compare-outputs`). Each run is its own
/// process, with its own seed for Swift's hashing, so an output that follows a dictionary's
/// order would differ between them.
extension ControlCommandTests {
    @Test func exportsRendersAndFrontLinesAreTheSameBytesOnEveryRun() throws {
        try #require(FileManager.default.fileExists(atPath: Self.deepState.path), "the shared DeepStateMap archive (../shared/data/deepstate) is missing")
        defer { try? FileManager.default.removeItem(at: dir) }
        let imported = try run(["import", "--format", "deepstate", Self.deepState.path])
        try #require(imported.status == 0, "\(imported.stderr)")
        for command in [["export", "--at", "2022-09-11", "--layers", "control,frontline"],
                        ["render", "--at", "2022-09-11", "--bbox", "36.0,48.8,38.6,50.4"]] {
            let runs = try (0..<3).map { _ in try run(command) }
            for result in runs { #expect(result.status == 0, "\(command): \(result.stderr)") }
            #expect(runs[0].stdout.count > 10_000)
            #expect(runs[1].stdout == runs[0].stdout, "\(command[0]): the second run's bytes differ")
            #expect(runs[2].stdout == runs[0].stdout, "\(command[0]): the third run's bytes differ")
        }
    }
}
