import FrontlineGeometry
import FrontlineSupport
/// One field of an event that cannot be accepted: `field: problem`.
public struct EventFieldError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String?
    public var problem: String

    public init(_ problem: String, field: String? = nil) {
        self.problem = problem
        self.field = field
    }

    /// The same problem, attributed to `field` (unless it already names one).
    func on(_ field: String) -> EventFieldError {
        EventFieldError(problem, field: self.field ?? field)
    }

    public var description: String {
        field.map { "\($0): \(problem)" } ?? problem
    }
}

/// An import that was refused: every problem found, as `file:line: field: problem`. Nothing of
/// the import was written.
public struct ImportRejected: Error, Equatable, Sendable, CustomStringConvertible {
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        public var file: String
        /// The line (1 is a CSV's header) or, for GeoJSON, `features[N]`.
        public var location: String
        public var field: String
        public var problem: String

        public init(file: String, location: String, field: String, problem: String) {
            self.file = file
            self.location = location
            self.field = field
            self.problem = problem
        }

        public var description: String { "\(VisibleText.escaped(file)):\(location): \(field): \(problem)" }
    }

    /// The problems reported, at most ``EventImporter/maxReportedProblems``.
    public var problems: [Problem]
    /// All problems found, including those not reported.
    public var total: Int

    public var description: String {
        var lines = problems.map(\.description)
        if total > problems.count { lines.append("… and \(total - problems.count) more problems") }
        lines.append("nothing imported: \(total) problem\(total == 1 ? "" : "s")")
        return lines.joined(separator: "\n")
    }
}

/// The log refused an operation, or found itself damaged.
public enum EventStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownEvent(String)
    case alreadyRetracted(String, reason: String)
    case invalid(EventFieldError)
    /// Another process held the log's write lock for longer than the writer would wait
    /// (``SQLiteEventStore/LockWait/limit``, in seconds); nothing was written.
    case busy(String, waited: Double)
    /// The database file is not a Frontline log, or is damaged beyond SQLite's recovery.
    case unusable(path: String, reason: String)
    /// The log cannot be written here (a read-only file, a directory SQLite cannot keep its
    /// `-wal` in, a read-only file system), or was opened read-only, and the command writes.
    case readOnly(path: String, reason: String)
    /// A log read as an immutable file (``SQLiteEventStore/Access/immutable``) changed while
    /// it was read: another process wrote to it, so what was read may be inconsistent.
    case changedWhileRead(String)
    /// The ids a new batch drew (from its first, `first`) meet another batch's; nothing of it
    /// was kept. (Its random bits would have to fall within a batch's size of another's.)
    case idsInUse(first: String)
    /// The file is not a Frontline event log: empty (0 bytes), not an SQLite database, or an
    /// SQLite database without the log's tables.
    case notALog(path: String, reason: String)
    /// The file is an event log, but damaged: cut short, longer than its pages, or pages SQLite
    /// cannot read.
    case damaged(path: String, reason: String)
    /// The log was written by an older Frontline and needs its schema upgraded, which a command
    /// that only looks at it (`verify`) does not do.
    case needsMigration(path: String, from: String)
    /// The chain does not end where the log's recorded head says (the cheap check every command
    /// makes): entries were removed, added or changed outside Frontline.
    case headMismatch(path: String, reason: String)
    /// No place with this id was added to the log (``AddedPlace``).
    case unknownPlace(Int)
    case placeAlreadyRetracted(Int, reason: String)
    /// Events not retracted still name the added place: its first few ids, and how many.
    case placeInUse(Int, name: String, events: [String], count: Int)
    /// An event names an added place the log does not hold, or holds retracted.
    case placeNotInLog(Int, retracted: Bool)

    /// `seconds` as a person reads them: whole seconds without a fraction, else to a tenth.
    static func seconds(_ seconds: Double) -> String {
        let tenths = (seconds * 10).rounded() / 10
        return tenths == tenths.rounded() && abs(tenths) < 1e15 ? String(Int64(tenths)) : String(tenths)
    }

    public var description: String {
        switch self {
        case let .unknownEvent(id): "no event with id \(VisibleText.escaped(id)) (see `frontline events`)"
        case let .alreadyRetracted(id, reason): "event \(id) is already retracted (\(VisibleText.escaped(reason)))"
        case let .invalid(error): error.description
        case let .busy(path, waited): "\(VisibleText.escaped(path)): another command was still writing to the log after \(Self.seconds(waited)) s of waiting; nothing was written: run the command again, or wait longer (--wait)"
        case let .unusable(path, reason): "\(VisibleText.escaped(path)): \(reason)"
        case let .readOnly(path, reason): "\(VisibleText.escaped(path)): \(reason)"
        case let .changedWhileRead(path): "\(VisibleText.escaped(path)): the event log changed while it was being read (another process wrote to it); run the command again"
        case let .idsInUse(first): "the ids drawn for these events (from \(first)) meet those of events already in the log; nothing was written: run the command again"
        case let .notALog(path, reason): "\(path): not a Frontline event log (\(reason))"
        case let .damaged(path, reason): "\(path): the event log is damaged: \(reason)"
        case let .needsMigration(path, from): "\(path): needs migration: this event log was written by an older Frontline (schema \(from)); run `frontline migrate` to upgrade it (any command that writes the log also does)"
        case let .headMismatch(path, reason): "\(path): the log's chain does not end where it should (\(reason)): run `frontline verify`"
        case let .unknownPlace(id): "no place with id \(id) was added to this log (see `frontline places added`)"
        case let .placeAlreadyRetracted(id, reason): "added place \(id) is already retracted (\(VisibleText.escaped(reason)))"
        case let .placeInUse(id, name, events, count):
            "added place \(id) (\(VisibleText.escaped(name))) is named by \(count) event\(count == 1 ? "" : "s") not retracted "
                + "(\(events.joined(separator: ", "))\(count > events.count ? ", …" : "")): retract \(count == 1 ? "it" : "them") first "
                + "(`frontline retract ID --reason …`), so that no event is left without its territory"
        case let .placeNotInLog(id, retracted):
            retracted ? "place \(id) was retracted from this log: it no longer takes events"
                      : "place \(id) is in the added places' id space (above \(AddedPlace.firstID)) but this log added no such place (see `frontline places added`)"
        }
    }
}
