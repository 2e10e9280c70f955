import FrontlineControl
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport

/// Exit statuses, as in BSD's sysexits.h.
public enum ExitStatus: Int32, Sendable {
    case usage = 64
    case data = 65
    case `internal` = 70
    case io = 74
}

/// An error as the command line reports it: one message and one exit status. The statuses are
/// decided here and only here, by the ``ReportedError`` conformances below; anything else is a
/// bug in Frontline (70).
struct CLIFailure {
    let status: ExitStatus
    let message: String

    init(_ error: Error) {
        if let error = error as? ReportedError {
            status = error.exitStatus
            message = error.report
        } else {
            status = .internal
            message = String(describing: error)
        }
    }
}

/// An error the tool expects and reports with its own exit status.
protocol ReportedError: Error, CustomStringConvertible {
    var exitStatus: ExitStatus { get }
    /// The text after `error: `; the description unless a type says otherwise.
    var report: String { get }
}

extension ReportedError {
    var report: String { description }
}

extension GeoDataError: ReportedError {
    var exitStatus: ExitStatus {
        if case .malformed = self { return .internal }  // the embedded data is the tool's own
        return .data
    }
}

extension EventStoreError: ReportedError {
    var exitStatus: ExitStatus {
        switch self {
        case .unknownEvent, .alreadyRetracted, .invalid, .notALog, .damaged, .needsMigration, .headMismatch,
             .unknownPlace, .placeAlreadyRetracted, .placeInUse, .placeNotInLog: .data
        case .busy, .unusable, .readOnly, .changedWhileRead: .io
        case .idsInUse: .internal
        }
    }
}

extension ImportRejected: ReportedError {
    var exitStatus: ExitStatus { .data }
    var report: String { "import rejected:\n" + description }
}

extension GeometryError: ReportedError { var exitStatus: ExitStatus { .data } }
extension GeoJSONError: ReportedError { var exitStatus: ExitStatus { .data } }
extension EventFieldError: ReportedError { var exitStatus: ExitStatus { .data } }
extension EventTimeError: ReportedError { var exitStatus: ExitStatus { .data } }
extension ChainBroken: ReportedError { var exitStatus: ExitStatus { .data } }
extension AnchorsFailed: ReportedError { var exitStatus: ExitStatus { .data } }
extension StorageDamaged: ReportedError { var exitStatus: ExitStatus { .data } }
extension ImportIOError: ReportedError { var exitStatus: ExitStatus { .io } }
extension ImportUsageError: ReportedError { var exitStatus: ExitStatus { .usage } }
extension ImportFormatMismatch: ReportedError { var exitStatus: ExitStatus { .data } }
extension IOFailure: ReportedError { var exitStatus: ExitStatus { .io } }
extension ViewNotInLog: ReportedError {
    var exitStatus: ExitStatus { .usage }
    /// The view came from `--view`: "--view claimed:XX: no event …".
    var report: String { "--" + description }
}
extension DemoLogInUse: ReportedError { var exitStatus: ExitStatus { .usage } }
extension NumericClaimError: ReportedError { var exitStatus: ExitStatus { .data } }

/// A file that could not be read or written (exit 74).
struct IOFailure: Error, CustomStringConvertible {
    let path: String
    let reason: String
    var description: String { "\(VisibleText.escaped(path)): \(reason)" }
}

extension ControlError: ReportedError {
    var exitStatus: ExitStatus {
        switch self {
        case .badView, .unknownArea, .emptyInterval, .tooManyInstants: .usage
        case .unknownRegion: .data
        }
    }

    /// The library's words, with the command line's options and commands where they help.
    var report: String {
        switch self {
        case .badView, .unknownRegion:
            description
        case .unknownArea(let iso):
            "no admin area '\(VisibleText.escaped(iso))' nor a country of that code (give an ISO 3166-2 code such as UA-63, or a country: UA or RU; see `frontline places areas`)"
        case .emptyInterval(let from, let to):
            "--to (\(VisibleText.escaped(to))) is before --from (\(VisibleText.escaped(from)))"
        case .tooManyInstants(let count, let step):
            "--every \(step) from --from to --to makes \(count) instants, more than a timeline draws "
                + "(\(ControlTimeline.maximumInstants)): "
                + (step == "day" ? "take --every week, or a shorter interval" : "take a shorter interval" + (step == "event" ? ", or --every week" : ""))
        }
    }
}
