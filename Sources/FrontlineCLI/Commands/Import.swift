import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeoData

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import events from CSV, JSON Lines or GeoJSON files: all rows of all files, or none.",
        discussion: """
            The format follows each file's extension (.csv, .jsonl/.ndjson, .geojson) unless \
            --format is given; '-' reads standard input (give --format). Every rejected row is \
            reported as file:line: field: problem, and then nothing is imported (exit 65).
            """)

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Event files.", valueName: "file"))
    var files: [String]

    @Option(help: "csv, jsonl or geojson (default: from each file's extension).")
    var format: String?

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to import") }
    }

    func run() throws {
        let gazetteer = try GeoData.embedded().gazetteer
        let store = try database.open()
        let importer = EventImporter(store: store, gazetteer: gazetteer)
        let summary = try importer.importFiles(files, format: format)
        for warning in summary.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let perFile = summary.eventsByFile.count > 1
            ? " (" + summary.eventsByFile.map { "\($0.file): \($0.events)" }.joined(separator: ", ") + ")" : ""
        print("imported \(summary.total) event\(summary.total == 1 ? "" : "s")\(perFile)")
    }
}
