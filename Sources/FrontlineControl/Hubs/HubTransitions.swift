import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// A hub's holder or condition changing.
public struct HubTransition: Sendable {
    public let at: EventTime
    public let side: Side?
    public let condition: HubCondition
}

extension HubAnalysis {
    /// Each hub's state at `from` and at every event instant after it up to `to` where its holder
    /// or condition changed, in time order (the first entry is the state at `from`). The reader
    /// follows the side holding each hub at `from` (or the first side to hold it after): once
    /// another side holds it, it is `heldByOtherSide`.
    public func transitions(engine: ControlEngine, events: [ControlEvent], view: ControlView,
                            from: EventTime, to: EventTime,
                            progress: (Int, Int) -> Void = { _, _ in }) throws -> [(hub: Logistics.Hub, transitions: [HubTransition])] {
        let instants = ControlTimeline.eventInstants(from: from, to: to, events: events, view: view)
        var result = logistics.hubs.map { (hub: $0, transitions: [HubTransition]()) }
        var perspective: [String: Side] = [:]
        for (step, instant) in instants.enumerated() {
            let map = try engine.map(at: instant, view: view, events: events)
            let statuses = try evaluate(map, perspective: perspective).hubs
            for (index, status) in statuses.enumerated() {
                if perspective[status.hub.id] == nil, let side = status.side, side != .contested {
                    perspective[status.hub.id] = side
                }
                let last = result[index].transitions.last
                if last == nil || last!.side != status.side || last!.condition != status.condition {
                    result[index].transitions.append(HubTransition(at: instant, side: status.side, condition: status.condition))
                }
            }
            progress(step + 1, instants.count)
        }
        return result
    }
}
