import Foundation
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// A file format `frontline import` reads. The built-in formats are CSV, JSON Lines and GeoJSON
/// (``EventFormats/builtIn``); another (DeepState snapshots, say) conforms to this protocol and is
/// added to the list the importer is given.
public protocol EventFileFormat: Sendable {
    /// The name `--format` takes ("csv").
    var name: String { get }
    /// File extensions, lower-case without the dot, that select this format.
    var fileExtensions: [String] { get }
    /// Reads the file at `path` (`-` for standard input) and hands every row to `context`
    /// (``ImportContext/submit(_:at:)``), reporting problems there rather than throwing; throws
    /// only when the file cannot be read at all.
    func read(path: String, into context: ImportContext) throws
}

/// A format whose files need nothing of the import until their rows are submitted (DeepState's
/// snapshots: parsing, validity checks and unions per file). The importer prepares several of
/// its files at once, one per core, and hands them to the import in order.
public protocol ConcurrentEventFileFormat: EventFileFormat {
    /// Does the file's own work, on any thread, and returns the rest, which the importer runs
    /// on its reading thread with the import's context (problems, warnings, submissions).
    func prepare(path: String) throws -> @Sendable (ImportContext) throws -> Void
}

extension ConcurrentEventFileFormat {
    public func read(path: String, into context: ImportContext) throws {
        try prepare(path: path)(context)
    }
}

public enum EventFormats {
    public static let builtIn: [any EventFileFormat] = [CSVEventFormat(), JSONLinesEventFormat(), GeoJSONEventFormat()]
}

/// One row of an event file, as text and values before checking.
public struct EventFields: Sendable {
    public var at: String?
    /// A GeoNames id or a name, optionally "name, oblast".
    public var place: String?
    public var side: String?
    public var status: String?
    public var claimant: String?
    public var source: String?
    public var url: String?
    public var note: String?
    /// An area event's geometry, or the Point of a place event.
    public var geometry: Geometry?
    public var snapshot: Snapshot?

    public init(at: String? = nil, place: String? = nil, side: String? = nil, status: String? = nil,
                claimant: String? = nil, source: String? = nil, url: String? = nil, note: String? = nil,
                geometry: Geometry? = nil, snapshot: Snapshot? = nil) {
        self.at = at; self.place = place; self.side = side; self.status = status; self.claimant = claimant
        self.source = source; self.url = url; self.note = note; self.geometry = geometry; self.snapshot = snapshot
    }

    /// Text field `field` as the importer reads it: without the spaces, tabs and line breaks
    /// around it, except a note, which is taken as it is.
    func text(_ field: FieldRules.Field) -> String? {
        switch field {
        case .at: at?.trimmedASCII
        case .place: place?.trimmedASCII
        case .side: side?.trimmedASCII
        case .status: status?.trimmedASCII
        case .claimant: claimant?.trimmedASCII
        case .source: source?.trimmedASCII
        case .url: url?.trimmedASCII
        case .note: note
        }
    }
}

/// What an import did.
public struct ImportSummary: Sendable {
    public var eventsByFile: [(file: String, events: Int)]
    public var warnings: [String]
    /// Snapshots left out because the log (or this import, earlier) already holds them.
    public var skipped: [SkippedEvent] = []
    public var total: Int { eventsByFile.reduce(0) { $0 + $1.events } }
}

/// A snapshot event of the input (or an area a map format draws beside its snapshot: ISW's
/// claimed layers) that was left out: the log already held one with the same content at the
/// same time (``CanonicalForm/contentDigest(of:)``), not retracted, or the import had it
/// already from an earlier file or row.
public struct SkippedEvent: Sendable, CustomStringConvertible {
    public var file: String
    public var location: String
    public var at: EventTime
    /// The event already in the log ("event 01J…"), or where this import had it first
    /// ("FILE:LOCATION", with `inLog` false).
    public var existing: String
    public var inLog: Bool
    /// What was skipped: "snapshot", or "area" for a map's drawn area.
    public var kind = "snapshot"

