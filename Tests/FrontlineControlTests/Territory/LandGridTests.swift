import FrontlineGeometry
import Testing
@testable import FrontlineControl

struct LandGridTests {
    /// Land over 0.5–2.5°E × 0.2–0.8°N on 1° tiles: the grid starts a tile before the land
    /// (−1°, −1°) and ends a tile after it.
    let grid = LandGrid(land: BoundingBox(minLon: 0.5, minLat: 0.2, maxLon: 2.5, maxLat: 0.8), tileSize: 1)

    @Test func theGridHasATileToSpareAllRound() {
        #expect(grid.extent == BoundingBox(minLon: -1, minLat: -1, maxLon: 4, maxLat: 2))
        #expect(grid.box(LandGrid.Tile(column: 0, row: 0)) == BoundingBox(minLon: -1, minLat: -1, maxLon: 0, maxLat: 0))
    }

    @Test func aBoxMeetsTheTilesItOverlaps() {
        let tiles = grid.tiles(meeting: BoundingBox(minLon: 0.5, minLat: 0.2, maxLon: 1.5, maxLat: 0.8))
        #expect(tiles == [LandGrid.Tile(column: 1, row: 1), LandGrid.Tile(column: 2, row: 1)])
    }

    /// A box whose edges lie on tile lines meets the tiles it lies along, not those beyond.
    @Test func edgesOnTileLinesMeetOnlyTheTilesInside() {
        let tiles = grid.tiles(meeting: BoundingBox(minLon: 0, minLat: 0, maxLon: 2, maxLat: 1))
        #expect(tiles == [LandGrid.Tile(column: 1, row: 1), LandGrid.Tile(column: 2, row: 1)])
    }

    /// A degenerate box on the grid's far edge meets the last tile; one beyond the grid, none.
    @Test func theGridsEdgesAndBeyond() {
        #expect(grid.tiles(meeting: BoundingBox(minLon: 4, minLat: 2, maxLon: 4, maxLat: 2)) == [LandGrid.Tile(column: 4, row: 2)])
        #expect(grid.tiles(meeting: BoundingBox(minLon: 3.5, minLat: 0, maxLon: 4.5, maxLat: 1)) == nil)
        #expect(grid.tiles(meeting: BoundingBox(minLon: -1.5, minLat: 0, maxLon: 0, maxLat: 1)) == nil)
    }
}
