import Foundation
import Testing

/// `tools/fuzz/fuzz` on the built binary, as CI runs it: every case of the corpus (the hostile
/// inputs of issue 18 and small valid seeds, with the large inputs it generates), then a short
/// run of mutations of a fixed seed. A finding fails the test with the fuzzer's report; the
/// cases are saved with a `repro.sh` under the directory the failure names.
@Suite(.serialized, .tags(.slow)) struct FuzzCorpusTests {
    /// The repository: this file is Tests/FrontlineCLITests/Fuzz/FuzzCorpusTests.swift.
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs the fuzzer with python3 from PATH (`tools/setup --test` installs it); fails, not
    /// skips, when it cannot run.
    func fuzz(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let script = Self.repository.appendingPathComponent("tools/fuzz/fuzz").path
        #expect(FileManager.default.fileExists(atPath: script), "tools/fuzz/fuzz not found at \(script)")
        let findings = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-fuzz-findings-\(UUID().uuidString)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--binary", CLI.binary.path, "--findings", findings.path, "--jobs", "2"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if process.terminationStatus == 0 { try? FileManager.default.removeItem(at: findings) }
        return (process.terminationStatus, text)
    }

    @Test func everyCorpusCaseKeepsTheOracle() throws {
        let (status, output) = try fuzz(["--corpus-only"])
        #expect(status != 127, "python3 is not installed: run tools/setup --test\n\(output)")
        #expect(status == 0, "\(output)")
        // The run covered the corpus: every kind of input, and the generated large ones.
        #expect(output.contains("no findings"), "\(output)")
        for kind in ["csv", "jsonl", "geojson", "deepstate", "record", "log"] {
            #expect(output.contains(" \(kind) "), "no \(kind) case ran:\n\(output)")
        }
    }

    @Test func aShortSeededMutationRunFindsNothing() throws {
        let (status, output) = try fuzz(["--skip-corpus", "--seed", "18", "--runs", "60"])
        #expect(status != 127, "python3 is not installed: run tools/setup --test\n\(output)")
        #expect(status == 0, "\(output)")
        #expect(output.contains("fuzz: 60 cases (0 corpus, 60 mutations)"), "\(output)")
    }
}
