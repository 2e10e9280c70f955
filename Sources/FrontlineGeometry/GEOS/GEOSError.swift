/// A failure inside GEOS, or while moving a geometry between Swift values and GEOS.
///
/// Cases carry the operation that failed and, where GEOS reported one, GEOS's own message
/// (collected by ``GEOSContext``'s error handler), so a failure can be diagnosed from the
/// error alone. Geometry that is malformed as a Swift value is ``GeometryError`` instead.
public enum GEOSError: Error, Equatable, Sendable {
    /// `GEOS_init_r` returned NULL (out of memory).
    case contextCreationFailed
    /// A GEOS operation reported an exception (a NULL pointer, a 2 from a predicate, 0 or -1 from
    /// an accessor). `message` is GEOS's message, or a note that GEOS gave none.
    case operationFailed(operation: String, message: String)
    /// A geometry could not be converted between a ``Geometry`` value and GEOS
    /// (a one-point line string, an unclosed ring, an unsupported GEOS type …).
    case conversionFailed(String)
    /// WKT or WKB input could not be parsed; `format` is "WKT" or "WKB".
    case parseFailed(format: String, message: String)
}

extension GEOSError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .contextCreationFailed:
            "GEOS could not create a context (GEOS_init_r returned NULL)"
        case let .operationFailed(operation, message):
            "GEOS \(operation) failed: \(message)"
        case let .conversionFailed(message):
            "geometry conversion to or from GEOS failed: \(message)"
        case let .parseFailed(format, message):
            "cannot parse \(format): \(message)"
        }
    }
}
