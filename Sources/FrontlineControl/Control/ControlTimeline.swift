import Foundation
import FrontlineEvents

/// The instants a timeline reports.
public enum ControlTimeline {
    /// `from`, then every `step` milliseconds up to `to`, and `to` itself.
    public static func instants(from: EventTime, to: EventTime, step: Int64) -> [EventTime] {
        var result: [EventTime] = []
        var t = from.millisecondsSinceEpoch
        while t < to.millisecondsSinceEpoch {
            result.append(EventTime(millisecondsSinceEpoch: t, precision: .millisecond))
            t += step
        }
        result.append(to)
        return result
    }

    /// `from`, then the time of every event in `view` after it up to `to` (once per distinct time).
    public static func eventInstants(from: EventTime, to: EventTime, events: [ControlEvent], view: ControlView) -> [EventTime] {
        var result = [from]
        var seen = Set<Int64>([from.millisecondsSinceEpoch])
        for event in events where event.at > from && event.at <= to && view.includes(event) {
            if seen.insert(event.at.millisecondsSinceEpoch).inserted { result.append(event.at) }
        }
        return result.sorted()
    }
}

extension ControlTimeline {
    /// One summary per instant, computed on every core: the instants are cut into contiguous
    /// runs, one per worker, and each worker has its own territory (GEOS geometry belongs to one
    /// thread's context) and its own engine, so consecutive instants still share their clips.
    /// `territory` makes a worker's territory; `done` is called with the number of instants
    /// finished so far, from any thread. Warnings come back with their row, in instant order.
    public static func summaries(at instants: [EventTime], view: ControlView, events: [ControlEvent], areaIndex: Int?,
                                 workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 territory: @escaping @Sendable () throws -> Territory,
                                 done: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [(summary: ControlSummary, warnings: [String])] {
        let runs = max(1, min(workers, instants.count / 8))  // a few instants are not worth a territory
        let size = (instants.count + runs - 1) / max(runs, 1)
        let results = TimelineResults(count: instants.count)
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            let range = (run * size)..<min((run + 1) * size, instants.count)
            guard !range.isEmpty else { return }
            do {
                let own = try territory()
                let engine = ControlEngine(territory: own)
                for index in range {
                    let map = try engine.map(at: instants[index], view: view, events: events)
                    results.store(index, (ControlSummary(map: map, territory: own, areaIndex: areaIndex), map.warnings))
                    done(results.finished)
                }
            } catch {
                results.fail(error)
            }
        }
        return try results.collected()
    }
}

/// The rows of a timeline as its workers finish them.
private final class TimelineResults: @unchecked Sendable {
    private let lock = NSLock()
    private var rows: [(summary: ControlSummary, warnings: [String])?]
    private var error: Error?
    private var count = 0

    init(count: Int) { rows = Array(repeating: nil, count: count) }

    var finished: Int { lock.withLock { count } }

    func store(_ index: Int, _ row: (ControlSummary, [String])) {
        lock.withLock { rows[index] = row; count += 1 }
    }

    func fail(_ error: Error) {
        lock.withLock { if self.error == nil { self.error = error } }
    }

    func collected() throws -> [(summary: ControlSummary, warnings: [String])] {
        try lock.withLock {
            if let error { throw error }
            return rows.map { $0! }
        }
    }
}
