import Foundation
import FrontlineEvents
import FrontlineGeometry
import FrontlineSupport
import Synchronization

/// The instants a timeline reports.
public enum ControlTimeline {
    /// `from`, then every `step` milliseconds up to `to`, and `to` itself.
    /// The most instants a timeline computes: 10,000 (27 years of days, 190 years of weeks).
    /// Each is a map of the territory (a second or more over a long log), and a table of tens
    /// of thousands of rows is no longer read: asking for more is a mistake (`--from 0001`).
    public static let maximumInstants = 10_000

    /// How many instants ``instants(from:to:step:)`` makes, without making them.
    public static func instantCount(from: EventTime, to: EventTime, step: Int64) -> Int {
        let span = to.millisecondsSinceEpoch - from.millisecondsSinceEpoch
        guard span > 0 else { return 1 }
        return Int((span + step - 1) / step) + 1
    }

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
    /// One summary per instant, computed on every core. Each worker has its own territory
    /// (GEOS geometry belongs to one thread's context) and its own engine, which reuses a clip
    /// where the next map draws the same as the last one it made; so a worker takes
    /// neighbouring instants one after the other. The instants are cut into contiguous runs,
    /// one per two workers (and one for a last, odd worker), each weighing its workers' share
    /// of the drawn geometry (``weights(of:view:events:)``). In a run of two, one works
    /// forward from its start and the other backward from its end, and they meet wherever
    /// their costs do: neither waits for the other, and both still go from one instant to its
    /// neighbour. `territory` makes a worker's territory; `done` is called, from any thread,
    /// as each instant is finished. Warnings come back with their row, in instant order.
    public static func summaries(at instants: [EventTime], view: ControlView, events: [ControlEvent], selection: AreaSelection?,
                                 workers: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 territory: @escaping @Sendable () throws -> Territory,
                                 done: @escaping @Sendable () -> Void = {}) throws -> [(summary: ControlSummary, warnings: [String])] {
        let workers = max(1, min(workers, instants.count / 8))  // a few instants are not worth a territory
        // A share per worker; each run takes two shares (the last, for an odd worker, one).
        let shares = split(weights(of: instants, view: view, events: events), into: workers)
        let runs = stride(from: 0, to: workers, by: 2).map { Run(shares[$0]..<shares[min($0 + 2, workers)]) }
        let rows = try Concurrently.map(workers) { worker -> [(index: Int, row: (summary: ControlSummary, warnings: [String]))] in
            let run = runs[worker / 2], backward = worker % 2 == 1
            guard let first = run.next(backward: backward) else { return [] }
            let own = try territory()
            let engine = ControlEngine(territory: own)
            var rows: [(index: Int, row: (summary: ControlSummary, warnings: [String]))] = []
            var index: Int? = first
            while let current = index {
                let map = try engine.map(at: instants[current], view: view, events: events)
                rows.append((current, (ControlSummary(map: map, territory: own, selection: selection), map.warnings)))
                done()
                index = run.next(backward: backward)
            }
            return rows
        }
        return rows.flatMap { $0 }.sorted { $0.index < $1.index }.map(\.row)
    }

    /// A run of instants that two workers eat from either end.
    private final class Run: Sendable {
        private let ends: Mutex<(front: Int, back: Int)>

        init(_ range: Range<Int>) {
            ends = Mutex((range.lowerBound, range.upperBound))
        }

        /// The next instant from the front (or the back), or nil once the ends have met.
        func next(backward: Bool) -> Int? {
            ends.withLock { ends in
                guard ends.front < ends.back else { return nil }
                if backward {
                    ends.back -= 1
                    return ends.back
                }
                ends.front += 1
                return ends.front - 1
            }
        }
    }

    /// What each instant costs, roughly: a map's worth of painting, and the coordinates of the
    /// areas and snapshots that first show at it, which it clips. Events after the last
    /// instant are never drawn; of the snapshots before the first, only each region's latest
    /// is (it hides the older ones).
    static func weights(of instants: [EventTime], view: ControlView, events: [ControlEvent]) -> [Int] {
        var weights = [Int](repeating: 1_000, count: instants.count)
        guard let first = instants.first else { return weights }
        var latestBefore: [String: Int] = [:]  // region → coordinates of its latest snapshot before the first instant
        for event in events where view.includes(event) {
            let coordinates: Int
            switch event.subject {
            case .place: continue
            case .area(let geometry): coordinates = geometry.coordinateCount
            case .snapshot(let snapshot):
                coordinates = snapshot.parts.reduce(0) { $0 + $1.geometry.coordinateCount }
                if event.at <= first {
                    latestBefore[snapshot.region] = coordinates  // events come in replay order
                    continue
                }
            }
            // The first instant at or after the event.
            var low = 0, high = instants.count
            while low < high {
                let middle = (low + high) / 2
                if instants[middle] < event.at { low = middle + 1 } else { high = middle }
            }
            if low < instants.count { weights[low] += coordinates }
        }
        weights[0] += latestBefore.values.reduce(0, +)
        return weights
    }

    /// Bounds of `runs` contiguous runs of about equal total weight: run k is
    /// `bounds[k]..<bounds[k + 1]`. Each cut falls where the weight before it comes nearest its
    /// share (k / runs of the total).
    static func split(_ weights: [Int], into runs: Int) -> [Int] {
        var prefix = [0]
        for weight in weights { prefix.append(prefix.last! + weight) }
        let total = prefix.last!
        var bounds = [0]
        for k in 1..<max(1, runs) {
            let target = total * k  // in units of 1 / runs
            var cut = prefix.firstIndex { $0 * runs >= target } ?? weights.count
            if cut > 0, target - prefix[cut - 1] * runs < prefix[cut] * runs - target { cut -= 1 }
            bounds.append(max(cut, bounds.last!))
        }
        bounds.append(weights.count)
        return bounds
    }
}