    public var description: String {
        let holder = inLog ? "is already in the log as \(existing)" : "was already imported from \(existing)"
        return "\(VisibleText.escaped(file)):\(location): the \(kind) at \(at.iso8601) \(holder) (same content, same time): skipped"
    }
}

/// The snapshot events an import meets, by time and content digest: those the log held when
/// the import began (not retracted, looked up once per instant) and those the import has
/// taken so far. Used on the import's reading thread; the log is read through its own
/// connection, and sees what it held before the import's transaction (nobody else writes
/// meanwhile: the import holds the write lock).
final class SnapshotLedger {
    private let store: any EventStore
    /// Per instant (ms since the epoch), each digest and what holds it (in the log or not).
    private var known: [Int64: [String: (holder: String, inLog: Bool)]] = [:]
    /// Whether the log holds any area or snapshot event (one look at an index): a first import
    /// into a log of place events then asks nothing more of it.
    private lazy var logHasGeometricEvents = Result { try store.earliestGeometricEvent(to: nil) != nil }

    init(store: any EventStore) { self.store = store }

    /// What already holds `draft`'s content at its time, or nil after noting that `origin`
    /// (where the import has it) now does. `digest`: the draft's
    /// (``CanonicalForm/contentDigest(of:)``), when its format computed it already.
    func existing(_ draft: EventDraft, digest: String?, origin: String) throws -> (holder: String, inLog: Bool)? {
        let at = draft.at.millisecondsSinceEpoch
        if known[at] == nil {
            var digests: [String: (holder: String, inLog: Bool)] = [:]
            if try logHasGeometricEvents.get() {
                let instant = EventTime(millisecondsSinceEpoch: at, precision: .millisecond)
                let filter = EventFilter(from: instant, to: instant, kinds: [.snapshot, .area], includeRetracted: false)
                try store.forEachEvent(matching: filter) { event in
                    let recorded = EventDraft(checked: event.at, subject: event.subject, side: event.side, status: event.status,
                                              claimant: event.claimant, source: event.source, url: event.url, note: event.note)
                    digests[CanonicalForm.contentDigest(of: recorded)] = ("event \(event.id)", true)
                }
            }
            known[at] = digests
        }
        let digest = digest ?? CanonicalForm.contentDigest(of: draft)
        if let holder = known[at]?[digest] { return holder }
        known[at]?[digest] = (origin, false)
        return nil
    }
}

/// Imports event files into a store: every file of one command in one transaction, all rows or
/// none. Rows are checked as they stream by; every problem is collected (`file:line: field:
/// problem`, up to ``maxReportedProblems``) and, when there is any, the transaction is rolled back.
public final class EventImporter {
    public static let maxReportedProblems = 100
    /// Rows reach the log in windows of this many, each in replay order (by time; ties in the
    /// file's order). Replay order within the import is what it would be row by row, but the
    /// `(at_utc, seq)` index then takes its keys in runs instead of at random: a large import
    /// runs a fifth faster. Memory stays bounded by the window.
    static let replayWindow = 16_384

    let store: any EventStore
    let gazetteer: Gazetteer
    let formats: [any EventFileFormat]
    let now: EventTime
    /// The regions a snapshot may cover: the countries of the admin areas (nil: the embedded GeoData's).
    let regions: [String]?

    public init(store: any EventStore, gazetteer: Gazetteer, formats: [any EventFileFormat] = EventFormats.builtIn,
                now: EventTime = .now(), regions: [String]? = nil) {
        self.store = store
        self.gazetteer = gazetteer
        self.formats = formats
        self.now = now
        self.regions = regions
    }

