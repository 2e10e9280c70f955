import Foundation
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

/// The territory of a place a user added: its area tessellated again with it, every other area
/// as shipped, cached per set of added places.
struct AddedPlacesTessellationTests {
    /// The Zaporizhzhia nuclear power plant (IAEA: 47.5119 N, 34.5853 E), not a shipped settlement.
    static let plant = Settlement(id: 2_000_000_001, name: "Zaporizhzhia Nuclear Power Plant", coordinate: Coordinate(lon: 34.5853, lat: 47.5119),
                                     population: 0, areaISO: "UA-23", alternateNames: [])

    @Test func anAddedPlaceTakesItsCellFromItsNeighboursAndTheAreaStaysWhole() throws {
        let embedded = try GeoData.embedded()
        let geoData = embedded.adding([Self.plant])
        #expect(geoData.base === embedded && geoData.addedPlaces == [Self.plant])
        #expect(geoData.settlement(id: Self.plant.id) == Self.plant)
        let base = TessellationTests.tessellation
        let tessellation = try Tessellation.build(geoData, over: base)

        // Every other area keeps its cells as they were.
        #expect(tessellation.cells.filter { $0.areaISO != "UA-23" } == base.cells.filter { $0.areaISO != "UA-23" })
        #expect(tessellation.land == base.land)

        let before = base.cells.filter { $0.areaISO == "UA-23" }
        let after = tessellation.cells.filter { $0.areaISO == "UA-23" }
        #expect(after.count == before.count + 1)
        let cell = try #require(after.first { $0.settlementID == Self.plant.id })
        #expect(cell.geometry.polygons.contains { PointInPolygon.contains($0, Self.plant.coordinate) })
        // The oblast is still tiled: its cells add up to what they did, and to its area.
        let sumBefore = before.map(\.km2).reduce(0, +), sumAfter = after.map(\.km2).reduce(0, +)
        #expect(abs(sumAfter / sumBefore - 1) < 1e-9, "\(sumAfter) vs \(sumBefore)")
        let oblast = try #require(geoData.area(iso: "UA-23"))
        #expect(abs(sumAfter / oblast.km2 - 1) < 1e-6)
        // It takes land only from its neighbours (a new Voronoi site shrinks cells, never grows
        // them), and exactly the land it has.
        let beforeByID = Dictionary(uniqueKeysWithValues: before.compactMap { c in c.settlementID.map { ($0, c.km2) } })
        var lost = 0.0
        for other in after where other.settlementID != Self.plant.id {
            let was = try #require(beforeByID[other.settlementID ?? -1])
            #expect(other.km2 <= was + 0.01, "\(other.settlementID ?? -1): \(other.km2) > \(was)")
            lost += was - other.km2
        }
        #expect(abs(lost - cell.km2) < 0.01 * cell.km2, "lost \(lost), took \(cell.km2)")
        // The cell its point lay in gave some of it.
        let host = try #require(before.first { $0.geometry.polygons.contains { PointInPolygon.contains($0, Self.plant.coordinate) } })
        let hostAfter = try #require(after.first { $0.settlementID == host.settlementID })
        #expect(hostAfter.km2 < host.km2 - 1)
        #expect(cell.km2 > 1 && cell.km2 < host.km2 + lost)

        let territory = try Territory(geoData: geoData, tessellation: tessellation)
        #expect(territory.cellOfSettlement[Self.plant.id].map { territory.cells[$0].settlementID } == Self.plant.id)
    }

    @Test func eachSetOfAddedPlacesHasItsOwnFingerprintAndCacheFile() throws {
        let embedded = try GeoData.embedded()
        let one = embedded.adding([Self.plant])
        let again = embedded.adding([Self.plant])
        let moved = Settlement(id: Self.plant.id, name: Self.plant.name, coordinate: Coordinate(lon: 34.59, lat: 47.5119), population: 0,
                               areaISO: "UA-23", alternateNames: [])
        #expect(one.fingerprint == again.fingerprint)
        #expect(one.fingerprint != embedded.fingerprint && one.fingerprint.hasPrefix(embedded.fingerprint))
        #expect(embedded.adding([moved]).fingerprint != one.fingerprint)
        #expect(embedded.adding([]) === embedded)
        // Adding to GeoData with places added adds to its base.
        let two = one.adding([Settlement(id: 2_000_000_002, name: "Verbove-2", coordinate: Coordinate(lon: 35.95, lat: 47.47),
                                         population: 0, areaISO: "UA-23", alternateNames: [])])
        #expect(two.base === embedded && two.addedPlaces.count == 2)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        // The base's file first (made here), then the one for this set of places.
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try TessellationCache.encode(TessellationTests.tessellation).write(to: TessellationCache.fileURL(for: embedded, in: directory))
        let made = try TessellationCache.tessellation(for: one, directory: directory)
        let url = TessellationCache.fileURL(for: one, in: directory)
        #expect(FileManager.default.fileExists(atPath: url.path))
        #expect(TessellationCache.decode(try Data(contentsOf: url))?.cells == made.cells)
        #expect(try TessellationCache.tessellation(for: again, directory: directory).cells == made.cells)
        #expect(made.cells.contains { $0.settlementID == Self.plant.id })
    }
}
