import FrontlineGeometry
import FrontlineEvents  // not @testable: this store sees what a PostgreSQL store would

/// A store written against the public protocol alone (``EventStore``, ``EventBatch``), as a
/// PostgreSQL store would be: it keeps its events in a SQLite store, but hands the importer a
/// batch of its own, so nothing but the public API can reach the log.
final class PublicOnlyStore: EventStore {
    let inner: SQLiteEventStore

    init(_ inner: SQLiteEventStore) { self.inner = inner }

    final class Batch: EventBatch {
        let inner: any EventBatch
        private(set) var appended = 0
        init(_ inner: any EventBatch) { self.inner = inner }
        var recordedAt: EventTime { inner.recordedAt }
        var acceptedSides: KnownSides { inner.acceptedSides }
        func append(_ draft: EventDraft) throws -> ControlEvent {
            appended += 1
            return try inner.append(draft)
        }
    }

    /// Events appended through ``Batch``, over every batch.
    private(set) var appendedThroughBatches = 0

    func appendBatch<R>(_ body: (any EventBatch) throws -> R) throws -> R {
        try inner.appendBatch { batch in
            let own = Batch(batch)
            defer { appendedThroughBatches += own.appended }
            return try body(own)
        }
    }

    func retract(eventID: String, reason: String) throws -> Retraction { try inner.retract(eventID: eventID, reason: reason) }
    func forEachEvent(matching filter: EventFilter, _ body: (ControlEvent) throws -> Void) throws {
        try inner.forEachEvent(matching: filter, body)
    }
    func forEachEventLatestFirst(matching filter: EventFilter, while body: (ControlEvent) throws -> Bool) throws {
        try inner.forEachEventLatestFirst(matching: filter, while: body)
    }
    func earliestGeometricEvent(to: EventTime?) throws -> ReplayPosition? { try inner.earliestGeometricEvent(to: to) }
    func count(matching filter: EventFilter) throws -> Int { try inner.count(matching: filter) }
    func verifyChain() throws -> ChainReport { try inner.verifyChain() }
    func checkStorage() throws -> [String] { try inner.checkStorage() }
    func sides() throws -> [Side] { try inner.sides() }
    func declareSide(code: String, name: String) throws -> SideDeclaration { try inner.declareSide(code: code, name: name) }
    func sideDeclarations() throws -> [SideDeclaration] { try inner.sideDeclarations() }
    func addPlace(_ draft: PlaceDraft, check: ([AddedPlace]) throws -> Void) throws -> AddedPlace {
        try inner.addPlace(draft, check: check)
    }
    func retractPlace(id: Int, reason: String) throws -> PlaceRetraction { try inner.retractPlace(id: id, reason: reason) }
    func addedPlaces() throws -> [AddedPlace] { try inner.addedPlaces() }
    func claimants() throws -> [String] { try inner.claimants() }
    func hasClaimant(_ name: String) throws -> Bool { try inner.hasClaimant(name) }
}