    /// The format for `path`: `name` when given, else by extension.
    public func format(for path: String, named name: String?) throws -> any EventFileFormat {
        if let name {
            guard let format = formats.first(where: { $0.name == name.lowercased() }) else {
                throw ImportUsageError("unknown format '\(VisibleText.escaped(name))' (one of \(formats.map(\.name).joined(separator: ", ")))")
            }
            return format
        }
        let ext = (path as NSString).pathExtension.lowercased()
        guard let format = formats.first(where: { $0.fileExtensions.contains(ext) }) else {
            // A DeepStateMap snapshot saved as .json: say so rather than ask for any format.
            if ext == "json", let bytes = try? ChunkedInput(path: path).readAll(),
               let root = try? EventJSON.parse(bytes) as? [String: Any], DeepStateFormat.looksLikeSnapshot(root) {
                throw ImportFormatMismatch(file: path, hint: DeepStateFormat.formatHint)
            }
            throw ImportUsageError("\(path): cannot tell the format from the extension; give --format (\(formats.map(\.name).joined(separator: ", ")))")
        }
        return format
    }

    /// Imports `paths` (each with the format `formatName` or its extension's) atomically.
    ///
    /// The rows are read and checked here (``ImportContext``) and appended through the store's
    /// ``EventStore/importAppending``: row by row, each window of rows (``replayWindow``) in
    /// replay order through ``EventBatch/append(_:)`` (``RowByRowSink``), or, for the SQLite
    /// store, through its two-thread pipeline (``PipelinedSink``), which leaves the same log.
    public func importFiles(_ paths: [String], format formatName: String? = nil) throws -> ImportSummary {
        let chosen = try paths.map { ($0, try format(for: $0, named: formatName)) }
        let regions = try self.regions ?? GeoData.embedded().countries.map(\.code)
        func context(_ sink: any ImportSink, _ batch: any EventBatch) -> ImportContext {
            ImportContext(sink: sink, gazetteer: gazetteer, now: now, recordedAt: batch.recordedAt,
                          acceptedSides: batch.acceptedSides, snapshots: SnapshotLedger(store: store), regions: regions)
        }
        if let pipeline = store.importAppending.pipeline {
            return try pipeline.appendLinkedBatch { batch in
                let sink = PipelinedSink(batch: batch)
                return try sink.importFiles(chosen, context: context(sink, batch))
            }
        }
        return try store.appendBatch { batch in
            let sink = RowByRowSink(batch: batch)
            let context = context(sink, batch)
            try Self.read(chosen, into: context) { false }
            return try Self.summary(of: context, refusals: sink.refusals)
        }
    }

    /// Reads the files of `chosen` into `context`, in order, until `cancelled` says to stop, and
    /// hands on its last window.
    static func read(_ chosen: [(String, any EventFileFormat)], into context: ImportContext, cancelled: () -> Bool) throws {
        var next = 0
        while next < chosen.count && !cancelled() {
            let steps = readingSteps(chosen, from: next)
            for (offset, step) in steps.enumerated() {
                let path = chosen[next + offset].0
                context.file = path == "-" ? "<stdin>" : path
                let before = context.appended
                try step.get()(context)
                context.counts.append((context.file, context.appended - before))
            }
            next += steps.count
        }
        try context.flush()
    }

    /// What an import did, once every row reached the batch; throws ``ImportRejected`` when the
    /// reader found problems or the log refused rows (`refusals`).
    static func summary(of context: ImportContext, refusals: [ImportRejected.Problem]) throws -> ImportSummary {
        let total = context.problemCount + refusals.count
        if total > 0 {
            let problems = context.problems + refusals
            throw ImportRejected(problems: Array(problems.prefix(maxReportedProblems)), total: total)
        }
        return ImportSummary(eventsByFile: context.counts, warnings: context.warnings, skipped: context.skipped)
    }
}

extension EventImporter {
    typealias ReadingStep = @Sendable (ImportContext) throws -> Void

    /// How to read the files from `start` on, one step per file: a run of files in a concurrent
    /// format (up to four per core, and 16) is prepared at once; any other file is read as it
    /// comes. Four per core, not one: the cores take the run's files as they come free, and
    /// wait for the slowest file once per run rather than once per file each. At most 16, so
    /// that a many-core machine does not hold many prepared files at once.
    static func readingSteps(_ files: [(String, any EventFileFormat)], from start: Int) -> [Result<ReadingStep, Error>] {
        let run = files[start...].prefix(min(16, 4 * ProcessInfo.processInfo.activeProcessorCount))
            .prefix { $0.1 is any ConcurrentEventFileFormat }
        guard run.count > 1 else {
            let (path, format) = files[start]
            return [.success { context in try format.read(path: path, into: context) }]
        }
        return Concurrently.results(run.count) { offset in
            let (path, format) = run[run.startIndex + offset]
            return try (format as! any ConcurrentEventFileFormat).prepare(path: path)
        }
    }
}

