import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// A map a newsroom could publish, as SVG: territory per side beyond its own country (contested
/// hatched; a country's land held by itself is background), changes since
/// an earlier time, the front line, admin boundaries, hubs with their status, settlement labels
/// placed without collisions, a legend, a title, a scale bar and the attribution.
public struct MapSVG {
    public struct Content {
        public var map: ControlMap
        public var change: ControlChange?
        public var hubs: [HubStatus]
        /// Outlets and claimants the events came from, for the attribution line.
        public var sources: [String]
        public var title: String

        public init(map: ControlMap, change: ControlChange?, hubs: [HubStatus], sources: [String], title: String) {
            self.map = map
            self.change = change
            self.hubs = hubs
            self.sources = sources
            self.title = title
        }
    }

    public var width = 1200.0
    public var height = 900.0

    public init() {}

    static let sideColours = ["UA": "#3a78c2", "RU": "#c8433a"]
    static let otherColours = ["#3b9a5a", "#8e5ac8", "#d08a1e", "#2aa6a6"]
    static let statusColours: [HubCondition: String] = [
        .secure: "#2e8b57", .underPressure: "#a3b51f", .threatened: "#e69a1c", .nearlyEncircled: "#d9480f", .cutOff: "#111111",
        .contested: "#8e44ad", .heldByOtherSide: "#8c8c8c",
    ]
    /// Lines of communication: stroke, width and dashes by state.
    static let lineStyles: [LineState: (stroke: String, width: Double, dash: String?)] = [
        .open: ("#1f7a3f", 2.2, nil), .underFire: ("#e67e00", 2.6, "7 4"), .cut: ("#c0141b", 2.6, "2 3"),
    ]
    /// A line is drawn from its hub to the first waypoint at least this far along it, km.
    static let lineDrawKm = 60.0

