import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

/// A hand-made theatre whose answers are known exactly.
///
/// Area XA (country X) is the rectangle 2°W–2°E × 1.5°S–1.5°N with settlements West (1°W) and
/// East (1°E) at 0.5°S: by symmetry their Voronoi cells are exactly its western and
/// eastern halves, split on the prime meridian. Area YA (country Y) is 2°E–4°E with one
/// settlement. The square 0–1°E × 0–1°N lies inside East's cell; drawn as GeoJSON (edges along
/// meridians and parallels) its area on WGS84 has a closed form (``rectangleKm2``).
struct SyntheticTheatre {
    static let west = 1, east = 2, yTown = 3
    static let squareKm2 = rectangleKm2(west: 0, south: 0, east: 1, north: 1)

    /// The exact area of a longitude/latitude rectangle on WGS84: Δλ · (S(φ₂) − S(φ₁)) with
    /// S(φ) = b²/2 · (sin φ / (1 − e² sin² φ) + artanh(e sin φ) / e), the area between the
    /// equator and φ per radian of longitude.
    static func rectangleKm2(west: Double, south: Double, east: Double, north: Double) -> Double {
        let a = 6_378_137.0, f = 1 / 298.257223563
        let b = a * (1 - f), e2 = f * (2 - f), e = e2.squareRoot()
        func s(_ degrees: Double) -> Double {
            let x = sin(degrees * .pi / 180)
            return b * b / 2 * (x / (1 - e2 * x * x) + atanh(e * x) / e)
        }
        return (east - west) * .pi / 180 * (s(north) - s(south)) / 1e6
    }

    let geoData: GeoData
    let territory: Territory
    let engine: ControlEngine
    let store: SQLiteEventStore
    let directory: URL

    init() throws {
        func rectangle(_ w: Double, _ s: Double, _ e: Double, _ n: Double) -> Geometry {
            .polygon(Polygon(unchecked: [Coordinate(lon: w, lat: s), Coordinate(lon: e, lat: s), Coordinate(lon: e, lat: n),
                                         Coordinate(lon: w, lat: n), Coordinate(lon: w, lat: s)]))
        }
        geoData = GeoData(
            areas: [(iso: "XA", name: "X Area", country: "X", geometry: rectangle(-2, -1.5, 2, 1.5)),
                    (iso: "YA", name: "Y Area", country: "Y", geometry: rectangle(2, -1.5, 4, 1.5))],
            settlements: [
                Settlement(id: Self.west, name: "West", coordinate: Coordinate(lon: -1, lat: -0.5), population: 1000, areaISO: "XA", alternateNames: []),
                Settlement(id: Self.east, name: "East", coordinate: Coordinate(lon: 1, lat: -0.5), population: 1000, areaISO: "XA", alternateNames: []),
                Settlement(id: Self.yTown, name: "Ytown", coordinate: Coordinate(lon: 3, lat: 0), population: 1000, areaISO: "YA", alternateNames: []),
            ])
        territory = try Territory(geoData: geoData, tessellation: Tessellation.build(geoData))
        engine = ControlEngine(territory: territory)
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
    }

    static func square(_ w: Double, _ s: Double, _ e: Double, _ n: Double) -> Geometry {
        .polygon(Polygon(unchecked: [Coordinate(lon: w, lat: s), Coordinate(lon: e, lat: s), Coordinate(lon: e, lat: n),
                                     Coordinate(lon: w, lat: n), Coordinate(lon: w, lat: s)]))
    }

    static func time(_ text: String) -> EventTime { try! EventTime(parsing: text) }

    @discardableResult
    func record(_ subject: EventSubject, _ side: String, at: String, status: EventStatus = .confirmed,
                claimant: String = "Test") throws -> ControlEvent {
        try store.append([EventDraft(at: Self.time(at), subject: subject, side: side, status: status,
                                     claimant: claimant, source: "test")])[0]
    }

    /// The map from the whole log in memory; every test also checks that reading the log latest
    /// first, as `control` does, and stopping early gives the same map.
    func map(at: String, view: ControlView = .confirmed) throws -> ControlMap {
        let instant = Self.time(at)
        let map = try engine.map(at: instant, view: view, events: store.events())
        let streamed = try engine.map(at: instant, view: view, earliestGeometric: try store.earliestGeometricEvent(to: instant)) { consume in
            try store.forEachEventLatestFirst(matching: EventFilter(to: instant), while: consume)
        }
        #expect(Self.fingerprint(streamed) == Self.fingerprint(map), "reading latest first gave another map at \(at)")
        return map
    }

    /// Every cell's and piece's side, time and km², region by region.
    static func fingerprint(_ map: ControlMap) -> [String] {
        map.regions.enumerated().flatMap { index, region in
            region.fullCells.map { "\(index) cell \($0.cell) \($0.side) \($0.since?.iso8601 ?? "-")" }
                + region.pieces.map { "\(index) piece \($0.side) \($0.km2) \($0.since?.iso8601 ?? "-")" }
        }
    }

    func summary(at: String, view: ControlView = .confirmed) throws -> ControlSummary {
        ControlSummary(map: try map(at: at, view: view), territory: territory)
    }

    var xa: AdminArea { geoData.area(iso: "XA")! }
    var ya: AdminArea { geoData.area(iso: "YA")! }

    func removeFiles() { try? FileManager.default.removeItem(at: directory) }
}

/// Relative difference.
func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(abs(b), 1e-300) }
