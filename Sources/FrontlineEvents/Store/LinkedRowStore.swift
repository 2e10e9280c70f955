/// A store that takes an import's rows prepared, linked and packed on another thread
/// (``PreparedEvent``, ``EventLinker``, ``PlaceRows``): the SQLite store, whose single writer
/// is the import's bottleneck, so that everything that can leave its thread does. Internal:
/// the public protocol (``EventStore``, ``EventBatch``) knows nothing of it, and the importer
/// reaches it through the store's ``EventStore/importAppending``, not by asking a batch what it
/// is (``PipelinedSink``).
protocol LinkedRowStore: EventStore {
    /// ``EventStore/appendBatch(_:)``, with a batch that takes linked rows.
    func appendLinkedBatch<R>(_ body: (any LinkedRowBatch) throws -> R) throws -> R
}

/// An open batch that takes prepared events linked elsewhere.
protocol LinkedRowBatch: EventBatch {
    /// A linker at the batch's head, for a caller that links prepared events on another thread
    /// (``EventLinker``). The events it links must be the next ones appended, in its order.
    func linker() -> EventLinker
    /// Appends an event prepared, on any thread, for this batch's `recordedAt`: what an import
    /// does, leaving the batch's own thread only the work that must run in order. The store may
    /// hold the row back to insert it with others; it is in the log when the batch commits.
    func append(prepared event: PreparedEvent) throws
    /// Appends `rows`, linked by this batch's linker, in order, before any other event. Throws
    /// ``PlaceRows/Refused`` for a row the log refuses.
    func append(placeRows rows: PlaceRows) throws
}
