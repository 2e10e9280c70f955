import Foundation
import Testing
@testable import FrontlineEvents

/// A writer that finds the log's write lock taken by another (``SQLiteEventStore/LockWait``):
/// two stores on one file, as two processes would have (SQLite locks between connections of one
/// process as between processes).
@Suite(.serialized) struct LockWaitTests {
    /// Counts the notices a waiting writer gives.
    final class Notices: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.lock(); count += 1; lock.unlock() }
        var total: Int { lock.lock(); defer { lock.unlock() }; return count }
    }

    /// What a thread hands back.
    final class Outcome<R>: @unchecked Sendable {
        var result: Result<R, any Error>?
    }

    /// Runs `body` on its own thread while `holder` holds the write lock for `seconds` (inside a
    /// batch that appends one event); returns what `body` returned or threw, once both are done.
    static func whileLocked<R>(by holder: SQLiteEventStore, for seconds: TimeInterval,
                               _ body: @escaping @Sendable () throws -> R) throws -> Result<R, any Error> {
        let done = DispatchSemaphore(value: 0)
        let outcome = Outcome<R>()
        try holder.appendBatch { batch in
            try batch.append(try Fixtures.draft("2022-09-10", note: "the holder's"))
            Thread {
                outcome.result = Result { try body() }
                done.signal()
            }.start()
            Thread.sleep(forTimeInterval: seconds)
        }
        done.wait()
        return outcome.result!
    }

    @Test func aWriterGivesUpAtItsLimitWritingNothing() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let holder = try SQLiteEventStore(path: path)
        let waiter = try SQLiteEventStore(path: path)
        let notices = Notices()
        waiter.lockWait = .init(limit: 0.3, onWaiting: { notices.add() })
        let box = UncheckedBox(waiter)
        let outcome = try Self.whileLocked(by: holder, for: 1.5) {
            try box.value.append([try Fixtures.draft("2022-09-11", note: "the waiter's")])
        }
        // Thrown while the holder still held the lock (it held it 1.5 s; had the waiter waited
        // for it, its append would have succeeded).
        #expect(throws: EventStoreError.busy(path, waited: 0.3)) { try outcome.get() }
        #expect(notices.total == 0, "no notice before 2 s of waiting")
        #expect(try holder.allEvents().map(\.note) == ["the holder's"])
        #expect(try holder.verifyChain() == ChainReport(entries: 1, problem: nil))
    }

    @Test func aWriterWaitsAsLongAsItTakesSayingSoOnce() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let holder = try SQLiteEventStore(path: path)
        let waiter = try SQLiteEventStore(path: path)
        let notices = Notices()
        waiter.lockWait = .init(onWaiting: { notices.add() })
        let box = UncheckedBox(waiter)
        // Longer than the notice's 2 s, so the writer says once that it waits.
        let outcome = try Self.whileLocked(by: holder, for: SQLiteEventStore.LockWait.noticeAfter + 1.5) {
            try box.value.append([try Fixtures.draft("2022-09-11", note: "the waiter's")])
        }
        let appended = try outcome.get()
        #expect(appended.map(\.sequence) == [2])
        #expect(notices.total == 1)
        #expect(try holder.allEvents().map(\.note) == ["the holder's", "the waiter's"])
        #expect(try holder.verifyChain() == ChainReport(entries: 2, problem: nil))
    }

    @Test func aWriterThatGetsTheLockSoonSaysNothing() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let holder = try SQLiteEventStore(path: path)
        let waiter = try SQLiteEventStore(path: path)
        let notices = Notices()
        waiter.lockWait = .init(limit: 5, onWaiting: { notices.add() })
        let box = UncheckedBox(waiter)
        let outcome = try Self.whileLocked(by: holder, for: 0.5) {
            try box.value.append([try Fixtures.draft("2022-09-11", note: "the waiter's")])
        }
        #expect(try outcome.get().count == 1)
        #expect(notices.total == 0)
    }
}
