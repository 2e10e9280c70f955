import CPrefetch
import Foundation
import FrontlineGeometry
import FrontlineSupport

/// The SQLite store's import pipeline (``ImportSink``): what ``RowByRowSink`` does, split
/// between two threads that each take about half of the work (docs/performance.md, **Import**).
///
/// A reading thread parses and checks the files, prepares each row for the log
/// (``PreparedEvent``: encoding, canonical form), puts each window of rows in replay order and
/// links them in that order (``EventLinker``: positions, ids, hashes), packing windows of place
/// events (``PlaceRows``); the windows go through a bounded pipe (so memory stays bounded) to the
/// store's writer, on the caller's thread, which checks that they follow its head and inserts
/// them inside the store's transaction. SQLite has one writer, so everything that can leave its
/// thread does.
final class PipelinedSink: ImportSink {
    let batch: any LinkedRowBatch
    private let pipe = EventPipe()
    /// The window being filled: events prepared for the log, and where each comes from.
    private var pending: [PreparedEvent] = []
    private var pendingOrigins: [(file: Int, location: String)] = []
    private var pendingBytes = 0
    /// Whether the window being filled holds an area or snapshot event (then it is not packed).
    private var pendingHasGeometry = false
    /// Links each window's events in the order they go to the writer.
    private var linker: EventLinker

    init(batch: any LinkedRowBatch) {
        self.batch = batch
        linker = batch.linker()
    }

    var takesPlaceRowBytes: Bool { true }

    /// Reads `chosen` into `context` on a reading thread while this thread appends its windows.
    func importFiles(_ chosen: [(String, any EventFileFormat)], context: ImportContext) throws -> ImportSummary {
        let pipe = self.pipe
        let reader = UncheckedBox((context, chosen))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let (context, chosen) = reader.value
            do {
                try EventImporter.read(chosen, into: context) { pipe.isCancelled }
                pipe.finish(nil)
            } catch {
                pipe.finish(error)
            }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()

        var writerProblems: [ImportRejected.Problem] = []
        /// Records the log's refusal of event `index` of `window` as a problem of its row, or
        /// throws any other error.
        func report(_ error: EventStoreError, at index: Int, in window: EventPipe.Window) throws {
            guard case .invalid(let fieldError) = error else { throw error }
            let (file, location) = window.origins[index]
            writerProblems.append(.init(file: window.files[file], location: location, field: fieldError.field ?? "event", problem: fieldError.problem))
        }
        func append(_ window: EventPipe.Window) throws {
            // The events are linked in a chain: once one is refused, the rest cannot follow
            // it, and the import is rolled back anyway.
            guard writerProblems.isEmpty else { return }
            if let rows = window.placeRows {
                do {
                    try batch.append(placeRows: rows)
                } catch let refused as PlaceRows.Refused {
                    try report(refused.error, at: Int(window.order[refused.row]), in: window)
                }
                return
            }
            try window.events.withUnsafeBufferPointer { events in
                for (k, index) in window.order.lazy.map(Int.init).enumerated() {
                    guard writerProblems.isEmpty else { return }
                    Self.prefetch(events, window.order, after: k, forWriting: false)
                    do {
                        try batch.append(prepared: events[index])
                    } catch let error as EventStoreError {
                        try report(error, at: index, in: window)
                    }
                }
            }
        }
        do {
            while let window = Trace.total("import: writer waits for the reader", { pipe.take() }) {
                try Trace.total("import: store (number, chain, insert)") { try append(window) }
            }
        } catch {
            pipe.cancel()
            done.wait()
            throw error
        }
        done.wait()
        if let failure = pipe.failure { throw failure }
        return try EventImporter.summary(of: context, refusals: writerProblems)
    }

    /// Adds a prepared event to the window being filled, and hands the window on once it holds
    /// ``EventImporter/replayWindow`` events or ``windowBytes`` of them (snapshots are large).
    func queue(_ event: PreparedEvent, draft: EventDraft?, origin: (file: Int, location: String), in context: ImportContext) {
        pending.append(event)
        pendingOrigins.append(origin)
        pendingBytes += event.byteCount
        if event.geometry != nil { pendingHasGeometry = true }
        if pending.count == EventImporter.replayWindow || pendingBytes >= Self.windowBytes { flush(context) }
    }

