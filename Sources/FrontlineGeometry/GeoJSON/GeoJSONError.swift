import FrontlineSupport
/// Where in a GeoJSON text something was found: the source (a file name), the 1-based line and
/// byte column, and the JSON path (`features[3].geometry.coordinates[0][2]`; `$` is the root).
public struct GeoJSONLocation: Hashable, Sendable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var column: Int
    public var path: String

    public init(source: String, line: Int, column: Int, path: String) {
        self.source = source
        self.line = line
        self.column = column
        self.path = path
    }

    /// `file:line:column: path`
    public var description: String { "\(VisibleText.escaped(source)):\(line):\(column): \(VisibleText.escaped(path))" }
}

/// A GeoJSON text that cannot be read, or a value that cannot be written.
public enum GeoJSONError: Error, Equatable, Sendable {
    /// The text is not JSON (RFC 8259).
    case syntax(GeoJSONLocation, message: String)
    /// The text is JSON but not GeoJSON the reader can accept: a missing or unknown `type`,
    /// malformed coordinates, an open ring (with `repair: false`), a ring of fewer than four
    /// positions, a coordinate out of range, an invalid polygon (with `repair: false`).
    case invalid(GeoJSONLocation, message: String)
    /// The writer met a number JSON cannot carry (NaN or an infinity); `path` is the JSON path in
    /// the output and `value` the number as Swift prints it.
    case nonFiniteNumber(path: String, value: String)

    /// Where the problem is, for reading errors.
    public var location: GeoJSONLocation? {
        switch self {
        case .syntax(let location, _), .invalid(let location, _): location
        case .nonFiniteNumber: nil
        }
    }

    public var message: String {
        switch self {
        case .syntax(_, let message), .invalid(_, let message): message
        case .nonFiniteNumber(_, let value): "\(value) cannot be written as a JSON number"
        }
    }
}

extension GeoJSONError: CustomStringConvertible {
    /// `file:line:column: path: message` (for the writer, `path: message`).
    public var description: String {
        switch self {
        case .syntax(let location, let message), .invalid(let location, let message):
            "\(location): \(message)"
        case .nonFiniteNumber(let path, _):
            "\(path): \(message)"
        }
    }
}

/// Something the reader repaired, with where it was: which feature (its index in the file and,
/// when it has one, its `name` property) and the location of the repaired value.
public struct GeoJSONWarning: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// A ring whose last position differed from its first; the first was appended.
        case ringClosed
        /// A polygonal geometry GEOS found invalid (the reason, e.g. "Self-intersection[36.1 49.2]"),
        /// replaced by GEOS make-valid's result.
        case polygonRepaired(reason: String)
    }

    public var kind: Kind
    public var featureIndex: Int
    public var featureName: String?
    public var location: GeoJSONLocation

    public init(kind: Kind, featureIndex: Int, featureName: String?, location: GeoJSONLocation) {
        self.kind = kind
        self.featureIndex = featureIndex
        self.featureName = featureName
        self.location = location
    }

    public var message: String {
        switch kind {
        case .ringClosed: "ring was not closed: closed it by repeating its first position"
        case .polygonRepaired(let reason): "invalid polygon (\(reason)): repaired with make-valid"
        }
    }

    /// `file:line:column: path: feature 3 ("name"): message`
    public var description: String {
        let feature = featureName.map { "feature \(featureIndex) (\"\(VisibleText.escaped($0))\")" } ?? "feature \(featureIndex)"
        return "\(location): \(feature): \(message)"
    }
}
