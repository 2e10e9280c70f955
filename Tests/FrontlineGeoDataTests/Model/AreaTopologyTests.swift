import FrontlineGeometry
import Testing
@testable import FrontlineGeoData

/// The admin areas must be valid polygons that do not overlap: later computations partition them
/// into settlement cells and sum their km².
struct AreaTopologyTests {
    let geoData = try! GeoData.embedded()

    @Test func everyAreaIsValid() throws {
        for area in geoData.areas {
            #expect(try area.geometry.isValid, "\(area.iso): \((try? area.geometry.validityReason) ?? "")")
        }
    }

    @Test func areasDoNotOverlap() throws {
        let union = try Geometry.unaryUnion(geoData.areas.map(\.geometry))
        let unionKm2 = union.drawnAreaKm2
        let sumKm2 = geoData.areas.reduce(0) { $0 + $1.km2 }
        // The GeoData build measured 0.00007 km² of overlap in all; allow 0.01 km².
        #expect(abs(sumKm2 - unionKm2) < 0.01, "sum \(sumKm2) km², union \(unionKm2) km²")
    }

    @Test func ukraineIsOneOutlineWithoutGapsBetweenOblasts() throws {
        let ukraine = try Geometry.unaryUnion(geoData.areas.filter { $0.country == "UA" }.map(\.geometry))
        // Holes inside Ukraine's union would be gaps between oblasts.
        let holes = ukraine.polygons.reduce(0) { $0 + $1.holes.count }
        #expect(holes == 0)
        #expect(abs(ukraine.drawnAreaKm2 - 600_412) < 1)
    }
}