/// A file given without `--format` that is plainly in another format than its extension's (a
/// DeepStateMap snapshot read as Frontline's GeoJSON): one line instead of a problem per
/// feature (exit 65).
public struct ImportFormatMismatch: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var hint: String
    public var description: String { "\(VisibleText.escaped(file)): \(hint)" }
}

/// `--format` names no format, or a file's extension names none.
public struct ImportUsageError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The state of one import: the open batch, the problems found so far, cached place lookups.
public final class ImportContext {
    /// The file being read, as problems name it.
    public internal(set) var file = "" {
        didSet { files.append(file) }
    }
    /// Every file read so far; rows waiting for the writer name theirs by index.
    private(set) var files: [String] = [""]
    public private(set) var problems: [ImportRejected.Problem] = []
    public private(set) var problemCount = 0
    public private(set) var warnings: [String] = []
    public private(set) var appended = 0
    /// Snapshots left out as already in the log (``SnapshotLedger``).
    public private(set) var skipped: [SkippedEvent] = []
    private let snapshots: SnapshotLedger?

    /// Where checked rows go (``ImportSink``): the store's pipeline, or row by row.
    private let sink: any ImportSink
    let recordedAt: EventTime
    let recordedAtText: String
    var counts: [(file: String, events: Int)] = []
    let gazetteer: Gazetteer
    /// The regions a snapshot may cover (``EventImporter/regions``).
    let regions: [String]
    /// Times after this are refused: a day after the import started.
    let latest: Int64
    private var places: [String: Result<Int, EventFieldError>] = [:]
    private var placesByNumber: [Int: Result<Int, EventFieldError>] = [:]
    private var sides: [String: Result<String, EventFieldError>] = [:]
    /// Side fields already seen as bytes, with their codes (``submitPlaceRow``).
    private var sideCodes: [(raw: [UInt8], code: String)] = []
    /// The sides the log knows: a row's side must be one of them.
    let acceptedSides: KnownSides

    init(sink: any ImportSink, gazetteer: Gazetteer, now: EventTime, recordedAt: EventTime,
         acceptedSides: KnownSides, snapshots: SnapshotLedger? = nil, regions: [String]) {
        self.sink = sink
        self.acceptedSides = acceptedSides
        self.snapshots = snapshots
        self.regions = regions
        self.recordedAt = recordedAt
        self.recordedAtText = recordedAt.iso8601
        self.gazetteer = gazetteer
        self.latest = now.millisecondsSinceEpoch + EventTime.millisecondsPerDay
    }

    /// Records a problem at `location` (a line number, or `features[3]` for GeoJSON).
    public func report(_ location: String, _ field: String, _ problem: String) {
        record(file: file, location: location, field: field, problem: problem)
    }

    private func record(file: String, location: String, field: String, problem: String) {
        problemCount += 1
        if problems.count < EventImporter.maxReportedProblems {
            problems.append(.init(file: file, location: location, field: field, problem: problem))
        }
    }

    public func warn(_ location: String, _ field: String, _ message: String) {
        warnings.append("\(VisibleText.escaped(file)):\(location): \(field): \(message)")
    }

