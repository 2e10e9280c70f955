import Foundation
import FrontlineGeoData
import FrontlineGeometry
import GRDB
@testable import FrontlineEvents

/// Runs `statements` on the log at `path` through a connection of its own, outside a
/// transaction (so pragmas take), as someone editing the file behind Frontline's back would.
func writeBehindFrontline(_ path: String, _ statements: String...) throws {
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { db in
        for sql in statements { try db.execute(sql: sql) }
    }
    try queue.close()
}

/// A fresh directory per test, removed by the caller's `defer`.
struct TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-events-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func write(_ name: String, _ text: String) throws -> String {
        let p = path(name)
        try Data(text.utf8).write(to: URL(fileURLWithPath: p))
        return p
    }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

enum Fixtures {
    static let izium = 707292
    static let kupiansk = 703656
    static let kharkiv = 706483
    static var gazetteer: Gazetteer { try! GeoData.embedded().gazetteer }
    /// Half a degree square near Izium, as an area event's geometry.
    static let square = Geometry.polygon(try! Polygon(exterior: [
        .init(lon: 37.0, lat: 49.0), .init(lon: 37.5, lat: 49.0), .init(lon: 37.5, lat: 49.5),
        .init(lon: 37.0, lat: 49.5), .init(lon: 37.0, lat: 49.0)]))

    static func draft(_ at: String, place: Int = izium, side: String = "UA", status: EventStatus = .claimed,
                      source: String = "ISW", note: String? = nil) throws -> EventDraft {
        try EventDraft(at: EventTime(parsing: at), subject: .place(geonameID: place), side: side, status: status,
                       claimant: "General Staff", source: source, note: note)
    }
}
