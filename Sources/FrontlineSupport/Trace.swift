import Foundation
import Synchronization

/// Phase timings on stderr when `FRONTLINE_TRACE` is set: where a command spends its time,
/// without a profiler. Costs one environment lookup when off.
public enum Trace {
    public static let enabled = ProcessInfo.processInfo.environment["FRONTLINE_TRACE"] != nil

    /// Runs `body` and, when tracing, prints how long it took under `label`.
    @inline(__always)
    public static func measure<T>(_ label: @autoclosure () -> String, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        let result = try body()
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        FileHandle.standardError.write(Data("trace: \(label()) \(String(format: "%.1f", ms)) ms\n".utf8))
        return result
    }

    /// Runs `body` and, when tracing, adds how long it took to the running total under `label`,
    /// for a phase that runs many times, on any thread; ``printTotals()`` prints the totals
    /// (time summed over threads, so they may add up to more than the wall time).
    @inline(__always)
    public static func total<T>(_ label: StaticString, _ body: () throws -> T) rethrows -> T {
        guard enabled else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer { totals.add(label, DispatchTime.now().uptimeNanoseconds - start) }
        return try body()
    }

    /// Prints each running total (``total(_:_:)``), in the order the phases first ran, once.
    public static func printTotals() {
        guard enabled else { return }
        for (label, nanoseconds) in totals.drain() {
            FileHandle.standardError.write(Data("trace: total \(label) \(String(format: "%.1f", Double(nanoseconds) / 1e6)) ms\n".utf8))
        }
    }

    private static let totals = Totals()

    private struct Totals: ~Copyable, Sendable {
        private struct State {
            var order: [String] = []
            var nanoseconds: [String: UInt64] = [:]
        }
        private let state = Mutex(State())

        func add(_ label: StaticString, _ elapsed: UInt64) {
            let key = label.description
            state.withLock { state in
                if state.nanoseconds[key] == nil { state.order.append(key) }
                state.nanoseconds[key, default: 0] += elapsed
            }
        }

        func drain() -> [(String, UInt64)] {
            state.withLock { state in
                let all = state.order.map { ($0, state.nanoseconds[$0]!) }
                state = State()
                return all
            }
        }
    }
}