    /// Checks one row and, while the import has no problems, appends it. Every problem of the row
    /// is reported, one per field; a row with text the log does not take (``FieldRules``: a
    /// control character, a field too long) is reported for those fields alone, so that no
    /// message shows their values.
    public func submit(_ fields: EventFields, at location: String) throws {
        let before = problemCount
        for field in FieldRules.Field.allCases {
            if let text = fields.text(field), let problem = FieldRules.problem(text, as: field) {
                report(location, field.rawValue, problem)
            }
        }
        guard problemCount == before else { return }
        func fail(_ field: String, _ error: Error) {
            if let error = error as? EventFieldError {
                report(location, error.field ?? field, error.problem)
            } else if let error = error as? EventTimeError {
                report(location, field, error.description)
            } else {
                report(location, field, String(describing: error))
            }
        }

        var at: EventTime?
        if let text = fields.at?.trimmedASCII, !text.isEmpty {
            do {
                let time = try EventTime(parsing: text)
                if time.millisecondsSinceEpoch > latest { throw EventTimeError.inFuture(text) } else { at = time }
            } catch { fail("at", error) }
        } else {
            fail("at", EventTimeError.empty)
        }

        var subject: EventSubject?
        let placeText = fields.place?.trimmedASCII ?? ""
        if let snapshot = fields.snapshot {
            if !placeText.isEmpty { report(location, "place", "a snapshot has no place") }
            // Checked here, not when the map is drawn: a region no admin area belongs to, or a
            // side given beside the parts' own, would be kept and fail every later `control`.
            if !regions.contains(snapshot.region) {
                let shown = snapshot.region.utf8.count <= 16 ? " '\(FieldRules.escaped(snapshot.region))'" : ""
                report(location, "snapshot", "region\(shown) is not the country of any admin area (\(regions.joined(separator: " or ")))")
            }
            if let text = fields.side?.trimmedASCII, !text.isEmpty, text != Side.snapshotCode {
                report(location, "side", "a snapshot's side is '\(Side.snapshotCode)' or none: its parts carry the sides")
            }
            subject = .snapshot(snapshot)
        } else if !placeText.isEmpty {
            switch resolvePlace(placeText) {
            case .success(let id): subject = .place(geonameID: id)
            case .failure(let error): fail("place", error)
            }
            if let geometry = fields.geometry, case .point = geometry {} else if fields.geometry != nil {
                report(location, "geometry", "give a place or an area, not both (a place event may carry only a Point)")
            }
        } else if let geometry = fields.geometry {
            do {
                let checked = try AreaCheck.prepare(geometry)
                if let repair = checked.repair { warn(location, "geometry", repair) }
                subject = .area(checked.geometry)
            } catch { fail("geometry", error) }
        } else {
            report(location, "place", "is empty: give a settlement (GeoNames id or name) or, in JSON, an area geometry")
        }

        var side: Side?  // nil for a snapshot (its parts carry the sides)
        if fields.snapshot == nil {
            switch normalizedSide(fields.side ?? "") {
            case .success(let code): side = Side(normalized: code)
            case .failure(let error): fail("side", error)
            }
        }

        var status = EventStatus.claimed
        if let text = fields.status?.trimmedASCII, !text.isEmpty {
            switch text {
            case "claimed": status = .claimed
            case "confirmed": status = .confirmed
            default:
                do { status = try EventStatus(parsing: text) } catch { fail("status", error) }
            }
        }

        let source = (fields.source ?? "").trimmedASCII
        if source.isEmpty {
            report(location, "source", "is required: the outlet or document reporting this")
        }

        guard problemCount == before, problemCount == 0, let at, let subject, side != nil || fields.snapshot != nil else { return }
        let draft = EventDraft(checked: at, subject: subject, side: side, status: status,
                               claimant: (fields.claimant ?? "").trimmedASCII, source: source,
                               url: fields.url?.trimmedASCII.nilIfEmpty, note: fields.note?.nilIfEmpty)
        try submit(draft, at: location)
    }

