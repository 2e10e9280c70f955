// Records two control events in a new log and asks what changed hands, through the library alone.
//
//     swift run --package-path Examples/ChangeThroughTheLibrary ChangeThroughTheLibrary [LOG]
//
// Izium is held by Russia from 1 April 2022 and by Ukraine from 10 September 2022 (ISW's
// assessments of those days); the change over September is Izium's settlement cell.
import Foundation
import FrontlineControl
import FrontlineEvents
import FrontlineGeoData

let path = CommandLine.arguments.dropFirst().first
    ?? FileManager.default.temporaryDirectory.appendingPathComponent("frontline-example-\(UUID().uuidString).sqlite").path

do {
    let geoData = try GeoData.embedded()
    let izium = try geoData.gazetteer.resolveExactly("Izium", area: "UA-63")
    let store = try SQLiteEventStore(path: path)
    let source = "ISW, Russian Offensive Campaign Assessment"
    _ = try store.append([
        try EventDraft(at: try EventTime(parsing: "2022-04-01"), subject: .place(geonameID: izium.id), side: "RU",
                       status: .confirmed, claimant: "ISW", source: source),
        try EventDraft(at: try EventTime(parsing: "2022-09-10"), subject: .place(geonameID: izium.id), side: "UA",
                       status: .confirmed, claimant: "ISW", source: source),
    ])

    let territory = try Territory.embedded()
    let service = ControlService(store: store, territory: territory, selection: try territory.selection("UA-63"))
    let report = try service.change(from: try EventTime.queryBound("2022-09-01", endOfDay: true),
                                    to: try EventTime.queryBound("2022-09-30", endOfDay: true))
    for transfer in report.change.transfers {
        print("\(transfer.from) → \(transfer.to): \(String(format: "%.3f", transfer.km2)) km²")
    }
    for place in report.change.places {
        print("\(place.name) (\(place.areaISO)): \(place.from) → \(place.to)")
    }
    print("log: \(path)")
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
