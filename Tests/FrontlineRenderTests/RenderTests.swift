import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineRender
import FrontlineTestSupport

/// Counts elements and collects text of an SVG document (and fails on malformed XML).
final class SVGReader: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    private var inText = false

    static func read(_ svg: String) throws -> SVGReader {
        let reader = SVGReader()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = reader
        guard parser.parse() else { throw parser.parserError ?? CocoaError(.fileReadCorruptFile) }
        return reader
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        counts[name, default: 0] += 1
        if name == "text" { inText = true; texts.append("") }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1] += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}

struct RenderTests {
    /// A territory per test: it owns a GEOS context, which one thread at a time may use.
    static func territory() throws -> Territory {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-render-cache")
        let geoData = try GeoData.embedded()
        return try Territory(geoData: geoData, tessellation: TessellationCache.tessellation(for: geoData, directory: directory))
    }

    @Test func aMapOfKharkivOblastHasEveryPart() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
        for (place, side, at) in [(703656, "RU", "2022-02-27"), (707292, "RU", "2022-04-01"), (703656, "UA", "2022-09-10"),
                                  (712926, "contested", "2022-09-08")] {
            try store.append([try EventDraft(at: EventTime(parsing: at), subject: .place(geonameID: place), side: side,
                                             status: .confirmed, claimant: "ISW", source: "ISW")])
        }
        let territory = try Self.territory()
        let engine = ControlEngine(territory: territory)
        let events = try store.allEvents()
        let before = try engine.map(at: try EventTime(parsing: "2022-09-06"), view: .confirmed, events: events)
        let after = try engine.map(at: try EventTime(parsing: "2022-09-13"), view: .confirmed, events: events)
        let change = try ControlChange.compute(from: before, to: after, territory: territory, withGeometry: true)
        let hubs = try HubAnalysis(territory: territory, logistics: try territory.geoData.logistics()).evaluate(after).hubs
        let box = try #require(territory.geoData.area(iso: "UA-63")?.geometry.boundingBox)
        let svg = try MapSVG().render(.init(map: after, change: change, hubs: hubs, sources: ["ISW"], title: "Kharkiv Oblast, 13 September 2022"),
                                      box: box, territory: territory)
        let read = try SVGReader.read(svg)
        #expect(read.texts.contains("Kharkiv Oblast, 13 September 2022"))
        // Ukraine held by UA is background, not a side's colour: only what RU holds is.
        #expect(!read.texts.contains("held by UA") && read.texts.contains("held by RU") && read.texts.contains("contested"))
        #expect(read.texts.contains("held by its own country"))
        #expect(read.texts.contains { $0.hasPrefix("changed since") })
        #expect(read.texts.contains("front line") && read.texts.contains("cut off") && read.texts.contains("nearly encircled"))
        #expect(read.texts.contains("Lines of communication") && read.texts.contains("under fire control"))
        #expect(read.texts.contains { $0.hasSuffix(" km") })  // the scale bar
        #expect(read.texts.contains { $0.contains("GeoNames") && $0.contains("ISW") })  // attribution
        for name in ["Kharkiv", "Izium", "Kupiansk"] { #expect(read.texts.contains(name), "\(name) is not labelled") }
        #expect((read.counts["path"] ?? 0) > 10)
        // The SVG must render in a real renderer: librsvg (installed by `tools/setup --test`).
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert"),
                     "rsvg-convert is missing: run tools/setup --test")
        let file = directory.appendingPathComponent("map.svg")
        try Data(svg.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
        process.arguments = ["-o", directory.appendingPathComponent("map.png").path, file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    /// Before any event every area is held by its own country: nothing is painted in a side's
    /// colour, Russia's oblasts no more than Ukraine's.
    @Test func aCountryHeldByItselfIsBackground() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-render-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
        let territory = try Self.territory()
        let engine = ControlEngine(territory: territory)
        let quiet = try engine.map(at: try EventTime(parsing: "2022-01-01"), view: .confirmed, events: try store.allEvents())
        let box = try #require(BoundingBox(enclosing: territory.areas.compactMap { $0.geometry.boundingBox }))
        let svg = try MapSVG().render(.init(map: quiet, change: nil, hubs: [], sources: [], title: "Before"), box: box, territory: territory)
        for colour in MapSVG.sideColours.values { #expect(!svg.contains("fill=\"\(colour)\""), "\(colour)") }
        #expect(!(try SVGReader.read(svg).texts.contains { $0.hasPrefix("held by ") && $0 != "held by its own country" }))

        // Kursk's Sudzha taken by UA: UA's colour there, and nowhere else.
        try store.append([try EventDraft(at: EventTime(parsing: "2024-08-10"), subject: .place(geonameID: 486816), side: "UA",
                                         status: .confirmed, claimant: "test", source: "test")])
        let incursion = try engine.map(at: try EventTime(parsing: "2024-08-11"), view: .confirmed, events: try store.allEvents())
        let drawn = try MapSVG().render(.init(map: incursion, change: nil, hubs: [], sources: [], title: "Kursk"), box: box, territory: territory)
        #expect(drawn.components(separatedBy: "<path d=\"M").count > 10)
        #expect(drawn.components(separatedBy: "fill=\"\(MapSVG.sideColours["UA"]!)\" fill-opacity=\"0.55\" fill-rule").count == 2)
        #expect(try SVGReader.read(drawn).texts.contains("held by UA"))
    }

    @Test func aChartLabelsTheBiggestMoves() throws {
        func row(_ at: String, ua: Double, ru: Double) throws -> ControlSummary {
            ControlSummary(at: try EventTime(parsing: at), view: .confirmed, sides: ["UA": ua, "RU": ru])
        }
        let rows = [try row("2022-09-01", ua: 100, ru: 900), try row("2022-09-08", ua: 150, ru: 850),
                    try row("2022-09-10", ua: 700, ru: 300), try row("2022-09-13", ua: 720, ru: 280)]
        let svg = ChartSVG().render(rows: rows, labels: ["", "Balakliia", "Izium, Kupiansk", ""], title: "Kharkiv Oblast", mostChanged: 2)
        let read = try SVGReader.read(svg)
        #expect(read.counts["polyline"] == 2)
        #expect(read.texts.contains("2022-09-10: 550 km² (Izium, Kupiansk)"))
        #expect(read.texts.contains("2022-09-08: 50 km² (Balakliia)"))
        #expect(!read.texts.contains { $0.hasPrefix("2022-09-13:") })
    }

    /// A background side (a country's own, over its own land) has no line, yet what it loses
    /// counts in the moves; each side drawn has a scale of its own.
    @Test func aChartLeavesTheBackgroundSideOutButCountsItsMoves() throws {
        func row(_ at: String, ua: Double, ru: Double, contested: Double) throws -> ControlSummary {
            ControlSummary(at: try EventTime(parsing: at), view: .confirmed, sides: ["UA": ua, "RU": ru, "contested": contested])
        }
        let rows = [try row("2024-11-01", ua: 489_519, ru: 110_143, contested: 750),
                    try row("2024-12-01", ua: 488_800, ru: 110_856, contested: 756)]
        let svg = ChartSVG().render(rows: rows, labels: ["", ""], title: "Ukraine", background: ["UA"])
        let read = try SVGReader.read(svg)
        #expect(read.counts["polyline"] == 2)
        #expect(read.texts.contains("RU 110,856 km²") && read.texts.contains("contested 756 km²"))
        #expect(!read.texts.contains { $0.hasPrefix("UA ") })
        #expect(read.texts.contains("2024-12-01: 719 km²"))  // (719 + 713 + 6) / 2
        // RU's scale spans its own range, not zero to a hundred thousand.
        let ticks = read.texts.compactMap { Int($0.replacingOccurrences(of: ",", with: "")) }
        #expect(ticks.contains { (100_000...110_143).contains($0) } && !ticks.contains(0), "\(ticks)")
        #expect(read.texts.contains { $0.contains("Not drawn: what UA holds of its own country") })
    }
}