    /// Queues an already checked draft for the store (for formats that build events themselves),
    /// prepared for the log at once (``PreparedEvent``: the draft is not kept, since
    /// copying a draft's strings cost a tenth of the reading thread, `perf`). A draft the log
    /// refuses is reported here. Once the import has a problem, nothing more is queued: it will
    /// be rolled back.
    ///
    /// A snapshot the log already holds is skipped (``SnapshotLedger``), and so is an area
    /// submitted with `skipsRecordedArea` (a map format's drawn layer, ISW's claims: a map
    /// imported again must not draw them twice); `contentDigest` is the draft's
    /// (``CanonicalForm/contentDigest(of:)``) when the format computed it on its own threads
    /// (DeepState's snapshots), else it is computed here.
    public func submit(_ draft: EventDraft, at location: String, contentDigest: String? = nil,
                       skipsRecordedArea: Bool = false) throws {
        guard problemCount == 0 else { return }
        guard draft.at.millisecondsSinceEpoch <= latest else {
            return report(location, "at", EventTimeError.inFuture(draft.at.iso8601).description)
        }
        let kind: String? = switch draft.subject {
        case .snapshot: "snapshot"
        case .area where skipsRecordedArea: "area"
        default: nil
        }
        if let kind, let snapshots,
           let existing = try Trace.total("import: look for the snapshot in the log", {
               try snapshots.existing(draft, digest: contentDigest, origin: "\(file):\(location)")
           }) {
            skipped.append(SkippedEvent(file: file, location: location, at: draft.at, existing: existing.holder, inLog: existing.inLog,
                                        kind: kind))
            return
        }
        let event: PreparedEvent
        do {
            event = try Trace.total("import: prepare for the log (WKB, canonical form)") {
                try PreparedEvent(draft, recordedAt: recordedAt, recordedAtText: recordedAtText)
            }
        } catch let error as EventStoreError {
            if case .invalid(let fieldError) = error {
                return report(location, fieldError.field ?? "event", fieldError.problem)
            }
            return report(location, "event", error.description)
        } catch {
            return report(location, "event", String(describing: error))
        }
        try queue(event, draft: draft, at: location)
    }

    /// Hands a prepared event (and its draft, when it has one) to the sink, which appends it
    /// with its window (``EventImporter/replayWindow``).
    private func queue(_ event: PreparedEvent, draft: EventDraft?, at location: String) throws {
        appended += 1
        try sink.queue(event, draft: draft, origin: (files.count - 1, location), in: self)
    }

    /// Hands the window being filled to the sink (or drops it, once the import has a problem).
    func flush() throws { try sink.flush(self) }