    /// Renders `content` over `box` (longitude/latitude).
    public func render(_ content: Content, box: BoundingBox, territory: Territory) throws -> String {
        let margin = 30.0
        let legendWidth = 230.0
        let projection = MapProjection(fitting: box, width: width - legendWidth, height: height - 60, margin: margin)
        // A little beyond the box so clipped edges fall off the page.
        let clipBox = BoundingBox(minLon: box.minLon - 0.5, minLat: box.minLat - 0.3, maxLon: box.maxLon + 0.5, maxLat: box.maxLat + 0.3)
        let tolerance = 0.6 / (projection.scale * 111_000)  // ~0.6 px, in degrees

        func path(_ geometry: GEOSGeometry) throws -> String {
            let clipped = try geometry.clip(to: clipBox)
            guard try !clipped.isEmpty else { return "" }
            let simple = try clipped.simplify(tolerance: tolerance).geometry()
            var d = ""
            func ring(_ coordinates: [Coordinate], close: Bool) {
                for (i, c) in coordinates.enumerated() {
                    let p = projection.page(c)
                    d += (i == 0 ? "M" : "L") + String(format: "%.1f,%.1f", p.x, p.y + 50)
                }
                if close { d += "Z" }
            }
            for polygon in simple.polygons {
                ring(polygon.exterior, close: true)
                for hole in polygon.holes { ring(hole, close: true) }
            }
            for line in simple.lineStrings { ring(line.coordinates, close: false) }
            return d
        }
        func colour(_ side: String, _ index: Int) -> String {
            Self.sideColours[side] ?? Self.otherColours[index % Self.otherColours.count]
        }

        var svg = SVGText()
        svg.open(width: width, height: height)
        svg.raw("""
            <defs><pattern id="contested" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(45)">\
            <rect width="8" height="8" fill="#d9d2cc"/><line x1="0" y1="0" x2="0" y2="8" stroke="#8a7f76" stroke-width="3"/></pattern>\
            <pattern id="changed" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(-45)">\
            <line x1="0" y1="0" x2="0" y2="6" stroke="#ffd400" stroke-width="2.2"/></pattern>\
            <clipPath id="frame"><rect x="0" y="50" width="\(width - legendWidth)" height="\(height - 60)"/></clipPath></defs>
            """)
        svg.raw(##"<rect width="100%" height="100%" fill="#f4f1ea"/>"##)
        svg.raw(##"<g clip-path="url(#frame)">"##)

        // Territory per side, beyond its own country: a country's land held by that same
        // country (Kharkiv held by UA, Rostov by RU) is background.
        let sideGeometry = try SideGeometry(map: content.map, territory: territory)
        let sides = try sideGeometry.foreignTerritories()
        let sideNames = sides.keys.sorted()
        for (index, side) in sideNames.enumerated() {
            let fill = side == Side.contested.code ? "url(#contested)" : colour(side, index)
            let opacity = side == Side.contested.code ? "1" : "0.55"
            svg.raw("<path d=\"\(try path(sides[side]!))\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\" fill-rule=\"evenodd\" stroke=\"none\"/>")
        }
        // Changes since the earlier time.
        if let change = content.change {
            for transfer in change.transfers where transfer.km2 >= 0.5 {
                guard let geometry = transfer.geometry else { continue }
                svg.raw("<path d=\"\(try path(geometry))\" fill=\"url(#changed)\" fill-rule=\"evenodd\" stroke=\"#e0b800\" stroke-width=\"0.8\"/>")
            }
        }
        // Admin boundaries.
        for (index, area) in territory.areas.enumerated() {
            guard let areaBox = area.geometry.boundingBox, areaBox.intersects(clipBox) else { continue }
            let stroke = area.country == "UA" ? "#5b5b5b" : "#8c8c8c"
            svg.raw("<path d=\"\(try path(try territory.areaGEOS(index)))\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"0.9\" stroke-dasharray=\"4 2\"/>")
        }
        // Front line.
        for line in try sideGeometry.frontLines() {
            svg.raw("<path d=\"\(try path(line.geometry))\" fill=\"none\" stroke=\"#1a1a1a\" stroke-width=\"2.6\" stroke-linejoin=\"round\"/>")
        }
        svg.raw("</g>")

        // Hubs, then settlement labels, placed so that none overlaps another, the scale bar or
        // the attribution.
        var placed: [(x: Double, y: Double, w: Double, h: Double)] = [(0, height - 62, 260, 62)]
        func free(_ r: (x: Double, y: Double, w: Double, h: Double)) -> Bool {
            guard r.x >= 2, r.y >= 52, r.x + r.w <= width - legendWidth - 2, r.y + r.h <= height - 24 else { return false }
            return !placed.contains { r.x < $0.x + $0.w && $0.x < r.x + r.w && r.y < $0.y + $0.h && $0.y < r.y + r.h }
        }
        func inFrame(_ c: Coordinate) -> (x: Double, y: Double)? {
            guard box.contains(c) else { return nil }
            let p = projection.page(c)
            return (p.x, p.y + 50)
        }
        // Lines of communication of the hubs in the frame, each stretch styled by its state
        // (open under fire-controlled under cut), up to `lineDrawKm` from its hub; a cross where
        // each line is first cut.
        let framed = content.hubs.filter { box.contains($0.hub.settlement.coordinate) }
        var runs: [LineState: Set<String>] = [:]
        for line in framed.flatMap(\.lines) {
            for stretch in line.stretches where stretch.startKm < Self.lineDrawKm {
                let d = stretch.points.enumerated().map { i, c in
                    let p = projection.page(c)
                    return (i == 0 ? "M" : "L") + String(format: "%.1f,%.1f", p.x, p.y + 50)
                }.joined()
                runs[stretch.state, default: []].insert(d)
            }
        }
        for state in LineState.allCases {
            let style = Self.lineStyles[state]!
            let dash = style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            for d in (runs[state] ?? []).sorted() {
                svg.raw("<path d=\"\(d)\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"\(style.width + 2.4)\" stroke-opacity=\"0.7\" stroke-linecap=\"round\" clip-path=\"url(#frame)\"/>")
                svg.raw("<path d=\"\(d)\" fill=\"none\" stroke=\"\(style.stroke)\" stroke-width=\"\(style.width)\"\(dash) stroke-linecap=\"round\" clip-path=\"url(#frame)\"/>")
            }
        }
        for cut in Set(framed.flatMap(\.lines).compactMap { $0.cutPoint.map { "\($0.lon),\($0.lat)" } }).sorted() {
            let parts = cut.split(separator: ",").compactMap { Double($0) }
            guard let p = inFrame(Coordinate(lon: parts[0], lat: parts[1])) else { continue }
            svg.raw(String(format: "<path d=\"M%.1f,%.1fl8,8m0,-8l-8,8\" stroke=\"#c0141b\" stroke-width=\"3\" fill=\"none\"/>", p.x - 4, p.y - 4))
        }
        var hubIDs = Set<Int>()
        for status in content.hubs {
            guard let p = inFrame(status.hub.settlement.coordinate) else { continue }
            hubIDs.insert(status.hub.settlement.id)
            let fill = Self.statusColours[status.condition]!
            let ring = status.condition == .cutOff ? " stroke=\"#e0302a\" stroke-width=\"2.5\"" : " stroke=\"#ffffff\" stroke-width=\"1.5\""
            svg.raw(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"11\" height=\"11\" fill=\"%@\"%@/>", p.x - 5.5, p.y - 5.5, fill, ring))
            placed.append((p.x - 6, p.y - 6, 12, 12))
        }
        let candidates = territory.geoData.settlements
            .filter { hubIDs.contains($0.id) || $0.population >= 5_000 }
            .sorted { (hubIDs.contains($0.id) ? 1 : 0, $0.population) > (hubIDs.contains($1.id) ? 1 : 0, $1.population) }
        var labels = 0
        for settlement in candidates where labels < 60 {
            guard let p = inFrame(settlement.coordinate) else { continue }
            let isHub = hubIDs.contains(settlement.id)
            let size = isHub || settlement.population >= 100_000 ? 12.5 : 10.5
            let w = Double(settlement.name.count) * size * 0.56, h = size + 2
            // A settlement's dot must be clear too, or the settlement is left unlabelled.
            guard isHub || free((p.x - 3, p.y - 3, 6, 6)) else { continue }
            let spots = [(p.x + 7, p.y - h / 2), (p.x - 7 - w, p.y - h / 2), (p.x - w / 2, p.y - 8 - h), (p.x - w / 2, p.y + 8)]
            guard let spot = spots.first(where: { free(($0.0, $0.1, w, h)) }) else { continue }
            if !isHub {
                svg.raw(String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.4\" fill=\"#222\"/>", p.x, p.y))
                placed.append((p.x - 3, p.y - 3, 6, 6))
            }
            placed.append((spot.0, spot.1, w, h))
            svg.text(settlement.name, x: spot.0, y: spot.1 + h - 3, size: size, weight: isHub ? "bold" : "normal", halo: true)
            labels += 1
        }

        // Title, legend, scale bar, attribution.
        svg.text(content.title, x: 14, y: 32, size: 20, weight: "bold", halo: false)
        var y = 70.0
        let lx = width - legendWidth + 14
        func swatch(_ fill: String, _ label: String, opacity: String = "0.55") {
            svg.raw("<rect x=\"\(lx)\" y=\"\(y)\" width=\"22\" height=\"14\" fill=\"\(fill)\" fill-opacity=\"\(opacity)\" stroke=\"#666\" stroke-width=\"0.5\"/>")
            svg.text(label, x: lx + 30, y: y + 12, size: 12, weight: "normal", halo: false)
            y += 22
        }
        svg.text("Legend", x: lx, y: y - 6, size: 14, weight: "bold", halo: false)
        y += 4
        for (index, side) in sideNames.enumerated() where side != Side.contested.code {
            swatch(colour(side, index), "held by \(side)")
        }
        if sideNames.contains(Side.contested.code) { swatch("url(#contested)", "contested", opacity: "1") }
        swatch("#f4f1ea", "held by its own country", opacity: "1")
        if let change = content.change { swatch("url(#changed)", "changed since \(change.from.iso8601.prefix(10))", opacity: "1") }
        svg.raw("<line x1=\"\(lx)\" y1=\"\(y + 7)\" x2=\"\(lx + 22)\" y2=\"\(y + 7)\" stroke=\"#1a1a1a\" stroke-width=\"2.6\"/>")
        svg.text("front line", x: lx + 30, y: y + 12, size: 12, weight: "normal", halo: false)
        y += 22
        svg.raw("<line x1=\"\(lx)\" y1=\"\(y + 7)\" x2=\"\(lx + 22)\" y2=\"\(y + 7)\" stroke=\"#5b5b5b\" stroke-width=\"0.9\" stroke-dasharray=\"4 2\"/>")
        svg.text("oblast boundary", x: lx + 30, y: y + 12, size: 12, weight: "normal", halo: false)
        y += 30
        svg.text("Hubs", x: lx, y: y, size: 13, weight: "bold", halo: false)
        y += 8
        // Every status a map can show: it follows each hub's holder, so none is held by the other side.
        for condition in HubCondition.allCases where condition != .heldByOtherSide {
            let ring = condition == .cutOff ? " stroke=\"#e0302a\" stroke-width=\"2.5\"" : ""
            svg.raw("<rect x=\"\(lx + 5)\" y=\"\(y + 2)\" width=\"11\" height=\"11\" fill=\"\(Self.statusColours[condition]!)\"\(ring)/>")
            svg.text(condition.label, x: lx + 30, y: y + 12, size: 12, weight: "normal", halo: false)
            y += 20
        }
        y += 10
        svg.text("Lines of communication", x: lx, y: y, size: 13, weight: "bold", halo: false)
        y += 8
        for state in LineState.allCases {
            let style = Self.lineStyles[state]!
            let dash = style.dash.map { " stroke-dasharray=\"\($0)\"" } ?? ""
            svg.raw("<line x1=\"\(lx)\" y1=\"\(y + 8)\" x2=\"\(lx + 22)\" y2=\"\(y + 8)\" stroke=\"\(style.stroke)\" stroke-width=\"\(style.width)\"\(dash)/>")
            svg.text(state.label, x: lx + 30, y: y + 12, size: 12, weight: "normal", halo: false)
            y += 20
        }
        // Scale bar: a round length near a fifth of the map's width (equal-area, true at the centre).
        let mapWidthKm = (width - legendWidth - 2 * margin) / projection.scale / 1000
        let nice = [5.0, 10, 20, 25, 50, 100, 200, 250, 500].last { $0 <= mapWidthKm / 5 } ?? 5
        let barPx = nice * 1000 * projection.scale
        let by = height - 40
        svg.raw(String(format: "<rect x=\"20\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#1a1a1a\"/>", by, barPx / 2))
        svg.raw(String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"6\" fill=\"#ffffff\" stroke=\"#1a1a1a\"/>", 20 + barPx / 2, by, barPx / 2))
        svg.text("0", x: 17, y: by - 4, size: 11, weight: "normal", halo: true)
        svg.text("\(Int(nice)) km", x: 20 + barPx - 10, y: by - 4, size: 11, weight: "normal", halo: true)
        let sources = content.sources.prefix(6).joined(separator: ", ") + (content.sources.count > 6 ? ", …" : "")
        svg.text("Settlements: GeoNames (CC BY 4.0). Boundaries: Natural Earth, DCW. Events: \(sources). Lambert azimuthal equal-area. Made with Frontline.",
                 x: 14, y: height - 12, size: 10, weight: "normal", halo: false)
        svg.close()
        return svg.text
    }
}

