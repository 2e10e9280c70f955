import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// The clips a timeline reuses from one map to the next: each area event's and snapshot's layer
/// (by event id), each area's last clip, and what the last drawing had beyond the land per tile
/// of the land's grid. One engine's, on its thread.
final class ClipCache {
    var snapshots: [String: ClippedLayer] = [:]
    var areas: [String: ClippedLayer] = [:]
    /// The last clip of each area, to reuse when the next drawing is the same there.
    var lastClips: [Int: ControlEngine.AreaClip] = [:]
    /// The last map's drawing and what of it lay beyond the land, per tile of the land's grid.
    var lastBeyond: [LandGrid.Tile: (inputs: ControlEngine.AreaClip.Inputs, pieces: [ClippedLayer.Piece])] = [:]
    /// How many area clips were reused (for tests and traces).
    var reusedAreaClips = 0
}

/// What of each settlement cell the cover of later layers leaves, per region, kept from one
/// map to the next: consecutive maps of a timeline mostly share a region's cover (the same
/// clipped layers, reused), and so each cell's cut.
final class CellCuts {
    enum Cut {
        /// No later layer covers any of the cell.
        case whole
        /// What no later layer covers (possibly empty), and its km².
        case piece(GEOSGeometry, km2: Double)
    }

    private var byRegion: [Int: (covers: [Coverage], cuts: [Int: Cut])] = [:]

    /// The cut of `cell` under `covers`, made by `make` unless known for the same coverages.
    func cut(_ cell: Int, region: Int, under covers: [Coverage], make: () throws -> Cut) rethrows -> Cut {
        if let known = byRegion[region], known.covers.count == covers.count, zip(known.covers, covers).allSatisfy({ $0 === $1 }) {
            if let cut = known.cuts[cell] { return cut }
        } else {
            byRegion[region] = (covers, [:])
        }
        let cut = try make()
        byRegion[region]!.cuts[cell] = cut
        return cut
    }
}
