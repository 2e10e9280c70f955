/// A geometry that cannot exist as given (too few points, an open ring, a coordinate out of range).
/// GEOS failures are ``GEOSError``; GeoJSON syntax problems are ``GeoJSONError``.
public enum GeometryError: Error, Equatable, Sendable {
    case tooFewPoints(kind: String, count: Int, minimum: Int)
    case ringNotClosed(first: Coordinate, last: Coordinate)
    case coordinateOutOfRange(Coordinate)
    /// The operation needs a kind of geometry it was not given (an area where a line came, say).
    case unexpectedKind(expected: String, found: String)
}

extension GeometryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .tooFewPoints(kind, count, minimum):
            "\(kind) has \(count) coordinates; it needs at least \(minimum)"
        case let .ringNotClosed(first, last):
            "ring is not closed: it starts at \(first) and ends at \(last)"
        case let .coordinateOutOfRange(c):
            "coordinate \(c) is out of range (longitude −180…180, latitude −90…90)"
        case let .unexpectedKind(expected, found):
            "expected \(expected), found \(found)"
        }
    }
}
