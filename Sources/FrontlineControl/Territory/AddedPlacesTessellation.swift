import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

extension Tessellation {
    /// The tessellation of GeoData with places a user added (``GeoData/adding(_:)``), from
    /// `base`, its base's tessellation: each area that holds an added place is tessellated again
    /// with its settlements and the added places together (so the added place takes its cell from
    /// its neighbours', and the area's cells still tile it exactly); every other area keeps the
    /// base's cells, and the land is the base's.
    public static func build(_ geoData: GeoData, over base: Tessellation) throws -> Tessellation {
        let changed = Set(geoData.addedPlaces.map(\.areaISO))
        guard !changed.isEmpty else { return base }
        let settlements = Dictionary(grouping: geoData.settlements.filter { changed.contains($0.areaISO) }, by: \.areaISO)
        let baseCells = Dictionary(grouping: base.cells, by: \.areaISO)
        var cells: [SettlementCell] = []
        cells.reserveCapacity(base.cells.count + geoData.addedPlaces.count)
        for area in geoData.areas {
            if changed.contains(area.iso) {
                cells += try self.cells(of: area, settlements: settlements[area.iso] ?? [])
            } else {
                cells += baseCells[area.iso] ?? []
            }
        }
        return Tessellation(cells: cells, land: base.land)
    }
}

extension Territory {
    /// The shipped GeoData with `places` added (a log's, ``GeoData/adding(_:)``), and its
    /// tessellation: cached per set of added places (``TessellationCache``).
    public static func embedded(adding places: [Settlement]) throws -> Territory {
        guard !places.isEmpty else { return try embedded() }
        let geoData = try Trace.measure("geodata") { try GeoData.embedded().adding(places) }
        _ = Trace.measure("areas") { geoData.areas }
        let tessellation = try Trace.measure("tessellation") { try TessellationCache.tessellation(for: geoData) }
        return try Trace.measure("territory index") { try Territory(geoData: geoData, tessellation: tessellation) }
    }
}

extension Territory {
    /// The shipped territory with the places added to `store` that stand (not retracted), each
    /// with its cell: what the log's events are replayed on.
    public static func embedded(addingPlacesOf store: some EventStore) throws -> Territory {
        try embedded(adding: try store.addedPlaces().filter { !$0.isRetracted }.map(\.settlement))
    }
}
