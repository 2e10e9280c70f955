import CGEOS

extension GEOSGeometry {
    /// The Voronoi diagram of this geometry's vertices, from `GEOSVoronoiDiagram_r`: a
    /// GeometryCollection of polygons (or a MultiLineString of edges with `onlyEdges`).
    ///
    /// **Cell order is not input order**, and duplicate vertices (or vertices closer than
    /// `tolerance`) share one cell. GEOS clips the diagram to the *larger* of `envelope` and the
    /// sites' extent expanded by its own size, so cells are not clipped to `envelope` itself;
    /// ``voronoiCells(ofSites:envelope:tolerance:context:)`` maps cells to sites and clips them.
    public func voronoiDiagram(envelope: GEOSGeometry? = nil, tolerance: Double = 0, onlyEdges: Bool = false) throws -> GEOSGeometry {
        if let envelope { checkContext(envelope, "voronoiDiagram") }
        // NULL on exception.
        return try owned(
            "voronoiDiagram",
            GEOSVoronoiDiagram_r(handle, pointer, envelope?.pointer, tolerance, onlyEdges ? 1 : 0)
        )
    }

    /// The Voronoi cell of each site, in the order of `sites`.
    ///
    /// Builds the diagram with ``voronoiDiagram(envelope:tolerance:onlyEdges:)``, then finds each
    /// site's cell through an ``STRtree`` over the cells' boxes and a ``PreparedGeometry``
    /// point-in-polygon test. With `envelope`, every cell is clipped to it (`GEOSClipByRect_r`),
    /// so the non-nil cells tile the envelope exactly when all sites lie inside it.
    ///
    /// An element is nil when the site repeats an earlier site (exactly, or within `tolerance`,
    /// as GEOS merges them; the earlier site keeps the cell) or when its cell lies wholly outside
    /// `envelope`. A single distinct site has no finite diagram: its cell is the envelope, or nil
    /// without one. Without an envelope the returned cells are borrowed from the diagram, which
    /// they keep alive; with one they are owned clips.
    public static func voronoiCells(
        ofSites sites: [Coordinate], envelope: BoundingBox? = nil, tolerance: Double = 0, context: GEOSContext
    ) throws -> [GEOSGeometry?] {
        var result = [GEOSGeometry?](repeating: nil, count: sites.count)
        // The first index of each distinct coordinate; later exact duplicates stay nil.
        var firstIndex: [Coordinate: Int] = [:]
        var distinct: [Int] = []
        for (i, site) in sites.enumerated() where firstIndex[site] == nil {
            firstIndex[site] = i
            distinct.append(i)
        }
        if distinct.isEmpty { return result }
        if distinct.count == 1 {
            if let envelope, envelope.contains(sites[distinct[0]]) {
                result[distinct[0]] = try GEOSGeometry(box: envelope, context: context)
            }
            return result
        }

        let points = try GEOSGeometry(.multiPoint(distinct.map { sites[$0] }), context: context)
        let clip = try envelope.map { try GEOSGeometry(box: $0, context: context) }
        let diagram = try points.voronoiDiagram(envelope: clip, tolerance: tolerance)
        let cells = try diagram.geometries()
        // Over the cells themselves, so that `nearest` measures to a cell, not to its box.
        let tree = try STRtree(geometries: cells, context: context)
        var prepared: [Int: PreparedGeometry] = [:]
        func preparedCell(_ j: Int) throws -> PreparedGeometry {
            if let cell = prepared[j] { return cell }
            let cell = try PreparedGeometry(cells[j])
            prepared[j] = cell
            return cell
        }

        var claimed = Set<Int>()
        for i in distinct {
            let site = sites[i]
            let candidates = try tree.query(BoundingBox(minLon: site.lon, minLat: site.lat, maxLon: site.lon, maxLat: site.lat))
            // A site lies inside its cell; with tolerance snapping it may sit on an edge (covers),
            // or just outside (then the nearest cell).
            var found = try candidates.first { try preparedCell($0).contains(site) }
            if found == nil { found = try candidates.first { try preparedCell($0).covers(site) } }
            if found == nil { found = try tree.nearest(to: GEOSGeometry(point: site, context: context)) }
            guard let cell = found, claimed.insert(cell).inserted else { continue }
            if let envelope {
                let clipped = try cells[cell].clip(to: envelope)
                result[i] = try clipped.isEmpty ? nil : clipped
            } else {
                result[i] = cells[cell]
            }
        }
        return result
    }
}
