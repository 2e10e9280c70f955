import Testing
@testable import FrontlineGeometry
import SeededRandom

@Suite struct STRtreeTests {
    static func randomBoxes(_ count: Int, using rng: inout SplitMix64) -> [BoundingBox] {
        (0..<count).map { _ in
            let lon = Double.random(in: 22...40, using: &rng), lat = Double.random(in: 44...52, using: &rng)
            return BoundingBox(
                minLon: lon, minLat: lat,
                maxLon: lon + Double.random(in: 0...0.8, using: &rng), maxLat: lat + Double.random(in: 0...0.5, using: &rng)
            )
        }
    }

    @Test func queryMatchesBruteForce() throws {
        var rng = SplitMix64(seed: 42)
        let boxes = Self.randomBoxes(2000, using: &rng)
        let tree = try STRtree(boxes: boxes, context: GEOSContext())
        #expect(tree.count == 2000)
        var total = 0
        for query in Self.randomBoxes(300, using: &rng) {
            let expected = boxes.indices.filter { boxes[$0].intersects(query) }
            let found = try tree.query(query)
            #expect(found == expected)
            total += found.count
        }
        #expect(total > 0)
    }

    @Test func degenerateBoxesAndPoints() throws {
        let boxes = [
            BoundingBox(minLon: 0, minLat: 0, maxLon: 0, maxLat: 0),
            BoundingBox(minLon: 1, minLat: 0, maxLon: 1, maxLat: 5),
            BoundingBox(minLon: 0, minLat: 0, maxLon: 10, maxLat: 10),
        ]
        let tree = try STRtree(boxes: boxes, context: GEOSContext())
        #expect(try tree.query(BoundingBox(minLon: 0, minLat: 0, maxLon: 0, maxLat: 0)) == [0, 2])
        #expect(try tree.query(BoundingBox(minLon: 0.5, minLat: 1, maxLon: 1, maxLat: 1)) == [1, 2])
        #expect(try tree.query(BoundingBox(minLon: 11, minLat: 11, maxLon: 12, maxLat: 12)) == [])
    }

    @Test func emptyTree() throws {
        let context = try GEOSContext()
        let tree = try STRtree(boxes: [], context: context)
        #expect(try tree.query(BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)) == [])
        #expect(try tree.nearest(to: GEOSGeometry(point: Coordinate(lon: 0, lat: 0), context: context)) == nil)
    }

    @Test func nearestMatchesBruteForce() throws {
        var rng = SplitMix64(seed: 7)
        let context = try GEOSContext()
        let boxes = Self.randomBoxes(500, using: &rng)
        let tree = try STRtree(boxes: boxes, context: context)
        let rectangles = try boxes.map { try GEOSGeometry(box: $0, context: context) }
        for _ in 0..<100 {
            let c = GEOSTest.randomCoordinate(in: BoundingBox(minLon: 20, minLat: 42, maxLon: 42, maxLat: 54), using: &rng)
            let point = try GEOSGeometry(point: c, context: context)
            let index = try #require(try tree.nearest(to: point))
            let best = try rectangles.map { try $0.planarDistance(to: point) }.min()!
            #expect(try rectangles[index].planarDistance(to: point) == best)
        }
    }

    @Test func treeOverGeometries() throws {
        let context = try GEOSContext()
        let parts = try Fixtures.multiPolygon.polygons.map { try GEOSGeometry(.polygon($0), context: context) }
        let tree = try STRtree(geometries: parts, context: context)
        #expect(try tree.query(BoundingBox(minLon: 5.5, minLat: 5.5, maxLon: 6, maxLat: 6)) == [1])
        // The hole of the third part is inside its box: the tree finds it, an exact test rejects it.
        let inHole = try GEOSGeometry(point: Coordinate(lon: 25, lat: 5), context: context)
        #expect(try tree.query(inHole) == [2])
        #expect(try !parts[2].contains(inHole))
        // Nearest measures to the geometries: (4, 4) is 3√2 from part 0 and √2 from part 1.
        #expect(try tree.nearest(to: GEOSGeometry(point: Coordinate(lon: 4, lat: 4), context: context)) == 1)
    }
}
