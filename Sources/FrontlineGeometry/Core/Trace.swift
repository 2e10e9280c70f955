import Foundation

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
}
