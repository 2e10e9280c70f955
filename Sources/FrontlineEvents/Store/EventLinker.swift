/// Numbers, names and chains prepared events in log order, on whichever thread holds it: the
/// chain's work (an id and a SHA-256 per event) without the store. A batch hands one out at its
/// current head (``LinkedRowBatch/linker()``); events linked by it must then reach that batch, in the
/// order they were linked, before any other. The batch checks each one's position and previous
/// hash against its head and refuses what does not follow.
///
/// An import links on its reading thread: the hashing was a tenth of the writing thread's time.
struct EventLinker: Sendable {
    let recordedAt: EventTime
    /// The position of the last event linked (or of the head the linker started from).
    private(set) var seq: Int64
    /// The last hash, as 64 lowercase hex digits.
    private var hash: [UInt8]
    private var ids: EventIDGenerator
    private var form = CanonicalForm()

    init(recordedAt: EventTime, seq: Int64, hash: some Collection<UInt8>, ids: EventIDGenerator) {
        precondition(hash.count == PreparedEvent.Link.hash.count, "a chain hash is 64 hex digits")
        self.recordedAt = recordedAt
        self.seq = seq
        self.hash = Array(hash)
        self.ids = ids
    }

    /// Gives `event` the next position, a new id and its hash, chained to the last one linked.
    mutating func link(_ event: inout PreparedEvent) {
        precondition(event.recordedAt == recordedAt, "an event prepared for another batch")
        precondition(event.seq == 0, "an event linked twice")
        seq += 1
        let seq = self.seq, bodyCount = event.bodyCount, millisecond = recordedAt.millisecondsSinceEpoch
        event.seq = seq
        event.bytes.withUnsafeMutableBufferPointer { bytes in
            let link = UnsafeMutableBufferPointer(rebasing: bytes[bodyCount..<(bodyCount + PreparedEvent.Link.count)])
            let id = UnsafeMutableBufferPointer(rebasing: link[PreparedEvent.Link.id])
            let newHash = UnsafeMutableBufferPointer(rebasing: link[PreparedEvent.Link.hash])
            let previousHash = UnsafeMutableBufferPointer(rebasing: link[PreparedEvent.Link.previousHash])
            hash.withUnsafeBufferPointer { _ = previousHash.update(fromContentsOf: $0) }
            ids.next(millisecond: millisecond, into: id)
            form.eventHash(seq: seq, id: UnsafeBufferPointer(id), body: UnsafeBufferPointer(rebasing: bytes[..<bodyCount]),
                           prevHash: UnsafeBufferPointer(previousHash), into: newHash)
            hash.withUnsafeMutableBufferPointer { _ = $0.update(fromContentsOf: newHash) }
        }
    }
}
