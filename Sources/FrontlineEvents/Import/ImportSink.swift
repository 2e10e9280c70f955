/// Where an import's checked rows go: the one seam between reading (``ImportContext``: parsing,
/// checking, the snapshot ledger, problems) and appending. Two sinks take the same rows and leave
/// the same log, byte for byte (`ImportPipelineTests`):
///
/// - ``RowByRowSink``, the rule in plain code, for any store: each window of rows (up to
///   ``EventImporter/replayWindow``, or ``windowBytes`` of them) is put in replay order (by
///   time, ties in the order the rows came) and each row appended through the public
///   ``EventBatch/append(_:)``, on the importer's thread;
/// - ``PipelinedSink``, for a store that takes linked rows (``LinkedRowStore``: SQLite): the
///   same windows, prepared, linked and packed on a reading thread while the store's writer
///   inserts the last one.
///
/// Every row reaches a sink prepared (``PreparedEvent``): preparing is how the importer checks a
/// row against what the log stores and measures it for the window, whichever sink follows.
protocol ImportSink: AnyObject {
    /// Whether the sink takes CSV place rows from their bytes (``ImportContext/submitPlaceRow``),
    /// with no draft; else they come as strings, checked and drafted.
    var takesPlaceRowBytes: Bool { get }
    /// Takes `event` (`draft`, when it came as one), from `origin` (an index into the context's
    /// files, and a line or feature), into the window being filled; hands the window on when it
    /// is full.
    func queue(_ event: PreparedEvent, draft: EventDraft?, origin: (file: Int, location: String), in context: ImportContext) throws
    /// Hands on the window being filled, or drops it once `context` has a problem.
    func flush(_ context: ImportContext) throws
}

extension ImportSink {
    /// Prepared bytes after which a window goes on early. (Windows only sort the import's
    /// positions for the index's sake: replay order is by time, and ties keep the file's order
    /// whatever the windows, so a window may end anywhere; but the chain's positions follow the
    /// windows, so both sinks end them at the same rows.)
    static var windowBytes: Int { 8 << 20 }

    /// The order to append a window's rows in: by time, ties in the order they came (sorting is
    /// not stable, so the index breaks ties). Sorted as plain (time, index) pairs.
    static func replayOrder(_ times: [Int64]) -> [Int32] {
        var keys = times.indices.map { (times[$0], Int32($0)) }
        keys.sort { $0 < $1 }
        return keys.map(\.1)
    }
}

/// The plain reference (``ImportSink``): windows in replay order, each row appended through
/// ``EventBatch/append(_:)``. What any store that implements the public protocol gets.
final class RowByRowSink: ImportSink {
    let batch: any EventBatch
    /// The rows the log refused, as problems of their files' rows.
    private(set) var refusals: [ImportRejected.Problem] = []
    private var pending: [(draft: EventDraft, origin: (file: Int, location: String))] = []
    private var times: [Int64] = []
    private var pendingBytes = 0

    init(batch: any EventBatch) { self.batch = batch }

    var takesPlaceRowBytes: Bool { false }

    func queue(_ event: PreparedEvent, draft: EventDraft?, origin: (file: Int, location: String), in context: ImportContext) throws {
        guard let draft else { preconditionFailure("a row-by-row import takes drafts") }
        pending.append((draft, origin))
        times.append(event.atUTC)
        pendingBytes += event.byteCount
        if pending.count == EventImporter.replayWindow || pendingBytes >= Self.windowBytes { try flush(context) }
    }

    func flush(_ context: ImportContext) throws {
        defer { pending.removeAll(); times.removeAll(); pendingBytes = 0 }
        guard context.problemCount == 0 else { return }
        for index in Self.replayOrder(times).lazy.map(Int.init) {
            // The rows follow one another in a chain: once one is refused, the rest cannot, and
            // the import is rolled back anyway.
            guard refusals.isEmpty else { return }
            do {
                try batch.append(pending[index].draft)
            } catch EventStoreError.invalid(let fieldError) {
                let origin = pending[index].origin
                refusals.append(.init(file: context.files[origin.file], location: origin.location,
                                      field: fieldError.field ?? "event", problem: fieldError.problem))
            }
        }
    }
}
