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
        #expect(read.texts.contains("held by UA") && read.texts.contains("held by RU") && read.texts.contains("contested"))
        #expect(read.texts.contains { $0.hasPrefix("changed since") })
        #expect(read.texts.contains("front line") && read.texts.contains("cut-off"))
        #expect(read.texts.contains { $0.hasSuffix(" km") })  // the scale bar
        #expect(read.texts.contains { $0.contains("GeoNames") && $0.contains("ISW") })  // attribution
        for name in ["Kharkiv", "Izyum", "Kupyansk"] { #expect(read.texts.contains(name), "\(name) is not labelled") }
        #expect((read.counts["path"] ?? 0) > 10)
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/rsvg-convert") {
            let file = directory.appendingPathComponent("map.svg")
            try Data(svg.utf8).write(to: file)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/rsvg-convert")
            process.arguments = ["-o", directory.appendingPathComponent("map.png").path, file.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
        }
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
}
