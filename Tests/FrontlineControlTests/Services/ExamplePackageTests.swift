import Foundation
import FrontlineEvents
import FrontlineGeoData
import Testing
@testable import FrontlineControl

/// The library products build as a dependency of another package (Examples/ChangeThroughTheLibrary)
/// and compute a change there through the library alone: the example's figure is the one this
/// process computes on the log it wrote.
@Suite(.tags(.slow)) struct ExamplePackageTests {
    static let example = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Services
        .deletingLastPathComponent()  // FrontlineControlTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // the package
        .appendingPathComponent("Examples/ChangeThroughTheLibrary")

    /// Runs a program, its standard error going to a file (so that neither pipe can fill).
    static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-example-\(UUID().uuidString).err")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = try FileHandle(forWritingTo: errFile)
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self),
                (try? String(contentsOf: errFile, encoding: .utf8)) ?? "")
    }

    @Test func theExampleComputesAChangeThroughTheLibrary() throws {
        // SwiftPM plans a path dependency's files once and keeps the plan (`.build/debug.yaml`)
        // while the manifests are unchanged: a file added to or removed from Frontline since the
        // last build of the example is not seen (the build "completes" on the old files, or fails
        // on "missing inputs"). Without the plan, it plans again from the current files (~1 s).
        try? FileManager.default.removeItem(at: Self.example.appendingPathComponent(".build/debug.yaml"))
        let build = try Self.run("/usr/bin/env", ["swift", "build", "--package-path", Self.example.path])
        try #require(build.status == 0, "building \(Self.example.path) failed:\n\(build.stdout)\n\(build.stderr)")
        let binary = Self.example.appendingPathComponent(".build/debug/ChangeThroughTheLibrary").path
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-example-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let log = directory.appendingPathComponent("log.sqlite").path
        let result = try Self.run(binary, [log])
        try #require(result.status == 0, "\(result.stderr)")

        // The same question asked here, of the log the example wrote.
        let territory = try Territory.embedded()
        let service = ControlService(store: try SQLiteEventStore.openForReading(path: log), territory: territory,
                                     selection: try territory.selection("UA-63"))
        let report = try service.change(from: try EventTime.queryBound("2022-09-01", endOfDay: true),
                                        to: try EventTime.queryBound("2022-09-30", endOfDay: true))
        let transfer = try #require(report.change.transfers.first)
        #expect(report.change.transfers.count == 1 && transfer.from == "RU" && transfer.to == "UA")
        #expect(transfer.km2 > 50 && transfer.km2 < 2_000, "Izium's cell: \(transfer.km2) km²")
        #expect(result.stdout.contains("RU → UA: \(String(format: "%.3f", transfer.km2)) km²"), "\(result.stdout)")
        let place = try #require(report.change.places.first)
        #expect(result.stdout.contains("\(place.name) (UA-63): RU → UA"), "\(result.stdout)")
    }
}
