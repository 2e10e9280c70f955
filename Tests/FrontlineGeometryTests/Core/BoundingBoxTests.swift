import Testing
@testable import FrontlineGeometry

struct BoundingBoxTests {
    @Test func theBoxEnclosingBoxesHoldsEachOfThem() {
        let a = BoundingBox(minLon: 0, minLat: 0, maxLon: 1, maxLat: 1)
        let b = BoundingBox(minLon: -2, minLat: 0.5, maxLon: 0.5, maxLat: 3)
        let both = BoundingBox(minLon: -2, minLat: 0, maxLon: 1, maxLat: 3)
        #expect(a.union(b) == both)
        #expect(b.union(a) == both)
        #expect(a.union(a) == a)
        #expect(BoundingBox(enclosing: [a, b, a]) == both)
        #expect(BoundingBox(enclosing: [b]) == b)
        #expect(BoundingBox(enclosing: [BoundingBox]()) == nil)
    }
}
