import Foundation
import Synchronization

extension MapFileReading {
    /// Reports what reading a map file found to the import: its problems, then its warnings, in
    /// the order they were found.
    static func deliver(_ problems: [(location: String, field: String, problem: String)],
                        _ warnings: [(location: String, field: String, message: String)], to context: ImportContext) {
        for problem in problems { context.report(problem.location, problem.field, problem.problem) }
        for warning in warnings { context.warn(warning.location, warning.field, warning.message) }
    }
}

/// A map format's report of each file it read, appended by the import's threads as they submit
/// each file's events (in the order of the files).
final class MapFileReports<Report: Sendable>: Sendable {
    private let reports = Mutex<[Report]>([])

    func append(_ report: Report) {
        reports.withLock { $0.append(report) }
    }

    var all: [Report] { reports.withLock { $0 } }
}