    /// Submits a CSV place row from its bytes, as ``submit(_:at:)-(EventFields,_)`` would from
    /// its fields as strings, when the row is a plain one: while the import has no problem, a
    /// valid time, a GeoNames id already resolved, a side code already seen, a status spelled
    /// `claimed` or `confirmed` (or none), a source, and free text within its length
    /// (``FieldRules``; the line has no control character). Any other row is left to the caller
    /// (false), which submits it as strings. Making a string of every field, checking the
    /// strings and writing them out again took a third of the reading thread (callgrind).
    func submitPlaceRow(_ bytes: UnsafeBufferPointer<UInt8>, fields: [Range<Int>], line: Int) -> Bool {
        guard problemCount == 0, fields.count == 8, sink.takesPlaceRowBytes else { return false }
        func field(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[fields[index]]) }
        func trimmed(_ index: Int) -> UnsafeBufferPointer<UInt8> {
            var range = fields[index]
            func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }
            while let first = range.first, isSpace(bytes[first]) { range = range.dropFirst() }
            while let last = range.last, isSpace(bytes[last]) { range = range.dropLast() }
            return UnsafeBufferPointer(rebasing: bytes[range])
        }
        let atText = trimmed(0)
        guard !atText.isEmpty, let at = try? EventTime.parse(atText), at.millisecondsSinceEpoch <= latest,
              let number = Self.plainNumber(trimmed(1)), case .success(let placeID)? = placesByNumber[number],
              let side = knownSide(field(2))
        else { return false }
        let status: EventStatus
        switch trimmed(3) {
        case let text where text.isEmpty: status = .claimed
        case let text where Self.same(text, Self.claimed): status = .claimed
        case let text where Self.same(text, Self.confirmed): status = .confirmed
        default: return false
        }
        let claimant = trimmed(4), source = trimmed(5), url = trimmed(6), note = field(7)
        // The line holds no control character (``CSVReader/nextASCIILine(ranges:_:)``), and the
        // time, place, side and status are short once they have passed: what is left of the
        // field rules (``FieldRules``) is the free text's length.
        guard !source.isEmpty, claimant.count <= FieldRules.maxFieldBytes, source.count <= FieldRules.maxFieldBytes,
              url.count <= FieldRules.maxFieldBytes, note.count <= FieldRules.maxNoteBytes else { return false }
        let event = PreparedEvent(placeRowAt: at, placeID: placeID, side: side, status: status, claimant: claimant,
                                  source: source, url: url.isEmpty ? nil : url, note: note.isEmpty ? nil : note,
                                  recordedAt: recordedAt, recordedAtText: recordedAtText)
        do {
            try queue(event, draft: nil, at: String(line))
        } catch {
            report(String(line), "event", String(describing: error))  // a sink that takes bytes does not throw
        }
        return true
    }

    private static let claimed = Array("claimed".utf8), confirmed = Array("confirmed".utf8)

    /// Whether `bytes` are `expected`'s: by length and memcmp (the generic `elementsEqual` over
    /// a string's UTF-8 view cost twenty times as many instructions, callgrind).
    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ expected: [UInt8]) -> Bool {
        bytes.count == expected.count && expected.withUnsafeBufferPointer {
            bytes.isEmpty || memcmp(bytes.baseAddress!, $0.baseAddress!, bytes.count) == 0
        }
    }

    /// The side code a row's raw side field stands for, when that field has been seen before
    /// (by bytes, without making a string) or normalises now; nil when it does not.
    private func knownSide(_ raw: UnsafeBufferPointer<UInt8>) -> String? {
        for known in sideCodes where Self.same(raw, known.raw) { return known.code }
        guard case .success(let code) = normalizedSide(String(decoding: raw, as: UTF8.self)) else { return nil }
        if sideCodes.count < 32 { sideCodes.append((Array(raw), code)) }
        return code
    }

    /// The code of the known side `raw` stands for (``KnownSides/code(for:)``), once per
    /// distinct text.
    private func normalizedSide(_ raw: String) -> Result<String, EventFieldError> {
        if let cached = sides[raw] { return cached }
        let result = Result { try acceptedSides.code(for: raw) }.mapError { ($0 as? EventFieldError) ?? EventFieldError("\($0)") }
        sides[raw] = result
        return result
    }

    /// The GeoNames id `text` names exactly (``Gazetteer/resolveExactly(_:area:)``: an id, or a
    /// name in any spelling, optionally with its oblast; never a near miss), looked up once per
    /// distinct text.
    public func resolvePlace(_ text: String) -> Result<Int, EventFieldError> {
        // Most rows name a place by its GeoNames id: those are cached by number, which is found
        // faster than a string (a twentieth of the reading thread, callgrind). Only digits
        // without a leading zero, so one number stands for one text.
        if let number = Self.plainNumber(text) {
            if let cached = placesByNumber[number] { return cached }
            let result = resolvePlace(named: text)
            placesByNumber[number] = result
            return result
        }
        return resolvePlace(named: text)
    }

    /// `text` as a number when it is 1 to 18 ASCII digits without a leading zero.
    static func plainNumber(_ text: String) -> Int? {
        text.utf8.withContiguousStorageIfAvailable { plainNumber($0) } ?? nil
    }

    static func plainNumber(_ utf8: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...18).contains(utf8.count), utf8[0] != UInt8(ascii: "0") else { return nil }
        var value = 0
        for byte in utf8 {
            guard byte &- UInt8(ascii: "0") < 10 else { return nil }
            value = value * 10 + Int(byte &- UInt8(ascii: "0"))
        }
        return value
    }

    private func resolvePlace(named text: String) -> Result<Int, EventFieldError> {
        if let cached = places[text] { return cached }
        let result: Result<Int, EventFieldError>
        do {
            result = .success(try gazetteer.resolveExactly(text).id)
        } catch let error as GeoDataError {
            result = .failure(EventFieldError(error.description))
        } catch {
            result = .failure(EventFieldError(String(describing: error)))
        }
        places[text] = result
        return result
    }
}
