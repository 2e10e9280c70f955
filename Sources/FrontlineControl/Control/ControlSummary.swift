import FrontlineEvents
import FrontlineGeometry

/// km² per side, overall and per admin area, at one instant: what `frontline control` prints.
public struct ControlSummary: Sendable {
    public struct AreaRow: Sendable {
        public let iso: String
        public let name: String
        public let sides: [String: Double]
    }

    public let at: EventTime
    public let view: ControlView
    /// Over the areas reported (all of them, or the one asked for); `outside` is not included.
    public let sides: [String: Double]
    public let areas: [AreaRow]
    /// Territory drawn beyond every admin area, per side; empty when there is none.
    public let outside: [String: Double]

    /// A summary from figures already known (a chart's rows, a test's).
    public init(at: EventTime, view: ControlView, sides: [String: Double], areas: [AreaRow] = [], outside: [String: Double] = [:]) {
        self.at = at
        self.view = view
        self.sides = sides
        self.areas = areas
        self.outside = outside
    }

    /// Summarises `map`; with `areaIndex`, only that area (and no `outside`).
    public init(map: ControlMap, territory: Territory, areaIndex: Int? = nil) {
        at = map.at
        view = map.view
        var rows: [AreaRow] = []
        var total: [String: Double] = [:]
        for index in territory.areas.indices where areaIndex == nil || areaIndex == index {
            let sides = map.km2BySide(region: index, cells: territory.cells)
            rows.append(AreaRow(iso: territory.areas[index].iso, name: territory.areas[index].name, sides: sides))
            for (side, km2) in sides { total[side, default: 0] += km2 }
        }
        sides = total
        areas = rows
        outside = areaIndex == nil ? map.km2BySide(region: map.outsideIndex, cells: territory.cells) : [:]
    }
}
