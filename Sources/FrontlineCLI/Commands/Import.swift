import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

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

            --format isw reads ISW's map layers (one GeoJSON per day of ISW's map, named by \
            the day, e.g. 20230615.geojson; layer names in English or the early archive's Japanese): \
            each file becomes a snapshot (region UA, claimant ISW, confirmed: assessed advances \
            contested, assessed control RU drawn over them, the rest of Ukraine UA) and an area \
            event per claimed layer (claimed Russian territory: RU, claimed, "Russian sources (per \
            ISW)"; claimed Ukrainian counteroffensives: UA, claimed, "Ukrainian sources (per ISW)"). \
            Features with a null geometry are skipped with a warning.

            --format layer reads any polygon layer as one side's map: --side SIDE --rest REGION \
            --claimant NAME [--status confirmed|claimed] [--source TEXT]; each file becomes a \
            snapshot of REGION (a country: UA or RU) where the layer's polygons are SIDE's and the \
            rest of REGION is REGION's own.

            isw and layer take the time from the file name (the first YYYYMMDD, YYYY-MM-DD or \
            unix time in it) unless --at is given.

            A snapshot the log already holds (same content at the same time, not retracted) is \
            skipped with a note, and so is an ISW claimed area, so an import can be run again.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockWait: LockWaitOptions

    @Argument(help: ArgumentHelp("Event files.", valueName: "file"))
    var files: [String]

    @Option(help: "csv, jsonl, geojson, deepstate, isw or layer (default: from each file's extension).")
    var format: String?

    @Option(help: ArgumentHelp("deepstate, isw, layer: the snapshot time, instead of the file name's.", valueName: "time"))
    var at: String?

    @Option(help: ArgumentHelp("layer: the side holding the layer's polygons.", valueName: "side"))
    var side: String?

    @Option(help: ArgumentHelp("layer: the region (a country, UA or RU) whose rest, beyond the layer, is its own (default UA).", valueName: "region"))
    var rest: String?

    @Option(help: ArgumentHelp("layer: whose map it is (e.g. DeepStateMap).", valueName: "name"))
    var claimant: String?

    @Option(help: ArgumentHelp("layer: confirmed (default) or claimed.", valueName: "status"))
    var status: String?

    @Option(help: ArgumentHelp("layer: the source (default: \"CLAIMANT layer FILE\").", valueName: "text"))
    var source: String?

    @Flag(help: """
        Print JSON: {"imported": N, "skipped": N, "snapshots": [...]}; deepstate and layer: \
        [{"file", "at", "skipped", "sides": {SIDE: {"km2"}}}]; isw: [{"file", "at", "skipped", \
        "layers": {ISW_LAYER: {"side", "status", "claimant", "km2"}}}].
        """)
    var json = false

    private var formatName: String? { format?.lowercased() }

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file to import") }
        if at != nil && !["deepstate", "isw", "layer"].contains(formatName ?? "") {
            throw ValidationError("--at applies to --format deepstate, isw or layer only")
        }
        if at != nil && files.count > 1 { throw ValidationError("--at gives one time: import one snapshot file with it") }
        let layerOptions = [("--side", side), ("--rest", rest), ("--claimant", claimant), ("--status", status), ("--source", source)]
        if formatName == "layer" {
            if side == nil { throw ValidationError("--format layer needs --side (the side holding the layer)") }
            if claimant?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
                throw ValidationError("--format layer needs --claimant (whose map it is)")
            }
        } else if let given = layerOptions.first(where: { $0.1 != nil }) {
            throw ValidationError("\(given.0) applies to --format layer only")
        }
    }

    struct SnapshotJSON: Encodable { let file: String; let at: String; let skipped: Bool; let sides: [String: KM2] }
    struct SummaryJSON: Encodable { let imported: Int; let skipped: Int; let snapshots: [SnapshotJSON] }
    struct LayerJSON: Encodable { let side: String; let status: String; let claimant: String; let km2: Double }
    struct ISWSnapshotJSON: Encodable { let file: String; let at: String; let skipped: Bool; let layers: [String: LayerJSON] }
    struct ISWSummaryJSON: Encodable { let imported: Int; let skipped: Int; let snapshots: [ISWSnapshotJSON] }

    /// The layer format of the options, its sides checked against the log's.
    func layerFormat(store: some EventStore, at: EventTime?) throws -> LayerFormat? {
        guard formatName == "layer", let side, let claimant else { return nil }
        let known = try store.knownSides()
        let layerSide: Side, restSide: String
        do { layerSide = try known.side(for: side) } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--side") }
        do { restSide = try known.code(for: rest ?? "UA") } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--rest") }
        let regions = try GeoData.embedded().countries.map(\.code)
        guard regions.contains(restSide) else {
            throw EventFieldError("'\(VisibleText.escaped(restSide))' is not a region: the rest of a snapshot is its region's own "
                                  + "country's (\(regions.joined(separator: " or ")))", field: "--rest")
        }
        guard layerSide.code != restSide else {
            throw EventFieldError("the layer's side and the rest are both \(restSide): the snapshot would say nothing", field: "--side")
        }
        let layerStatus: EventStatus
        do { layerStatus = try status.map { try EventStatus(parsing: $0) } ?? .confirmed } catch let error as EventFieldError {
            throw EventFieldError(error.problem, field: "--status")
        }
        for (field, text) in [(FieldRules.Field.claimant, Optional(claimant)), (.source, source)] {
            if let text, let problem = FieldRules.problem(text.trimmingCharacters(in: .whitespacesAndNewlines), as: field) {
                throw EventFieldError(problem, field: "--\(field.rawValue)")
            }
        }
        return LayerFormat(side: layerSide, rest: restSide, status: layerStatus,
                           claimant: claimant.trimmingCharacters(in: .whitespacesAndNewlines),
                           source: source.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }, at: at)
    }

    func run() throws {
        let store = try database.open(wait: lockWait)
        // The shipped settlements and the places added to the log.
        let gazetteer = try geoData(of: store).gazetteer
        let snapshotTime: EventTime?
        do { snapshotTime = try at.map { try EventTime(parsing: $0) } } catch let error as EventTimeError {
            throw EventFieldError(error.description, field: "--at")
        }
        let deepState = DeepStateFormat(at: snapshotTime)
        let isw = ISWFormat(at: snapshotTime)
        let layer = try layerFormat(store: store, at: snapshotTime)
        let importer = EventImporter(store: store, gazetteer: gazetteer,
                                     formats: EventFormats.builtIn + [deepState, isw] + (layer.map { [$0] } ?? []))
        let summary = try importer.importFiles(files, format: format)
        for warning in summary.warnings {
            Output.tell("warning", warning)
        }
        for skipped in summary.skipped {
            Output.tell("note", skipped.description)
        }
        if json && formatName == "isw" {
            try Output.printJSON(ISWSummaryJSON(imported: summary.total, skipped: summary.skipped.count, snapshots: isw.reports.map { report in
                ISWSnapshotJSON(file: report.file, at: report.at.iso8601, skipped: report.skipped > 0,
                                layers: Dictionary(uniqueKeysWithValues: report.layers.map { layer, km2 in
                                    (layer.name, LayerJSON(side: layer.side.code, status: layer.status.rawValue, claimant: layer.claimant,
                                                           km2: KM2(km2).km2))
                                }))
            }))
            return
        }
        if json, let layer {
            try Output.printJSON(SummaryJSON(imported: summary.total, skipped: summary.skipped.count, snapshots: layer.reports.map {
                SnapshotJSON(file: $0.file, at: $0.at.iso8601, skipped: $0.skipped, sides: [layer.side.code: KM2($0.km2)])
            }))
            return
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
                "\(side == .ukraine ? "UA liberated" : side.code) \(Output.km2(km2)) km²"
            }
            let note = report.skipped ? " (skipped: already in the log)" : ""
            Output.say("\(VisibleText.escaped(report.file)) (\(report.at.iso8601))\(note), as drawn: \(sides.joined(separator: ", "))")
        }
        for report in isw.reports {
            let layers = report.layers.map { layer, km2 in
                "\(layer.status == .confirmed ? "" : "claimed ")\(layer.side) \(Output.km2(km2)) km²"
                    + (layer.status == .claimed ? " (\(layer.claimant))" : layer.side == .contested ? " (assessed advances)" : "")
            }
            let note = report.skipped > 0 ? " (skipped \(report.skipped): already in the log)" : ""
            Output.say("\(VisibleText.escaped(report.file)) (\(report.at.iso8601))\(note), as ISW draws it: \(layers.joined(separator: ", "))")
        }
        if let layer {
            for report in layer.reports {
                let note = report.skipped ? " (skipped: already in the log)" : ""
                Output.say("\(VisibleText.escaped(report.file)) (\(report.at.iso8601))\(note), as drawn: \(layer.side) \(Output.km2(report.km2)) km²")
            }
        }
        let perFile = summary.eventsByFile.count > 1
            ? " (" + summary.eventsByFile.map { "\(VisibleText.escaped($0.file)): \($0.events)" }.joined(separator: ", ") + ")" : ""
        let skipped = summary.skipped.isEmpty ? ""
            : formatName == "isw" ? "; skipped \(summary.skipped.count) event\(summary.skipped.count == 1 ? "" : "s") already in the log"
            : "; skipped \(summary.skipped.count) snapshot\(summary.skipped.count == 1 ? "" : "s") already in the log"
        Output.say("imported \(summary.total) event\(summary.total == 1 ? "" : "s")\(perFile)\(skipped)")
    }
}
