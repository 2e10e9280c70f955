import Foundation
import FrontlineControl
import FrontlineEvents

/// km² held per side over time, as an SVG line chart, with the instants that changed the most
/// labelled by what happened. Each side has a panel of its own, scaled to its own range: the
/// occupied territory (a hundred thousand km²) and the contested (a thousand) each show their
/// monthly moves.
public struct ChartSVG {
    public var width = 1100.0
    public var height = 520.0

    public init() {}

    /// `rows` in time order; `labels[i]` says what happened at `rows[i]` (settlement names, say).
    /// Sides in `background` are not drawn (a country's own side over its own land, whose
    /// hundreds of thousands of km² tell nothing), but what they lose or gain still counts
    /// among the moves labelled.
    public func render(rows: [ControlSummary], labels: [String], title: String, background: Set<Side> = [],
                       mostChanged: Int = 5) -> String {
        let allSides = Set(rows.flatMap { $0.sides.keys }).sorted()
        let sides = allSides.filter { !background.contains($0) }
        let t0 = Double(rows.first?.at.millisecondsSinceEpoch ?? 0), t1 = Double(rows.last?.at.millisecondsSinceEpoch ?? 1)
        // The instants that moved the most territory, labelled in a band above the panels.
        var moves: [(index: Int, km2: Double)] = []
        for i in 1..<max(rows.count, 1) {
            let moved = allSides.reduce(0.0) { $0 + abs((rows[i].sides[$1] ?? 0) - (rows[i - 1].sides[$1] ?? 0)) } / 2
            if moved >= 0.5 { moves.append((i, moved)) }
        }
        let labelled = Array(moves.sorted { $0.km2 > $1.km2 }.prefix(mostChanged))
        let left = 90.0, right = 160.0, bottom = 60.0, gap = 34.0
        let band = 48.0 + Double(labelled.count) * 15
        let plotW = width - left - right
        let panelH = (height - band - bottom - gap * Double(max(sides.count - 1, 0))) / Double(max(sides.count, 1))
        func x(_ row: ControlSummary) -> Double { left + (t1 > t0 ? (Double(row.at.millisecondsSinceEpoch) - t0) / (t1 - t0) : 0.5) * plotW }

        var svg = SVGText()
        svg.open(width: width, height: height)
        svg.raw(##"<rect width="100%" height="100%" fill="#ffffff"/>"##)
        svg.text(title, x: 14, y: 30, size: 18, weight: "bold", halo: false)
        let plotTop = band, plotBottom = height - bottom
        // One panel per side, each on its own scale (not from zero: the moves are what matters).
        for (index, side) in sides.enumerated() {
            let top = band + Double(index) * (panelH + gap)
            let values = rows.map { $0.sides[side] ?? 0 }
            var low = values.min() ?? 0, high = values.max() ?? 1
            if high - low < 1 { high += 1; low -= 1 }
            let pad = (high - low) * 0.08
            low = max(0, low - pad)
            high += pad
            func y(_ v: Double) -> Double { top + (1 - (v - low) / (high - low)) * panelH }
            for i in 0...2 {
                let v = low + (high - low) * Double(i) / 2
                svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>", left, y(v), left + plotW, y(v)))
                svg.text(Self.km2(v), x: left - 8, y: y(v) + 4, size: 11, weight: "normal", halo: false, anchor: "end")
            }
            svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#333\"/>", left, top + panelH, left + plotW, top + panelH))
            let colour = side == .contested ? "#8a7f76" : (MapSVG.sideColours[side.code] ?? MapSVG.otherColours[index % MapSVG.otherColours.count])
            let points = rows.map { String(format: "%.1f,%.1f", x($0), y($0.sides[side] ?? 0)) }.joined(separator: " ")
            svg.raw("<polyline points=\"\(points)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2.4\"/>")
            if let last = rows.last {
                svg.text("\(side) \(Self.km2(last.sides[side] ?? 0)) km²", x: left + plotW + 8, y: y(last.sides[side] ?? 0) + 4,
                         size: 12, weight: "bold", halo: false)
            }
        }
        svg.text("km²", x: left - 8, y: plotTop - 8, size: 11, weight: "bold", halo: false, anchor: "end")
        let ticks = min(rows.count, 6)
        for i in 0..<ticks where rows.count > 1 {
            let row = rows[i * (rows.count - 1) / max(ticks - 1, 1)]
            svg.text(String(row.at.iso8601.prefix(10)), x: x(row), y: plotBottom + 18, size: 11, weight: "normal", halo: false, anchor: "middle")
        }
        for (rank, move) in labelled.enumerated() {
            let row = rows[move.index]
            let px = x(row)
            let label = "\(row.at.iso8601.prefix(10)): \(Self.km2(move.km2)) km²" + (labels[move.index].isEmpty ? "" : " (\(labels[move.index]))")
            let ly = 52 + Double(rank) * 15
            svg.raw(String(format: "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b0b0b0\" stroke-dasharray=\"3 3\"/>", px, ly + 3, px, plotBottom))
            let anchor = px > left + plotW * 0.6 ? "end" : "start"
            svg.text(label, x: px + (anchor == "end" ? -4 : 4), y: ly, size: 11, weight: "normal", halo: true, anchor: anchor)
        }
        let unplotted = allSides.filter { background.contains($0) }
        let note = unplotted.isEmpty ? "" : " Not drawn: what \(unplotted.map(\.code).joined(separator: ", ")) holds of its own country."
        svg.text("Made with Frontline: km² held per side, measured on WGS84; each side on its own scale.\(note)", x: 14, y: height - 14,
                 size: 10, weight: "normal", halo: false)
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
