import Foundation
import FrontlineControl
import FrontlineEvents

/// km² held per side over time, as an SVG line chart, with the instants that changed the most
/// labelled by what happened.
public struct ChartSVG {
    public var width = 1100.0
    public var height = 520.0

    public init() {}

    /// `rows` in time order; `labels[i]` says what happened at `rows[i]` (settlement names, say).
    public func render(rows: [ControlSummary], labels: [String], title: String, mostChanged: Int = 5) -> String {
        let sides = Set(rows.flatMap { $0.sides.keys }).sorted()
        let left = 90.0, right = 150.0, top = 60.0, bottom = 60.0
        let plotW = width - left - right, plotH = height - top - bottom
        let t0 = Double(rows.first?.at.millisecondsSinceEpoch ?? 0), t1 = Double(rows.last?.at.millisecondsSinceEpoch ?? 1)
        let values = rows.flatMap { row in sides.map { row.sides[$0] ?? 0 } }
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1 { high += 1; low -= 1 }
        let pad = (high - low) * 0.08
        low = max(0, low - pad)
        high += pad
        func x(_ row: ControlSummary) -> Double { left + (t1 > t0 ? (Double(row.at.millisecondsSinceEpoch) - t0) / (t1 - t0) : 0.5) * plotW }
        func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * plotH }

        var svg = SVGText()
        svg.open(width: width, height: height)
        svg.raw(##"<rect width="100%" height="100%" fill="#ffffff"/>"##)
        svg.text(title, x: 14, y: 30, size: 18, weight: "bold", halo: false)
        // Axes and gridlines.
        for i in 0...5 {
            let v = low + (high - low) * Double(i) / 5
            svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", left, y(v), left + plotW, y(v)))
            svg.text(Self.km2(v), x: left - 8, y: y(v) + 4, size: 11, weight: "normal", halo: false, anchor: "end")
        }
        svg.text("km²", x: left - 8, y: top - 12, size: 11, weight: "bold", halo: false, anchor: "end")
        svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", left, top + plotH, left + plotW, top + plotH))
        let ticks = min(rows.count, 6)
        for i in 0..<ticks where rows.count > 1 {
            let row = rows[i * (rows.count - 1) / max(ticks - 1, 1)]
            svg.text(String(row.at.iso8601.prefix(10)), x: x(row), y: top + plotH + 18, size: 11, weight: "normal", halo: false, anchor: "middle")
        }
        // One line per side, named at its end (names kept 15 px apart).
        var ends: [(side: String, y: Double)] = []
        for (index, side) in sides.enumerated() {
            let colour = side == Side.contested ? "#8a7f76" : (MapSVG.sideColours[side] ?? MapSVG.otherColours[index % MapSVG.otherColours.count])
            let points = rows.map { String(format: "%.1f,%.1f", x($0), y($0.sides[side] ?? 0)) }.joined(separator: " ")
            svg.raw("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.4\"/>")
            if let last = rows.last { ends.append((side, y(last.sides[side] ?? 0) + 4)) }
        }
        ends.sort { $0.y < $1.y }
        for i in ends.indices.dropFirst() where ends[i].y - ends[i - 1].y < 15 { ends[i].y = ends[i - 1].y + 15 }
        for end in ends {
            svg.text("\(end.side) \(Self.km2(rows.last!.sides[end.side] ?? 0)) km²", x: left + plotW + 8, y: end.y,
                     size: 12, weight: "bold", halo: false)
        }
        // The instants that moved the most territory.
        var moves: [(index: Int, km2: Double)] = []
        for i in 1..<max(rows.count, 1) {
            let moved = sides.reduce(0.0) { $0 + abs((rows[i].sides[$1] ?? 0) - (rows[i - 1].sides[$1] ?? 0)) } / 2
            if moved >= 0.5 { moves.append((i, moved)) }
        }
        for (rank, move) in moves.sorted(by: { $0.km2 > $1.km2 }).prefix(mostChanged).enumerated() {
            let row = rows[move.index]
            let px = x(row)
            let label = "\(row.at.iso8601.prefix(10)): \(Self.km2(move.km2)) km²" + (labels[move.index].isEmpty ? "" : " (\(labels[move.index]))")
            let ly = top + 14 + Double(rank) * 16
            svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b0b0b0\" stroke-dasharray=\"3 3\"/>", px, ly + 3, px, top + plotH))
            let anchor = px > left + plotW * 0.6 ? "end" : "start"
            svg.text(label, x: px + (anchor == "end" ? -4 : 4), y: ly, size: 11, weight: "normal", halo: true, anchor: anchor)
        }
        svg.text("Made with Frontline: km² held per side, measured on WGS84.", x: 14, y: height - 14, size: 10, weight: "normal", halo: false)
        svg.close()
        return svg.text
    }

    static func km2(_ v: Double) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.maximumFractionDigits = 0
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: NSNumber(value: v)) ?? "\(Int(v))"
    }
}
