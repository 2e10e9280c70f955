import Foundation
import FrontlineEvents
import FrontlineGeometry

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
    /// `territory` makes a worker's territory; `done` is called, from any thread, as each
    /// instant is finished. Warnings come back with their row, in instant order.
    public static func summaries(at instants: [EventTime], view: ControlView, events: [ControlEvent], areaIndex: Int?,
                                 workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 territory: @escaping @Sendable () throws -> Territory,
                                 done: @escaping @Sendable () -> Void = {}) throws -> [(summary: ControlSummary, warnings: [String])] {
        let runs = max(1, min(workers, instants.count / 8))  // a few instants are not worth a territory
        let size = (instants.count + runs - 1) / runs
        return try Concurrently.map(runs) { run -> [(summary: ControlSummary, warnings: [String])] in
            let range = (run * size)..<min((run + 1) * size, instants.count)
            guard !range.isEmpty else { return [] }
            let own = try territory()
            let engine = ControlEngine(territory: own)
            return try range.map { index in
                let map = try engine.map(at: instants[index], view: view, events: events)
                defer { done() }
                return (ControlSummary(map: map, territory: own, areaIndex: areaIndex), map.warnings)
            }
        }.flatMap { $0 }
    }
}
