import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry

/// Exit statuses, as in BSD's sysexits.h.
public enum ExitStatus: Int32, Sendable {
    case usage = 64
    case data = 65
    case `internal` = 70
    case io = 74
}

/// An error as the command line reports it: one message and one exit status. This is the only
/// place that decides which status an error gets.
struct CLIFailure {
    let status: ExitStatus
    let message: String

    init(_ error: Error) {
        switch error {
        case let error as GeoDataError:
            switch error {
            case .malformed: status = .internal  // the embedded data is the tool's own
            case .unknownArea, .unknownPlace, .ambiguousPlace: status = .data
            }
            message = error.description
        case let error as UsageError:
            status = .usage
            message = error.message
        case let error as IOFailure:
            status = .io
            message = error.description
        case let error as GeometryError:
            status = .data
            message = error.description
        case let error as EventStoreError:
            switch error {
            case .unknownEvent, .alreadyRetracted, .invalid: status = .data
            case .busy, .unusable: status = .io
            }
            message = error.description
        case let error as ImportRejected:
            status = .data
            message = "import rejected:\n" + error.description
        case let error as EventFieldError:
            status = .data
            message = error.description
        case let error as EventTimeError:
            status = .data
            message = error.description
        case let error as ChainBroken:
            status = .data
            message = error.description
        case let error as ImportIOError:
            status = .io
            message = error.description
        case let error as ImportUsageError:
            status = .usage
            message = error.description
        default:
            status = .internal
            message = String(describing: error)
        }
    }
}

/// A command line that parsed but asks for something impossible (exit 64).
struct UsageError: Error {
    let message: String
}

/// A file that could not be read or written (exit 74).
struct IOFailure: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(path): \(reason)" }
}