    /// Hands the queued events to the writer as one window, in replay order, linked in that
    /// order (``ImportSink/replayOrder(_:)``).
    func flush(_ context: ImportContext) {
        guard !pending.isEmpty else { return }
        defer { pendingHasGeometry = false; pendingBytes = 0 }
        guard context.problemCount == 0 else {
            pending.removeAll(keepingCapacity: true)
            pendingOrigins.removeAll(keepingCapacity: true)
            return
        }
        // Sorted as plain (time, index) pairs: a comparison that reached into the events
        // through the context cost exclusivity checks and retains on every call.
        var keys = pending.indices.map { (pending[$0].atUTC, Int32($0)) }
        keys.sort { $0 < $1 }
        let order = keys.map(\.1)
        var linker = self.linker
        // Packed right after linking, while each event is still in the cache.
        var rows: PlaceRows? = !pendingHasGeometry
            ? PlaceRows(recordedAt: batch.recordedAt, capacity: (pending.count, pendingBytes)) : nil
        pending.withUnsafeMutableBufferPointer { events in
            for (k, index) in order.enumerated() {
                Self.prefetch(UnsafeBufferPointer(events), order, after: k, forWriting: true)
                linker.link(&events[Int(index)])
                rows?.append(events[Int(index)])
            }
        }
        self.linker = linker
        let window: EventPipe.Window
        if let rows {
            window = EventPipe.Window(events: [], placeRows: rows, origins: pendingOrigins, order: order, files: context.files)
            pending.removeAll(keepingCapacity: true)  // the events' buffers are freed here, where they were made
        } else {
            window = EventPipe.Window(events: pending, origins: pendingOrigins, order: order, files: context.files)
            pending = []
            pending.reserveCapacity(EventImporter.replayWindow)
        }
        pendingOrigins = []
        pendingOrigins.reserveCapacity(EventImporter.replayWindow)
        _ = Trace.total("import: reader waits for the writer") { pipe.put(window) }
    }

    /// Asks for the events visited a few steps after step `k` of `order` to be fetched into the
    /// cache: the event 16 steps on, and the byte buffer of the one 8 steps on (whose event was
    /// asked for 8 steps before), its body and its link. Events are visited in time order, not
    /// where they lie, and each first touch was a cache miss (`perf`): the reader's when it
    /// links an event (which writes the link: `forWriting`), the writer's when it checks the
    /// link's previous hash.
    ///
    /// The buffer's address is read as the plain pointer an array holds, not as the array: taking
    /// the array would retain it, an atomic write to the very line being fetched. A hint only:
    /// were the layout otherwise, the CPU would be asked for useless lines, nothing more.
    @inline(__always)
    static func prefetch(_ events: UnsafeBufferPointer<PreparedEvent>, _ order: [Int32], after k: Int, forWriting: Bool) {
        if k + 16 < order.count { frontline_prefetch(events.baseAddress! + Int(order[k + 16])) }
        if k + 8 < order.count {
            let event = UnsafeRawPointer(events.baseAddress! + Int(order[k + 8]))
            let buffer = event.load(fromByteOffset: layout.bytes, as: UnsafeRawPointer.self)
            let end = layout.elements + event.load(fromByteOffset: layout.bodyCount, as: Int.self) + PreparedEvent.Link.count
            for offset in stride(from: 0, to: end, by: 64) {
                if forWriting { frontline_prefetch_for_writing(buffer + offset) } else { frontline_prefetch(buffer + offset) }
            }
        }
    }

    /// Where a prepared event holds its bytes' array (one reference to the array's buffer) and
    /// its body's length, and where an array's buffer holds its elements.
    private static let layout = (bytes: MemoryLayout<PreparedEvent>.offset(of: \PreparedEvent.bytes)!,
                                 bodyCount: MemoryLayout<PreparedEvent>.offset(of: \PreparedEvent.bodyCount)!,
                                 elements: 32)
}

/// A value handed to another thread that only that thread uses from then on.
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// Windows of prepared events from the reading thread to the writing one; at most `capacity`
/// windows wait at any time (one being written and one being read make three in memory).
final class EventPipe: @unchecked Sendable {
    /// Events as they were read, linked, with the order to append them in (`order`, indices
    /// into `events`), and where each came from (for problems): the file as an index into
    /// `files`, so that rows do not each hold the file's name. The reader hands its arrays over
    /// whole: the events are not copied one by one.
    struct Window {
        var events: [PreparedEvent]
        /// The same events packed in `order` (``PlaceRows``) instead, when all are place events
        /// `events` is then empty.
        var placeRows: PlaceRows?
        var origins: [(file: Int, location: String)]
        var order: [Int32]
        var files: [String]
    }
    private let condition = NSCondition()
    private var chunks: [Window] = []
    private var finished = false
    private var cancelled = false
    private(set) var failure: Error?
    let capacity = 1

    /// False once the writer has given up (the reader should stop).
    @discardableResult
    func put(_ chunk: Window) -> Bool {
        condition.lock(); defer { condition.unlock() }
        while chunks.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        chunks.append(chunk)
        condition.broadcast()
        return true
    }

    func take() -> Window? {
        condition.lock(); defer { condition.unlock() }
        while chunks.isEmpty && !finished { condition.wait() }
        guard !chunks.isEmpty else { return nil }
        let chunk = chunks.removeFirst()
        condition.broadcast()
        return chunk
    }

    func finish(_ error: Error?) {
        condition.lock(); defer { condition.unlock() }
        finished = true
        failure = error
        condition.broadcast()
    }

    func cancel() {
        condition.lock(); defer { condition.unlock() }
        cancelled = true
        chunks.removeAll()
        condition.broadcast()
    }

    var isCancelled: Bool {
        condition.lock(); defer { condition.unlock() }
        return cancelled
    }
}
