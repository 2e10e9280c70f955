import CGEOS

/// A packed R-tree (Sort-Tile-Recursive) over bounding boxes that answers with indices into the
/// caller's array, as shapely's `STRtree` does. Wraps `GEOSSTRtree_create_r`, `_insert_r`,
/// `_query_r`, `_nearest_generic_r` and `_destroy_r`.
///
/// Each item is stored as the pointer bit pattern `index + 1` (never dereferenced; 0 would be
/// NULL). GEOS requires the tree to outlive every query and the items to stay valid; both hold
/// here because the tree owns its item envelopes and items are plain integers. The tree is
/// built on the first query; nothing can be inserted afterwards, so all items go in at `init`.
///
/// Not `Sendable` (see ``GEOSContext``).
public final class STRtree {
    public let context: GEOSContext
    /// The `GEOSSTRtree*`, owned.
    private let tree: OpaquePointer
    /// The item geometries (rectangles for boxes), kept for exact distances in ``nearest(to:)``.
    private let items: [GEOSGeometry]

    /// The number of items.
    public var count: Int { items.count }

    /// A tree over `boxes`; queries answer with indices into `boxes`.
    public convenience init(boxes: [BoundingBox], nodeCapacity: Int = 10, context: GEOSContext) throws {
        try self.init(items: boxes.map { try GEOSGeometry(box: $0, context: context) }, nodeCapacity: nodeCapacity, context: context)
    }

    /// A tree over the envelopes of `geometries` (all from `context`); ``nearest(to:)`` then
    /// measures to the geometries themselves. Empty geometries are never found.
    public convenience init(geometries: [GEOSGeometry], nodeCapacity: Int = 10, context: GEOSContext) throws {
        for g in geometries {
            precondition(g.context === context, "STRtree: geometry from a different GEOSContext")
        }
        try self.init(items: geometries, nodeCapacity: nodeCapacity, context: context)
    }

    private init(items: [GEOSGeometry], nodeCapacity: Int, context: GEOSContext) throws {
        // NULL on exception.
        guard let tree = GEOSSTRtree_create_r(context.handle, max(nodeCapacity, 2)) else {
            throw context.error("STRtree_create")
        }
        self.tree = tree
        self.items = items
        self.context = context
        context.clearErrors()
        for (index, item) in items.enumerated() {
            // Since GEOS 3.9 the envelope is copied; the item is an integer, not a pointer to memory.
            GEOSSTRtree_insert_r(context.handle, tree, item.pointer, UnsafeMutableRawPointer(bitPattern: index + 1))
        }
        // GEOSSTRtree_insert_r returns nothing; a failure shows only as an error message.
        if context.hasError { throw context.error("STRtree_insert") }
    }

    deinit {
        GEOSSTRtree_destroy_r(context.handle, tree)
    }

    /// Indices (ascending) of the items whose boxes intersect `box` (touching counts).
    public func query(_ box: BoundingBox) throws -> [Int] {
        try query(GEOSGeometry(box: box, context: context))
    }

    /// Indices (ascending) of the items whose boxes intersect the envelope of `geometry`.
    /// Exact tests (e.g. with ``PreparedGeometry``) are the caller's job.
    public func query(_ geometry: GEOSGeometry) throws -> [Int] {
        precondition(geometry.context === context, "STRtree.query: geometry from a different GEOSContext")
        let found = IndexBox()
        context.clearErrors()
        withExtendedLifetime(found) {
            GEOSSTRtree_query_r(context.handle, tree, geometry.pointer, { item, userdata in
                guard let userdata else { return }
                Unmanaged<IndexBox>.fromOpaque(userdata).takeUnretainedValue()
                    .indices.append(Int(bitPattern: item) - 1)
            }, Unmanaged.passUnretained(found).toOpaque())
        }
        // GEOSSTRtree_query_r returns nothing; a failure shows only as an error message.
        if context.hasError { throw context.error("STRtree_query") }
        return found.indices.sorted()
    }

    /// The index of the item nearest to `geometry` by planar distance (`GEOSDistance_r` to the
    /// item's box or geometry), from `GEOSSTRtree_nearest_generic_r`; nil for an empty tree.
    /// Ties are broken arbitrarily.
    public func nearest(to geometry: GEOSGeometry) throws -> Int? {
        precondition(geometry.context === context, "STRtree.nearest: geometry from a different GEOSContext")
        if try items.isEmpty || geometry.isEmpty { return nil }
        let search = NearestSearch(handle: context.handle, query: geometry.pointer, items: items.map(\.pointer))
        let envelope = try geometry.envelope()
        // The query item is NULL, which no stored item is (they are index + 1).
        let result = withExtendedLifetime(search) {
            GEOSSTRtree_nearest_generic_r(context.handle, tree, nil, envelope.pointer, { a, b, distance, userdata in
                guard let distance, let userdata else { return 0 }
                let search = Unmanaged<NearestSearch>.fromOpaque(userdata).takeUnretainedValue()
                // The callback returns non-zero on success, 0 on failure (GEOS then throws).
                return search.distance(a, b, distance) ? 1 : 0
            }, Unmanaged.passUnretained(search).toOpaque())
        }
        // NULL on exception (or when nothing was found).
        guard let result else {
            if context.hasError { throw context.error("STRtree_nearest_generic") }
            return nil
        }
        return Int(bitPattern: result) - 1
    }
}

private final class IndexBox {
    var indices: [Int] = []
}

/// State for the nearest-neighbour distance callback.
private final class NearestSearch {
    let handle: GEOSContextHandle_t
    let query: OpaquePointer
    let items: [OpaquePointer]

    init(handle: GEOSContextHandle_t, query: OpaquePointer, items: [OpaquePointer]) {
        self.handle = handle
        self.query = query
        self.items = items
    }

    /// The geometry for an item pointer: NULL is the query, otherwise index + 1.
    private func geometry(_ item: UnsafeRawPointer?) -> OpaquePointer? {
        guard let item else { return query }
        let index = Int(bitPattern: item) - 1
        return items.indices.contains(index) ? items[index] : nil
    }

    func distance(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, _ result: UnsafeMutablePointer<Double>) -> Bool {
        guard let ga = geometry(a), let gb = geometry(b) else { return false }
        // GEOSDistance_r returns 0 on exception.
        return GEOSDistance_r(handle, ga, gb, result) != 0
    }
}
