import Testing
@testable import FrontlineGeometry
import SeededRandom

@Suite struct VoronoiTests {
    static let envelope = BoundingBox(minLon: 35.5, minLat: 49.5, maxLon: 37.2, maxLat: 50.5)
    static let envelopeArea = (37.2 - 35.5) * (50.5 - 49.5)

    static func randomSites(_ count: Int, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        return Fixtures.kharkivSettlements + (0..<count).map { _ in GEOSTest.randomCoordinate(in: envelope, using: &rng) }
    }

    @Test func diagramHasOneCellPerDistinctSite() throws {
        let context = try GEOSContext()
        let sites = try GEOSGeometry(.multiPoint(Fixtures.kharkivSettlements), context: context)
        let diagram = try sites.voronoiDiagram()
        #expect(try diagram.typeName == "GeometryCollection")
        #expect(try diagram.numberOfGeometries == Fixtures.kharkivSettlements.count)
        let edges = try sites.voronoiDiagram(onlyEdges: true)
        #expect(try edges.typeName == "MultiLineString")
    }

    @Test func eachSiteLiesInItsOwnCell() throws {
        let context = try GEOSContext()
        let sites = Self.randomSites(300, seed: 1)
        let cells = try GEOSGeometry.voronoiCells(ofSites: sites, context: context)
        #expect(cells.count == sites.count)
        for (site, cell) in zip(sites, cells) {
            let cell = try #require(cell)
            #expect(try PreparedGeometry(cell).contains(site))
        }
    }

    @Test func clippedCellsTileTheEnvelope() throws {
        let context = try GEOSContext()
        let sites = Self.randomSites(400, seed: 2)
        let cells = try GEOSGeometry.voronoiCells(ofSites: sites, envelope: Self.envelope, context: context)
        let present = cells.compactMap { $0 }
        #expect(present.count == sites.count)
        var total = 0.0
        for (site, cell) in zip(sites, cells) {
            let cell = try #require(cell)
            #expect(try cell.isValid)
            #expect(try PreparedGeometry(cell).covers(site))
            let box = try #require(try cell.boundingBox)
            #expect(box.minLon >= Self.envelope.minLon && box.maxLon <= Self.envelope.maxLon)
            #expect(box.minLat >= Self.envelope.minLat && box.maxLat <= Self.envelope.maxLat)
            total += try cell.planarArea
        }
        #expect(GEOSTest.close(total, Self.envelopeArea, relative: 1e-9))
        try expectNoOverlap(present, context: context)
    }

    @Test func duplicateSitesShareTheFirstCell() throws {
        let context = try GEOSContext()
        var sites = Self.randomSites(50, seed: 3)
        sites.insert(sites[10], at: 20)   // duplicate of site 10
        sites.append(sites[0])            // duplicate of site 0
        sites.append(sites[0])
        let cells = try GEOSGeometry.voronoiCells(ofSites: sites, envelope: Self.envelope, context: context)
        #expect(cells[10] != nil && cells[20] == nil)
        #expect(cells[0] != nil && cells[sites.count - 1] == nil && cells[sites.count - 2] == nil)
        let present = cells.compactMap { $0 }
        #expect(present.count == sites.count - 3)
        let total = try present.reduce(0) { $0 + (try $1.planarArea) }
        #expect(GEOSTest.close(total, Self.envelopeArea, relative: 1e-9))
    }

    @Test func nearDuplicatesWithinToleranceAreMerged() throws {
        let context = try GEOSContext()
        let sites = [
            Coordinate(lon: 36, lat: 50), Coordinate(lon: 36.000_000_1, lat: 50), Coordinate(lon: 36.5, lat: 50.2),
            Coordinate(lon: 36.2, lat: 49.7),
        ]
        let cells = try GEOSGeometry.voronoiCells(ofSites: sites, envelope: Self.envelope, tolerance: 0.001, context: context)
        #expect(cells.compactMap { $0 }.count == 3)
        #expect(cells[1] == nil)
        let total = try cells.compactMap { $0 }.reduce(0) { $0 + (try $1.planarArea) }
        #expect(GEOSTest.close(total, Self.envelopeArea, relative: 1e-9))
    }

    @Test func smallCases() throws {
        let context = try GEOSContext()
        #expect(try GEOSGeometry.voronoiCells(ofSites: [], envelope: Self.envelope, context: context).isEmpty)
        let one = try GEOSGeometry.voronoiCells(ofSites: [Fixtures.kharkivCentre], envelope: Self.envelope, context: context)
        #expect(try one[0]?.planarArea == Self.envelopeArea)
        let twice = try GEOSGeometry.voronoiCells(
            ofSites: [Fixtures.kharkivCentre, Fixtures.kharkivCentre], envelope: Self.envelope, context: context
        )
        #expect(twice[0] != nil && twice[1] == nil)
        let unbounded = try GEOSGeometry.voronoiCells(ofSites: [Fixtures.kharkivCentre], context: context)
        #expect(unbounded.count == 1 && unbounded[0] == nil)
        // Two sites: the envelope is split along the perpendicular bisector.
        let two = try GEOSGeometry.voronoiCells(
            ofSites: [Coordinate(lon: 36, lat: 50), Coordinate(lon: 36.6, lat: 50)], envelope: Self.envelope, context: context
        )
        #expect(GEOSTest.close(try two[0]!.planarArea, (36.3 - 35.5) * 1.0))
        #expect(GEOSTest.close(try two[1]!.planarArea, (37.2 - 36.3) * 1.0))
    }

    @Test func collinearSites() throws {
        let context = try GEOSContext()
        let sites = (0..<10).map { Coordinate(lon: 35.6 + Double($0) * 0.15, lat: 50) }
        let cells = try GEOSGeometry.voronoiCells(ofSites: sites, envelope: Self.envelope, context: context)
        let total = try cells.map { try #require($0).planarArea }.reduce(0, +)
        #expect(GEOSTest.close(total, Self.envelopeArea, relative: 1e-9))
    }

    /// No two cells share interior: candidate pairs from an STRtree, intersection area ≈ 0.
    func expectNoOverlap(_ cells: [GEOSGeometry], context: GEOSContext) throws {
        let tree = try STRtree(geometries: cells, context: context)
        var pairs = 0
        for (i, cell) in cells.enumerated() {
            for j in try tree.query(cell) where j > i {
                let overlap = try cell.intersection(cells[j]).planarArea
                #expect(overlap < 1e-12 * Self.envelopeArea)
                pairs += 1
            }
        }
        #expect(pairs >= cells.count)
    }
}
