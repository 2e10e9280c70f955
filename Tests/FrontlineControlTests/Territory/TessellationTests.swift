import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

struct TessellationTests {
    static let geoData = try! GeoData.embedded()
    /// Built once for the suite: every area of the shipped GeoData.
    static let tessellation = try! Tessellation.build(geoData)

    @Test func projectionRoundTripsAndKeepsDistancesFromTheCentre() {
        let projection = AzimuthalEquidistant(center: Coordinate(lon: 36.5, lat: 49.5))
        let izium = Coordinate(lon: 37.27679, lat: 49.20697)
        let back = projection.inverse(projection.forward(izium))
        #expect(abs(back.lon - izium.lon) < 1e-10 && abs(back.lat - izium.lat) < 1e-10)
        // True distance from the centre, on the sphere; within 0.5 % of the WGS84 geodesic.
        let p = projection.forward(izium)
        let planar = (p.lon * p.lon + p.lat * p.lat).squareRoot()
        let geodesic = Geodesic.wgs84.distance(from: projection.center, to: izium)
        #expect(abs(planar / geodesic - 1) < 0.005)
    }

    @Test func cellsTileEveryAreaExactly() throws {
        let byArea = Dictionary(grouping: Self.tessellation.cells, by: \.areaISO)
        for area in Self.geoData.areas {
            let cells = try #require(byArea[area.iso], "\(area.iso) has no cells")
            let sum = cells.reduce(0) { $0 + $1.km2 }
            #expect(abs(sum / area.km2 - 1) < 1e-9, "\(area.iso): cells \(sum) km², area \(area.km2) km²")
        }
    }

    @Test func cellsDoNotOverlap() throws {
        let kharkiv = Self.tessellation.cells.filter { $0.areaISO == "UA-63" }
        let union = try Geometry.unaryUnion(kharkiv.map(\.geometry))
        let unionKm2 = union.drawnAreaKm2
        let sum = kharkiv.reduce(0) { $0 + $1.km2 }
        #expect(abs(sum - unionKm2) < 1e-6 * sum)
    }

    @Test func everySettlementInsideItsAreaLiesInItsOwnCell() throws {
        let cells = Dictionary(uniqueKeysWithValues: Self.tessellation.cells.compactMap { c in c.settlementID.map { ($0, c) } })
        var checked = 0
        for settlement in Self.geoData.settlements where settlement.areaISO == "UA-63" {
            guard let cell = cells[settlement.id] else { continue }
            #expect(cell.geometry.polygons.contains { PointInPolygon.contains($0, settlement.coordinate) },
                    "\(settlement.name) (\(settlement.id)) is outside its cell")
            checked += 1
        }
        #expect(checked >= 150)  // Kharkiv Oblast has 155 GeoNames places of 500 people or more
    }

    @Test func iziumAndKupianskHaveCellsOfPlausibleSize() throws {
        for id in [707292, 703656] {
            let cell = try #require(Self.tessellation.cells.first { $0.settlementID == id })
            #expect(cell.areaISO == "UA-63")
            #expect((5...1_000).contains(cell.km2), "\(id): \(cell.km2) km²")  // the oblast averages ~205 km² a cell
        }
    }
}
