import Testing
@testable import FrontlineGeometry

@Suite struct SetOperationsTests {
    /// [0, 2]² and [1, 3]²: each of area 4, overlapping in [1, 2]² of area 1.
    let a = Geometry.polygon(Fixtures.square(lon: 0, lat: 0, side: 2))
    let b = Geometry.polygon(Fixtures.square(lon: 1, lat: 1, side: 2))

    func area(_ g: Geometry) throws -> Double { try GEOSGeometry(g, context: GEOSContext()).planarArea }

    @Test func areasOfOverlappingSquares() throws {
        #expect(try area(a.union(b)) == 7)
        #expect(try area(a.intersection(b)) == 1)
        #expect(try area(a.difference(b)) == 3)
        #expect(try area(a.symmetricDifference(b)) == 6)
        #expect(try a.intersection(b).isValid)
        #expect(try a.symmetricDifference(b).typeName == "MultiPolygon")
    }

    @Test func handleLevelOperationsChain() throws {
        let context = try GEOSContext()
        let ga = try GEOSGeometry(a, context: context), gb = try GEOSGeometry(b, context: context)
        let hole = try GEOSGeometry(Fixtures.unitSquare, context: context)
        // (A ∪ B) − [0, 1]² keeps everything but the unit square: 7 − 1.
        #expect(try ga.union(gb).difference(hole).planarArea == 6)
    }

    @Test func disjointIntersectionIsEmpty() throws {
        let far = Geometry.polygon(Fixtures.square(lon: 10, lat: 10, side: 1))
        let result = try a.intersection(far)
        #expect(result.isEmpty)
        #expect(result == Fixtures.emptyPolygon)
    }

    @Test func holesAndMultiPolygons() throws {
        // [0, 1]² lies inside the holed square; [5, 7]² fills [5, 6]² of its hole (area 1);
        // the holed square at (20, 0) is disjoint: 96 + 1 + 96.
        #expect(try area(Fixtures.squareWithHole.union(Fixtures.multiPolygon)) == 193)
    }

    @Test func unaryUnionOfAThousandOverlappingSquares() throws {
        // A 40 × 25 grid of unit squares at a step of 0.5: the union is [0, 20.5] × [0, 13].
        let squares = (0..<1000).map { i in
            Geometry.polygon(Fixtures.square(lon: Double(i % 40) * 0.5, lat: Double(i / 40) * 0.5, side: 1))
        }
        let context = try GEOSContext()
        let parts = try squares.map { try GEOSGeometry($0, context: context) }
        let union = try GEOSGeometry.unaryUnion(parts, context: context)
        #expect(try union.isValid)
        #expect(try union.typeName == "Polygon")
        #expect(try union.planarArea == 20.5 * 13)
        // The parts are untouched (they were cloned, not handed to GEOS).
        #expect(try parts[999].geometry() == squares[999])

        let viaValues = try Geometry.unaryUnion(squares)
        #expect(try GEOSGeometry(viaValues, context: context).planarArea == 20.5 * 13)
    }

    /// A zero buffer of valid polygons is their union: overlaps counted once, a hole filled
    /// where another polygon covers it, polygons that only share an edge merged, a far one kept.
    @Test func dissolveIsTheUnionOfValidPolygons() throws {
        let context = try GEOSContext()
        // a and b overlap; [2, 3] × [0, 1] shares an edge with each; the multipolygon's holed
        // square at (20, 0) has its hole ([24, 26] × [4, 6]) partly filled by [25, 27] × [5, 7].
        let inputs: [Geometry] = [a, b, .polygon(Fixtures.square(lon: 2, lat: 0, side: 1)), Fixtures.multiPolygon,
                                  .polygon(Fixtures.square(lon: 25, lat: 5, side: 2)), .polygon(Fixtures.square(lon: 40, lat: 40, side: 1))]
        let parts = try inputs.map { try GEOSGeometry($0, context: context) }
        let dissolved = try GEOSGeometry.dissolve(parts, context: context)
        let union = try GEOSGeometry.unaryUnion(parts, context: context)
        #expect(try dissolved.isValid)
        #expect(try dissolved.topologicallyEquals(union))
        // 7 + 1 for the squares at the origin; 4 + 96 for the multipolygon (its unit square
        // lies in a); 1 for the filler, the part of it in the hole; 1 far away.
        #expect(try dissolved.planarArea == 8 + 100 + 1 + 1)
        #expect(try GEOSGeometry.dissolve([], context: context).isEmpty)
    }

    /// Layers painted later over earlier: each keeps what no later one covers, a layer covered
    /// whole keeps nothing, and together they cover their union once.
    @Test func overlapFreeLayersKeepWhatNoLaterLayerCovers() throws {
        let context = try GEOSContext()
        let hidden = Geometry.polygon(Fixtures.square(lon: 1.2, lat: 1.2, side: 0.5))
        let layers = try [a, hidden, b].map { try GEOSGeometry($0, context: context) }
        let visible = try GEOSGeometry.overlapFree(layers)
        #expect(try visible.map { try $0.planarArea } == [3, 0, 4])
        #expect(try GEOSGeometry.unaryUnion(visible, context: context).topologicallyEquals(GEOSGeometry.unaryUnion(layers, context: context)))
        #expect(try visible[2].topologicallyEquals(layers[2]))
        #expect(try GEOSGeometry.overlapFree([]).isEmpty)
    }

    @Test func unaryUnionOfNothingIsEmpty() throws {
        #expect(try Geometry.unaryUnion([]).isEmpty)
        let context = try GEOSContext()
        #expect(try GEOSGeometry.unaryUnion([], context: context).isEmpty)
    }

    @Test func unaryUnionOfOneCollection() throws {
        let g = try GEOSGeometry(.collection([a, b]), context: GEOSContext())
        #expect(try g.unaryUnion().planarArea == 7)
    }

    @Test func concurrentValueLevelUnionsAgree() async throws {
        let squares = (0..<200).map { i in
            Geometry.polygon(Fixtures.square(lon: 36 + Double(i % 20) * 0.03, lat: 49.5 + Double(i / 20) * 0.03, side: 0.05))
        }
        let kharkiv = Fixtures.kharkivArea
        let results = try await withThrowingTaskGroup(of: Geometry.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let union = try Geometry.unaryUnion(squares)
                    return try union.union(kharkiv).difference(Fixtures.unitSquare)
                }
            }
            return try await group.reduce(into: [Geometry]()) { $0.append($1) }
        }
        #expect(results.count == 8)
        #expect(Set(results).count == 1)
        #expect(try results[0].isValid)
    }
}
