import Foundation
import Synchronization

/// Independent jobs on every core (Dispatch's `concurrentPerform`), results in job order.
/// Jobs that touch GEOS must each make their own context: a context belongs to one thread.
public enum Concurrently {
    /// Runs `job(0..<count)` at once; each job's value or error, by index.
    public static func results<T: Sendable>(_ count: Int, _ job: @Sendable (Int) throws -> T) -> [Result<T, Error>] {
        let slots = Slots<Result<T, Error>>(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.store(index, Result { try job(index) })
        }
        return slots.values
    }

    /// The values of `job(0..<count)`, or the first error by index.
    public static func map<T: Sendable>(_ count: Int, _ job: @Sendable (Int) throws -> T) throws -> [T] {
        try results(count, job).map { try $0.get() }
    }

    /// The values of `job(0..<count)` for jobs that cannot fail.
    public static func map<T: Sendable>(_ count: Int, _ job: @Sendable (Int) -> T) -> [T] {
        results(count, job).map {
            guard case .success(let value) = $0 else { preconditionFailure("a job that cannot throw threw") }
            return value
        }
    }
}

/// One slot per job, each written once by its worker.
private final class Slots<T: Sendable>: Sendable {
    private let slots: Mutex<[T?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func store(_ index: Int, _ value: T) { slots.withLock { $0[index] = value } }

    var values: [T] { slots.withLock { $0.map { $0! } } }
}
