import FrontlineGeoData

/// A region of the territory by its ISO code: an admin area's ISO 3166-2 code (`UA-63`) or a
/// country's ISO 3166-1 code (`UA`), as GeoData writes them (upper-case).
public struct RegionID: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let code: String

    /// `code` as GeoData writes it; whether the territory holds it is ``Territory``'s business
    /// (``Territory/areaIndex(_:)`` throws ``ControlError/unknownArea(_:)``).
    public init(_ code: String) { self.code = code }
    public init(stringLiteral code: String) { self.code = code }

    /// An admin area's code names its country before the `-` (`UA` for `UA-63`); a country's
    /// code is its own.
    public var country: RegionID {
        guard let dash = code.firstIndex(of: "-") else { return self }
        return RegionID(String(code[..<dash]))
    }

    /// Whether this is a country's code rather than an admin area's.
    public var isCountry: Bool { !code.contains("-") }

    public var description: String { code }
    public static func < (a: RegionID, b: RegionID) -> Bool { a.code < b.code }
}

/// A settlement's cell (``SettlementCell``) by its position in ``Territory/cells`` (and
/// ``Tessellation/cells``): valid for the tessellation it came from.
public struct CellID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let index: Int

    public init(_ index: Int) { self.index = index }

    public var description: String { String(index) }
    public static func < (a: CellID, b: CellID) -> Bool { a.index < b.index }
}

extension SettlementCell {
    /// The admin area the cell lies in.
    public var region: RegionID { RegionID(areaISO) }
}

extension AdminArea {
    /// The area's ISO 3166-2 code as a region of the territory.
    public var region: RegionID { RegionID(iso) }
}

extension Territory {
    /// The index in ``areas`` of admin area `region`; throws ``ControlError/unknownArea(_:)``
    /// for a code that names no area (a country's, say).
    public func areaIndex(_ region: RegionID) throws -> Int { try areaIndex(iso: region.code) }

    /// The cell standing for settlement `geonameID`: its own, or the one its coordinates fall
    /// in; nil when it has none in this GeoData.
    public func cell(ofSettlement geonameID: Int) -> CellID? { cellOfSettlement[geonameID].map(CellID.init) }

    public subscript(cell cell: CellID) -> SettlementCell { cells[cell.index] }

    /// The cells of admin area `region`, in ``cells`` order; throws for a code that names no area.
    public func cells(of region: RegionID) throws -> [CellID] { cellsOfArea[try areaIndex(region)].map(CellID.init) }
}
