import ArgumentParser
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineRender

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the map at a time as SVG.",
        discussion: """
            Territory per side (contested hatched; a country's land held by itself is left \
            background), changes since --from highlighted, the front \
            line, oblast boundaries, hubs with their status, labels for the main settlements, a \
            legend, a scale bar and the attribution, in a Lambert azimuthal equal-area projection \
            centred on the region (--area, --bbox, or the whole theatre).
            """)

    @OptionGroup var options: ControlOptions

    @Option(help: ArgumentHelp("The instant.", valueName: "time"))
    var at: String

    @Option(help: ArgumentHelp("Highlight what changed hands since this instant.", valueName: "time"))
    var from: String?

    @Option(help: ArgumentHelp("The region to draw: west,south,east,north in degrees.", valueName: "w,s,e,n"))
    var bbox: String?

    @Option(help: ArgumentHelp("A title instead of the default.", valueName: "text"))
    var title: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of standard output.", valueName: "file.svg"))
    var output: String?

    func validate() throws {
        if bbox != nil && options.area != nil { throw ValidationError("give --area or --bbox, not both") }
    }

    func run() throws {
        let instant = try queryTime(at, option: "--at")
        let view = try options.parsedView()
        let session = try ControlSession(options)
        let svg = try Self.draw(session: session, at: instant, from: try from.map { try queryTime($0, option: "--from") },
                                view: view, box: try box(session), title: title)
        try Self.write(svg, to: output)
    }

    func box(_ session: ControlSession) throws -> BoundingBox {
        if let bbox {
            let numbers = bbox.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard numbers.count == 4, numbers[0] < numbers[2], numbers[1] < numbers[3],
                  (-180...180).contains(numbers[0]), (-180...180).contains(numbers[2]),
                  (-90...90).contains(numbers[1]), (-90...90).contains(numbers[3]) else {
                throw ValidationError("--bbox: four numbers west,south,east,north (west < east, south < north)")
            }
            return BoundingBox(minLon: numbers[0], minLat: numbers[1], maxLon: numbers[2], maxLat: numbers[3])
        }
        let areas = session.selection.map { $0.indices.map { session.territory.areas[$0] } } ?? session.territory.areas
        return BoundingBox(enclosing: areas.compactMap { $0.geometry.boundingBox })!
    }

    /// The map of `at` (and the change since `from`) over `box`, as SVG.
    static func draw(session: ControlSession, at: EventTime, from: EventTime?, view: ControlView, box: BoundingBox,
                     title: String?) throws -> String {
        let events = try session.events(to: at)
        let map = try session.map(at: at, view: view, events: events)
        var change: ControlChange?
        if let from {
            guard from <= at else { throw ControlError.emptyInterval(from: from.iso8601, to: at.iso8601) }
            change = try ControlChange.compute(from: try session.map(at: from, view: view, events: events), to: map,
                                               territory: session.territory, withGeometry: true)
        }
        return try draw(map: map, change: change, events: events, territory: session.territory,
                        selection: session.selection, box: box, title: title)
    }

    /// `map` (and `change`, computed with its geometry) over `box`, as SVG; `events` name the
    /// claimants for the attribution.
    static func draw(map: ControlMap, change: ControlChange?, events: [ControlEvent], territory: Territory,
                     selection: AreaSelection?, box: BoundingBox, title: String?) throws -> String {
        let hubs = try HubAnalysis(territory: territory, logistics: try territory.geoData.logistics()).evaluate(map).hubs
        var sources: [String] = []
        for event in events where event.at <= map.at && map.view.includes(event) && !sources.contains(event.claimant) {
            sources.append(event.claimant)
        }
        let place = selection?.name ?? "Control"
        let defaultTitle = "\(place) on \(map.at.iso8601.prefix(10)) (view \(map.view))"
            + (change.map { ", changes since \($0.from.iso8601.prefix(10))" } ?? "")
        return try MapSVG().render(.init(map: map, change: change, hubs: hubs, sources: sources, title: title ?? defaultTitle),
                                   box: box, territory: territory)
    }

    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do { try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic) } catch {
            throw IOFailure(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
