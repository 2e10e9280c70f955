import FrontlineGeoData

/// The admin areas a report covers: one area, or every area of one country
/// (``Territory/selection(_:)``). Where a report takes none, it covers every area and what is
/// drawn beyond them (`outside`).
public struct AreaSelection: Sendable, Equatable {
    /// The code it was made from, upper-cased: `UA-63`, or `UA`.
    public let code: String
    /// The area's or the country's name.
    public let name: String
    /// Indices into ``Territory/areas``, ascending.
    public let indices: [Int]
    /// The areas' ISO 3166-2 codes.
    public let isos: Set<String>
    /// The country, when the selection is a whole country.
    public let country: Country?
    private let members: Set<Int>

    public init(code: String, name: String, indices: [Int], isos: Set<String>, country: Country?) {
        self.code = code
        self.name = name
        self.indices = indices.sorted()
        self.isos = isos
        self.country = country
        members = Set(indices)
    }

    /// Whether area `index` (into ``Territory/areas``) is selected.
    public func contains(_ index: Int) -> Bool { members.contains(index) }

    /// Whether the area of ISO code `iso` is selected.
    public func contains(iso: String) -> Bool { isos.contains(iso) }
}

extension Optional where Wrapped == AreaSelection {
    /// Whether a report over this selection (nil: everything) covers area `index`; `outside`
    /// (an index past the areas) only when it covers everything.
    func covers(_ index: Int) -> Bool {
        switch self {
        case .none: true
        case .some(let selection): selection.contains(index)
        }
    }
}
