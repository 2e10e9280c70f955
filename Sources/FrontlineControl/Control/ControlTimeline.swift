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
