import Foundation

/// Runs the built `frontline` binary, as a user would, and captures what it printed.
enum CLI {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The `frontline` executable next to the test bundle (SwiftPM builds products with the tests).
    static let binary: URL = {
        let bundleDir = Bundle.main.bundleURL
        let candidates = [
            bundleDir.appendingPathComponent("frontline"),
            bundleDir.deletingLastPathComponent().appendingPathComponent("frontline"),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("frontline"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()

    static func run(_ arguments: [String], environment: [String: String] = [:], stdin: Data? = nil,
                    in directory: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(stdin)
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        // Read both pipes before waiting, so a full pipe cannot deadlock the child.
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        let stderrData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: stdoutData, as: UTF8.self),
                      stderr: String(decoding: stderrData, as: UTF8.self))
    }

    static func json(_ arguments: [String]) throws -> Any {
        let result = try run(arguments)
        guard result.status == 0 else { throw Failure(result: result) }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// A tool the tests need is not installed: the test fails rather than pass without checking.
    struct MissingTool: Error, CustomStringConvertible {
        let path: String
        var description: String { "\(path) is missing: run tools/setup --test" }
    }

    /// Runs an external tool the tests check output with (GDAL's ogrinfo, librsvg's
    /// rsvg-convert, sqlite3), which `tools/setup --test` installs; throws when it is missing.
    static func tool(_ path: String, _ arguments: [String]) throws -> (status: Int32, stderr: String) {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw MissingTool(path: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let messages = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, messages)
    }

    struct Failure: Error, CustomStringConvertible {
        let result: Result
        var description: String { "exit \(result.status): \(result.stderr)" }
    }
}