/// SVG text, with the escaping XML needs.
struct SVGText {
    private(set) var text = ""

    mutating func open(width: Double, height: Double) {
        text += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        text += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">\n"
    }

    mutating func raw(_ s: String) {
        text += s
        text += "\n"
    }

    mutating func text(_ s: String, x: Double, y: Double, size: Double, weight: String, halo: Bool, anchor: String = "start") {
        let escaped = Self.escape(s)
        let haloAttributes = halo ? " stroke=\"#f4f1ea\" stroke-width=\"3\" paint-order=\"stroke\"" : ""
        text += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.1f\" font-weight=\"%@\" text-anchor=\"%@\" fill=\"#1a1a1a\"%@>",
                       x, y, size, weight, anchor, haloAttributes)
        text += escaped + "</text>\n"
    }

    mutating func close() { text += "</svg>\n" }

    /// `s` as XML character data or an attribute value: `&`, `<`, `>`, `"` and `'` as entities,
    /// and what XML 1.0 does not allow in a document at all (C0 controls other than tab, line
    /// feed and carriage return; U+FFFE and U+FFFF), which no reference can carry either,
    /// written as a visible escape (`\u{1}`), as are the other controls and the bidirectional
    /// overrides (``VisibleText/escaped(_:)``): a label is one line that reads as it is stored.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in VisibleText.escaped(s).unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\u{FFFE}", "\u{FFFF}": out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
