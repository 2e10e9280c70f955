import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineJSON
import FrontlineSupport

struct Record: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Record one control event: a settlement or an area passes to a side at a time.",
        discussion: """
            TIME is an ISO 8601 date (2022-09-10: from the start of that day, UTC) or date-time \
            with Z or an offset (2022-09-10T08:30Z, 2022-09-10T11:30+03:00). --status defaults to \
            'claimed': an unverified report is a claim. --place must name a settlement exactly \
            (any spelling or case, optionally "name, oblast", or its GeoNames id; a place added \
            to the log with `frontline places add` too): a near miss is \
            refused with the closest settlements. --side is UA (or Ukraine), RU (or Russia), \
            contested, or a side declared with `frontline sides add`. Prints what was recorded on \
            stderr, then the new event's id on stdout.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockWait: LockWaitOptions

    @Option(help: "The settlement: a GeoNames id, a name, or \"name, oblast\".")
    var place: String?

    @Option(help: ArgumentHelp("An area instead of a place: a GeoJSON Polygon or MultiPolygon (geometry, Feature or FeatureCollection).", valueName: "file.geojson"))
    var area: String?

    @Option(help: "The side that holds it from then on: UA (Ukraine), RU (Russia), contested, or a side declared with `frontline sides add`.")
    var side: String

    @Option(help: ArgumentHelp("When control changed.", valueName: "time"))
    var at: String

    @Option(help: "The outlet or document reporting it (required).")
    var source: String

    @Option(help: "claimed or confirmed.")
    var status: String = "claimed"

    @Option(help: "Who asserts it (\"Russian MoD\", \"ISW\", a journalist).")
    var claimant: String = ""

    @Option(help: "A link to the source.")
    var url: String?

    @Option(help: "A note.")
    var note: String?

    @Flag(help: "Print the event as JSON.")
    var json = false

    func validate() throws {
        guard (place == nil) != (area == nil) else { throw ValidationError("give exactly one of --place and --area") }
    }

    func run() throws {
        // The text the draft does not check itself (``EventDraft`` checks the rest), before it is
        // parsed or shown in a message.
        for (field, text) in [(FieldRules.Field.at, at), (.place, place), (.status, status)] {
            if let text, let problem = FieldRules.problem(text.trimmingCharacters(in: .whitespacesAndNewlines), as: field) {
                throw EventFieldError(problem, field: "--" + field.rawValue)
            }
        }
        let now = EventTime.now()
        let time: EventTime
        do { time = try EventTime(parsing: at) } catch let error as EventTimeError { throw EventFieldError(error.description, field: "--at") }
        guard time.millisecondsSinceEpoch <= now.millisecondsSinceEpoch + 86_400_000 else {
            throw EventFieldError(EventTimeError.inFuture(at).description, field: "--at")
        }
        let eventStatus: EventStatus
        do { eventStatus = try EventStatus(parsing: status) } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--status") }

        let subject: EventSubject
        var warning: String?
        var settlement: Settlement?
        // An existing log is opened for writing at once (its added places are resolved in); a
        // new one is made only once the event is known to be good.
        let existing = FileManager.default.fileExists(atPath: database.path) ? try database.open(wait: lockWait) : nil
        if let place {
            // The shipped settlements and the places added to the log.
            let added = try existing?.addedPlaces() ?? []
            let geoData = try GeoData.embedded().adding(log: added)
            do { settlement = try geoData.gazetteer.resolveExactly(place) } catch let error as GeoDataError {
                if case .malformed = error { throw error }
                throw EventFieldError(error.description + Self.retractedHint(place, added), field: "--place")
            }
            subject = .place(geonameID: settlement!.id)
        } else {
            let checked: AreaCheck.Checked
            do { checked = try AreaCheck.prepare(try AreaFile.read(area!)) } catch let error as EventFieldError {
                throw EventFieldError(error.problem, field: area!)
            }
            warning = checked.repair
            subject = .area(checked.geometry)
        }
        let draft: EventDraft
        do {
            draft = try EventDraft(at: time, subject: subject, side: side, status: eventStatus, claimant: claimant,
                                   source: source, url: url, note: note)
        } catch let error as EventFieldError {
            throw EventFieldError(error.problem, field: "--" + (error.field ?? "side"))
        }
        // A side no log knows is refused before a new log would be created for it.
        if !FileManager.default.fileExists(atPath: database.path) { _ = try checkedSide(in: KnownSides()) }
        let store = try existing ?? database.open(wait: lockWait)
        let event = try store.appendBatch { batch in
            var draft = draft
            draft.side = try checkedSide(in: batch.acceptedSides)
            return try batch.append(draft)
        }
        if let warning { Output.tell("warning", "\(VisibleText.escaped(area!)): \(warning)") }
        if json {
            try Output.printJSON(EventJSON(event))
        } else {
            // For people, on stderr: `$(frontline record …)` still captures the id alone.
            FileHandle.standardError.write(Data((Self.summary(event, settlement: settlement) + "\n").utf8))
            print(event.id)
        }
    }

    /// Why `query` may not resolve: it names (by id or name) a place added to the log and since
    /// retracted. Empty otherwise.
    static func retractedHint(_ query: String, _ added: [AddedPlace]) -> String {
        let text = query.trimmingCharacters(in: .whitespaces)
        let named = added.filter { place in
            place.isRetracted && (Int(text) == place.id || place.name.caseInsensitiveCompare(text) == .orderedSame)
        }
        guard let place = named.last, let retraction = place.retraction else { return "" }
        return VisibleText.escaped(" (place \(place.id), \(place.name), was added to this log and retracted: \(retraction.reason))")
    }

    /// The known side --side names.
    private func checkedSide(in sides: KnownSides) throws -> Side {
        do { return try sides.side(for: side) } catch let error as EventFieldError { throw EventFieldError(error.problem, field: "--side") }
    }

    /// What was recorded, in one line: "recorded: Izyum (Kharkiv Oblast, 707292) → UA at
    /// 2022-09-10, claimed, claimant General Staff".
    static func summary(_ event: ControlEvent, settlement: Settlement?) -> String {
        let subject: String
        switch event.subject {
        case .place(let id):
            let area = settlement.flatMap { try? GeoData.embedded().areaName(iso: $0.areaISO) } ?? settlement?.areaISO ?? "?"
            subject = "\(settlement?.name ?? "settlement") (\(area), \(id))"
        case .area(let geometry):
            subject = "an area of \(Output.km2(geometry.geodesicAreaKm2)) km²"
        case .snapshot(let snapshot):
            subject = "a snapshot of \(snapshot.region)"
        }
        let claimant = event.claimant.isEmpty ? "no claimant" : "claimant \(event.claimant)"
        return VisibleText.escaped("recorded: \(subject) → \(event.side.storedCode) at \(event.at.iso8601), \(event.status.rawValue), \(claimant)")
    }
}

/// Reads the area of `record --area`: a GeoJSON geometry, a Feature, or a FeatureCollection whose
/// polygons are taken together.
enum AreaFile {
    static func read(_ path: String) throws -> Geometry {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw IOFailure(path: path, reason: (error as NSError).localizedDescription)
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: data) } catch {
            throw EventFieldError("malformed JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)")")
        }
        guard let object = json as? [String: Any] else { throw EventFieldError("expected a GeoJSON object") }
        switch object["type"] as? String {
        case "FeatureCollection":
            let features = object["features"] as? [[String: Any]] ?? []
            let geometries = try features.compactMap { $0["geometry"] }.filter { !($0 is NSNull) }.map(geometry(from:))
            let polygons = geometries.flatMap(\.polygons)
            guard geometries.count == geometries.filter({ !$0.polygons.isEmpty }).count, !polygons.isEmpty else {
                throw EventFieldError("an area needs Polygon or MultiPolygon features only")
            }
            return polygons.count == 1 ? .polygon(polygons[0]) : .multiPolygon(polygons)
        case "Feature":
            guard let geometry = object["geometry"], !(geometry is NSNull) else { throw EventFieldError("the Feature has no geometry") }
            return try Self.geometry(from: geometry)
        default:
            return try Self.geometry(from: object)
        }
    }

    /// A geometry object from `JSONSerialization`, read by ``GeoJSONReader/geometry(from:zeroSign:)``;
    /// errors are ``EventFieldError``s.
    static func geometry(from json: Any) throws -> Geometry {
        do { return try GeoJSONReader.geometry(from: value(json)) } catch {
            throw EventFieldError(error.problem)
        }
    }

    /// A `JSONSerialization` value as a ``JSONValue``: its numbers (and booleans, which it
    /// gives as numbers) as their `doubleValue`, so an area reads as it always has.
    static func value(_ json: Any) -> JSONValue {
        if let string = json as? String { return .string(string) }
        if let number = json as? NSNumber { return .number(number.doubleValue) }
        if let array = json as? [Any] { return .array(array.map(value)) }
        if let object = json as? [String: Any] { return .object(JSONObject(object.map { ($0.key, value($0.value)) })) }
        return .null
    }
}

/// `events --json` and `record --json`: exactly these keys, nulls written out.
struct EventJSON: Encodable {
    let event: ControlEvent
    init(_ event: ControlEvent) { self.event = event }

    enum Keys: String, CodingKey {
        case id, at, place, side, status, claimant, source, url, note, recordedAt, retracted
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(event.id, forKey: .id)
        try c.encode(event.at.iso8601, forKey: .at)
        if let place = event.placeID { try c.encode(place, forKey: .place) } else { try c.encodeNil(forKey: .place) }
        try c.encode(event.side.storedCode, forKey: .side)
        try c.encode(event.status.rawValue, forKey: .status)
        try c.encode(event.claimant, forKey: .claimant)
        try c.encode(event.source, forKey: .source)
        if let url = event.url { try c.encode(url, forKey: .url) } else { try c.encodeNil(forKey: .url) }
        if let note = event.note { try c.encode(note, forKey: .note) } else { try c.encodeNil(forKey: .note) }
        try c.encode(event.recordedAt.iso8601, forKey: .recordedAt)
        try c.encode(event.isRetracted, forKey: .retracted)
    }
}
