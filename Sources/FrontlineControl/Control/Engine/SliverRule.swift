import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

// The sliver rule: what of a snapshot's remainder is the gap between its borders and GeoData's,
// not ground the region's side holds.

extension ControlEngine {
    /// Mean width (2 · area / perimeter, in degrees) under which a piece of a snapshot's
    /// remainder may be a sliver: about 0.7–1.1 km, the gap between DeepState's borders and
    /// Natural Earth's along Ukraine's eastern border.
    static let sliverWidth = 0.01
    /// Mean width (degrees, about 1.1–1.7 km) under which a polygon of a snapshot's own side
    /// (UA on a map of Ukraine) drawn inside another country's area is the gap between the
    /// map's border and GeoData's, not ground that side holds there: it is left to the area's
    /// country. On DeepState's maps, before any incursion, such strips added up to 46 km² of
    /// "UA-held" Russia (a 33 km strip along Belgorod's border, 1 km wide, the largest); the
    /// Kursk salient of 2024 (mean width 0.08°) stays.
    static let crossBorderSliverWidth = 0.015
    /// How far (degrees, about 1 cm) across a segment of a sliver's outline to look for what
    /// the segment runs along: a drawn piece, or the outside of the area.
    static let edgeTolerance = 1e-7

    /// A snapshot draws its parts against its own, detailed borders; GeoData's are generalised.
    /// Between the two, the region's remainder leaves thin slivers along the area's edge (and
    /// false front lines along them); inside an area, a drawing that follows a river bank by
    /// bank leaves the river as a ribbon of the region's side. Each remainder polygon thinner
    /// than ``sliverWidth`` that lies along the area's edge (a quarter of its outline or more)
    /// next to a drawn part (a quarter or more), or that one side's parts almost enclose (three
    /// quarters of its outline), is given to that side; a thin strip between two different
    /// sides (a bridgehead) stays. Returns what stays with the region (nil when nothing does).
    func absorbSlivers(of remainder: GEOSGeometry, in area: Int, into pieces: inout [ClippedLayer.Piece]) throws -> GEOSGeometry? {
        let context = territory.context
        let components = try remainder.kind == .polygon ? [remainder] : try remainder.geometries()
        var kept: [GEOSGeometry] = []
        var absorbed: [Int: [GEOSGeometry]] = [:]
        let pieceBoxes = try pieces.map { try $0.geometry.boundingBox }
        let preparedPieces = try pieces.map { try PreparedGeometry($0.geometry) }
        for component in components {
            let perimeter = try component.planarLength
            guard perimeter > 0, 2 * (try component.planarArea) / perimeter < Self.sliverWidth,
                  let box = try component.boundingBox else {
                kept.append(component)
                continue
            }
            let outline = try component.boundary()
            let nearby = try pieces.indices.filter { index in
                try pieceBoxes[index]?.intersects(box) == true && preparedPieces[index].intersects(outline)
            }
            guard !nearby.isEmpty, case .polygon(let polygon) = try component.geometry() else {
                kept.append(component)
                continue
            }
            // The remainder is the area less the drawn parts, so each segment of the outline runs
            // along a piece or along the area's edge: what lies just across it (``edgeTolerance``
            // beyond the segment's middle) is in that piece, or outside the area. A prepared
            // point-in-polygon test is logarithmic in the piece's size; overlaying the outline
            // with each piece and with the area's edge cost a pass over all of them per sliver.
            var shared = [Double](repeating: 0, count: nearby.count)
            var alongEdge = 0.0
            let preparedArea = try territory.preparedArea(area)
            for (ringIndex, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                // Across is to the right of a counter-clockwise shell, to the left of a
                // counter-clockwise hole.
                let across = RingOrientation.isCounterClockwise(ring) == (ringIndex == 0) ? -1.0 : 1.0
                segments: for (a, b) in zip(ring, ring.dropFirst()) {
                    let dx = b.lon - a.lon, dy = b.lat - a.lat
                    let length = (dx * dx + dy * dy).squareRoot()
                    guard length > 0 else { continue }
                    let step = across * Self.edgeTolerance / length
                    let beyond = Coordinate(lon: (a.lon + b.lon) / 2 - dy * step, lat: (a.lat + b.lat) / 2 + dx * step)
                    for (slot, index) in nearby.enumerated() where try preparedPieces[index].contains(beyond) {
                        shared[slot] += length
                        continue segments
                    }
                    if try !preparedArea.contains(beyond) { alongEdge += length }
                }
            }
            var best: (index: Int, shared: Double)?
            var bySide: [String: Double] = [:]
            for (slot, index) in nearby.enumerated() {
                bySide[pieces[index].side, default: 0] += shared[slot]
                if shared[slot] > (best?.shared ?? 0) { best = (index, shared[slot]) }
            }
            // Along the area's edge next to a drawn part, or a ribbon (a river the drawing
            // follows bank by bank) almost enclosed by one side.
            let edgeSliver = (best?.shared ?? 0) >= perimeter / 4 && alongEdge >= perimeter / 4
            let ribbon = best.map { bySide[pieces[$0.index].side, default: 0] >= perimeter * 0.75 } ?? false
            if let best, edgeSliver || ribbon {
                absorbed[best.index, default: []].append(component)
            } else {
                kept.append(component)
            }
        }
        // Each piece's slivers join its side as one more piece, gathered without a union (the
        // components of one valid polygon are disjoint). Merging them into the piece would redo
        // an overlay of the whole piece, and every consumer (km², the per-side unions behind
        // front lines and exports) takes a side's pieces together anyway.
        for index in absorbed.keys.sorted() {
            pieces.append(.init(side: pieces[index].side, geometry: try GEOSGeometry.multiPolygon(absorbed[index]!, context: context)))
        }
        if kept.count == components.count { return remainder }
        return kept.isEmpty ? nil : try GEOSGeometry.multiPolygon(kept, context: context)
    }

    /// `polygonal` without its polygons thinner than `width` (mean width, 2 · area / perimeter,
    /// in degrees).
    static func withoutSlivers(_ polygonal: GEOSGeometry, width: Double) throws -> GEOSGeometry {
        let components = try polygonal.kind == .polygon ? [polygonal] : try polygonal.geometries()
        let kept = try components.filter { component in
            let perimeter = try component.planarLength
            return try perimeter > 0 && 2 * component.planarArea / perimeter >= width
        }
        if kept.count == components.count { return polygonal }
        return try GEOSGeometry.multiPolygon(kept, context: polygonal.context)
    }
}
