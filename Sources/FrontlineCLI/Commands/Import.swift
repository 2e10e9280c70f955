import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import events from CSV, JSON Lines or GeoJSON files: all rows of all files, or none.",
        discussion: """
            The format follows each file's extension (.csv, .jsonl/.ndjson, .geojson) unless \
            --format is given; '-' reads standard input (give --format). Every rejected row is \
            reported as file:line: field: problem, and then nothing is imported (exit 65). A \
            place must name a settlement exactly (a GeoNames id, or a name in any spelling, \
            optionally "name, oblast"); a side must be UA, RU, contested or a side declared with \
            `frontline sides add`.

            --format deepstate reads DeepStateMap snapshots as archived (one GeoJSON per map, \
            named by its UTC unix time, e.g. 1662817875.geojson): each file becomes one snapshot \
            event (region UA, claimant DeepStateMap, confirmed), classified by colour: occupied → \
            RU, unknown status → contested, liberated and the rest of Ukraine → UA; territories \
            outside Ukraine are left out. --json then reports each snapshot's km² per side, as drawn \
            (UA: the liberated areas drawn; the rest of Ukraine, undrawn, is UA too).

            A snapshot the log already holds (same content at the same time, not retracted) is \
            skipped with a note, so an import can be run again.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockWait: LockWaitOptions

    @Argument(help: ArgumentHelp("Event files.", valueName: "file"))
    var files: [String]

    @Option(help: "csv, jsonl, geojson or deepstate (default: from each file's extension).")
    var format: String?

    @Option(help: ArgumentHelp("deepstate: the snapshot time, instead of the file name's.", valueName: "time"))
    var at: String?

    @Flag(help: "Print JSON: {\"imported\": N, \"skipped\": N, \"snapshots\": [{\"file\", \"at\", \"skipped\", \"sides\": {SIDE: {\"km2\"}}}]}.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to import") }
        if at != nil && format?.lowercased() != "deepstate" { throw ValidationError("--at applies to --format deepstate only") }
        if at != nil && files.count > 1 { throw ValidationError("--at gives one time: import one snapshot file with it") }
    }

    struct SnapshotJSON: Encodable { let file: String; let at: String; let skipped: Bool; let sides: [String: KM2] }
    struct SummaryJSON: Encodable { let imported: Int; let skipped: Int; let snapshots: [SnapshotJSON] }

    func run() throws {
        let gazetteer = try GeoData.embedded().gazetteer
        let store = try database.open(wait: lockWait)
        let snapshotTime: EventTime?
        do { snapshotTime = try at.map { try EventTime(parsing: $0) } } catch let error as EventTimeError {
            throw EventFieldError(error.description, field: "--at")
        }
        let deepState = DeepStateFormat(at: snapshotTime)
        let importer = EventImporter(store: store, gazetteer: gazetteer, formats: EventFormats.builtIn + [deepState])
        let summary = try importer.importFiles(files, format: format)
        for warning in summary.warnings {
            Output.tell("warning", warning)
        }
        for skipped in summary.skipped {
            Output.tell("note", skipped.description)
        }
        if json {
            try Output.printJSON(SummaryJSON(imported: summary.total, skipped: summary.skipped.count, snapshots: deepState.reports.map {
                SnapshotJSON(file: $0.file, at: $0.at.iso8601, skipped: $0.skipped, sides: sidesJSON($0.km2BySide))
            }))
            return
        }
        for report in deepState.reports {
            // Sides as drawn: the UA part is what DeepState draws as liberated, not all the land
            // Ukraine holds (the rest of Ukraine is UA without being drawn).
            let sides = report.km2BySide.sorted { $0.key < $1.key }.map { side, km2 in
                "\(side == "UA" ? "UA liberated" : side) \(Output.km2(km2)) km²"
            }
            let note = report.skipped ? " (skipped: already in the log)" : ""
            Output.say("\(VisibleText.escaped(report.file)) (\(report.at.iso8601))\(note), as drawn: \(sides.joined(separator: ", "))")
        }
        let perFile = summary.eventsByFile.count > 1
            ? " (" + summary.eventsByFile.map { "\(VisibleText.escaped($0.file)): \($0.events)" }.joined(separator: ", ") + ")" : ""
        let skipped = summary.skipped.isEmpty ? ""
            : "; skipped \(summary.skipped.count) snapshot\(summary.skipped.count == 1 ? "" : "s") already in the log"
        Output.say("imported \(summary.total) event\(summary.total == 1 ? "" : "s")\(perFile)\(skipped)")
    }
}
