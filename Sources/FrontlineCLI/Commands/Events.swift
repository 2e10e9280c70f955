import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List events in replay order (by time, then in the order recorded).",
        discussion: """
            --from and --to are inclusive; a date alone means the start of that day for --from and \
            its end for --to ("as of"). Retracted events are listed and marked. --format jsonl|csv \
            writes what `frontline import` reads (retracted events are left out, and CSV cannot \
            carry areas: use jsonl when there are any).
            """)

    enum ExportFormat: String, ExpressibleByArgument, CaseIterable { case jsonl, csv }

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("Events at or after this time.", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("Events at or before this time (a date: the end of that day).", valueName: "time"))
    var to: String?

    @Option(help: "Only this settlement (GeoNames id, name, or \"name, oblast\").")
    var place: String?

    @Option(help: "Only this side.")
    var side: String?

    @Option(help: "Only claimed or only confirmed events.")
    var status: String?

    @Flag(help: "Print a JSON array.")
    var json = false

    @Option(help: "Write jsonl or csv for `frontline import`.")
    var format: ExportFormat?

    func validate() throws {
        if json && format != nil { throw ValidationError("give --json or --format, not both") }
    }

    /// The filter, but for --place, which is resolved once the log is open (``run()``).
    func filter() throws -> EventFilter {
        var filter = EventFilter()
        do {
            filter.from = try from.map { try EventTime.queryBound($0, endOfDay: false) }
        } catch let error as EventTimeError { throw EventFieldError(error.description, field: "--from") }
        do {
            filter.to = try to.map { try EventTime.queryBound($0, endOfDay: true) }
        } catch let error as EventTimeError { throw EventFieldError(error.description, field: "--to") }
        if let from = filter.from, let to = filter.to, to < from {
            throw ControlError.emptyInterval(from: self.from!, to: self.to!)  // a usage error (64), as in change and timeline
        }
        if let side {
            do { filter.side = try Side(side) } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--side") }
        }
        if let status {
            do { filter.status = try EventStatus(parsing: status) } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--status") }
        }
        return filter
    }

    func run() throws {
        var filter = try filter()
        let store = try database.openForReading()
        // In the shipped settlements and the places added to the log.
        if let place { filter.placeID = try geoData(of: store).gazetteer.resolve(place).id }
        switch format {
        case .jsonl:
            filter.includeRetracted = false
            try write(store, filter) { EventWriter.jsonLine($0) }
        case .csv:
            filter.includeRetracted = false
            var areas = filter
            areas.kinds = [.area, .snapshot]
            let notPlaces = try store.count(matching: areas)
            guard notPlaces == 0 else {
                throw EventFieldError("\(notPlaces) of these events are areas or snapshots, which CSV cannot carry; use --format jsonl", field: "--format csv")
            }
            FileHandle.standardOutput.write(Data((EventWriter.csvHeader + "\n").utf8))
            try write(store, filter) { EventWriter.csvLine($0) }
        case nil:
            let events = try store.events(matching: filter)
            if json {
                try Output.printJSON(events.map(EventJSON.init))
            } else {
                try printTable(events, store: store)
            }
        }
        if format != nil {
            var retracted = filter
            retracted.includeRetracted = true
            let skipped = try store.count(matching: retracted) - store.count(matching: filter)
            if skipped > 0 {
                FileHandle.standardError.write(Data("note: \(skipped) retracted event\(skipped == 1 ? "" : "s") not written\n".utf8))
            }
        }
    }

    private func write(_ store: SQLiteEventStore, _ filter: EventFilter, _ line: (ControlEvent) -> String?) throws {
        var buffer = ""
        try store.forEachEvent(matching: filter) { event in
            guard let text = line(event) else { return }
            buffer += text
            buffer += "\n"
            if buffer.utf8.count > 1 << 16 {
                FileHandle.standardOutput.write(Data(buffer.utf8))
                buffer = ""
            }
        }
        FileHandle.standardOutput.write(Data(buffer.utf8))
    }

    private func printTable(_ events: [ControlEvent], store: SQLiteEventStore) throws {
        guard !events.isEmpty else {
            Output.say("no events")
            return
        }
        let geoData = try GeoData.embedded()
        // Places added to the log are named too, retracted ones included (their events are).
        let added = Dictionary(try store.addedPlaces().map { ($0.id, $0.name) }) { first, _ in first }
        let rows = events.map { event -> [String] in
            let subject: String
            switch event.subject {
            case .place(let id): subject = (geoData.settlement(id: id)?.name ?? added[id]).map { "\($0) (\(id))" } ?? String(id)
            case .area(let geometry): subject = "area (\(geometry.typeName))"
            case .snapshot(let snapshot): subject = "snapshot \(snapshot.region) (\(snapshot.parts.count) parts)"
            }
            let retracted = event.retraction.map { "retracted: \($0.reason)" } ?? ""
            return [event.id, event.at.iso8601, subject, event.side.storedCode, event.status.rawValue, event.claimant,
                    event.source, retracted]
        }
        Output.say(Output.table(["ID", "AT", "SUBJECT", "SIDE", "STATUS", "CLAIMANT", "SOURCE", ""], rows))
    }
}
