/// Linked place events laid out one after another in one buffer, in the order they are to be
/// appended: each one's body (whose fields are its text columns) and its link. An import's
/// reader packs each window of place events so, right after linking them, for a batch that takes
/// them whole (``LinkedRowBatch/append(placeRows:)``): the writer then reads memory in order, copies nothing and
/// frees nothing, and the events' own buffers are freed on the thread that made them.
///
/// A batch's group of place rows waiting for their multi-row insert is one of these too.
struct PlaceRows {
    struct Row {
        var seq: Int64
        var atUTC: Int64
        var placeID: Int?
        /// The side code (a short string, kept inline), for the batch to register.
        var side: String
        /// Where the row's body starts in ``bytes``, and where its link (``PreparedEvent/Link``)
        /// starts, right after the body.
        var start: Int
        var link: Int
        /// Where its text columns lie in ``bytes``, and their lengths (-1 for NULL).
        var textStarts: SIMD8<Int32>
        var textLengths: SIMD8<Int32>
    }

    /// The recording time the events were prepared with: the batch's.
    let recordedAt: EventTime
    private(set) var bytes: [UInt8] = []
    private(set) var rows: [Row] = []

    init(recordedAt: EventTime, capacity: (rows: Int, bytes: Int) = (0, 0)) {
        self.recordedAt = recordedAt
        rows.reserveCapacity(capacity.rows)
        bytes.reserveCapacity(capacity.bytes)
    }

    /// Adds linked place event `event` (no geometry).
    mutating func append(_ event: PreparedEvent) {
        precondition(event.seq != 0 && event.geometry == nil, "a place row is a linked place event")
        let start = bytes.count
        bytes.append(contentsOf: event.bytes)
        rows.append(Row(seq: event.seq, atUTC: event.atUTC, placeID: event.placeID, side: event.side, start: start,
                        link: start + event.bodyCount, textStarts: event.columnStarts &+ Int32(start),
                        textLengths: event.columnLengths))
    }

    /// Adds `row` of `source` (another pack's bytes), copying its body and link.
    mutating func append(_ row: Row, from source: UnsafeBufferPointer<UInt8>) {
        let start = bytes.count
        bytes.append(contentsOf: source[row.start..<(row.link + PreparedEvent.Link.count)])
        var copy = row
        copy.start = start
        copy.link = start + (row.link - row.start)
        copy.textStarts = row.textStarts &+ Int32(start - row.start)
        rows.append(copy)
    }

    mutating func removeAll() {
        rows.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
    }

    /// A row the batch refused, by its index in ``rows``.
    struct Refused: Error {
        let row: Int
        let error: EventStoreError
    }
}
