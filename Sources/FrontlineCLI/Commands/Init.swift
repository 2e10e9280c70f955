import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeometry

/// `--db PATH`, shared by every event-log command: the option, else `$FRONTLINE_DB`, else
/// `./frontline.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The event log (default: $FRONTLINE_DB, else ./frontline.sqlite).", valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["FRONTLINE_DB"], !env.isEmpty { return env }
        return "frontline.sqlite"
    }

    /// Opens the log to write it, creating it when missing (exit 74 when it cannot be written).
    func open() throws -> SQLiteEventStore { try SQLiteEventStore(path: path) }

    /// Opens an existing log to change its events (retract).
    func openExisting() throws -> SQLiteEventStore {
        try requireExisting()
        return try open()
    }

    /// Opens an existing log for a command that only reads it: read-only, leaving no file
    /// behind, when the user may not write it (``SQLiteEventStore/openForReading(path:)``).
    func openForReading() throws -> SQLiteEventStore {
        try requireExisting()
        return try SQLiteEventStore.openForReading(path: path)
    }

    private func requireExisting() throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw IOFailure(path: path, reason: "no event log here (create one with `frontline init`, or give --db)")
        }
    }
}

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the event log (safe to run again: an existing log is left as it is).")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let existed = FileManager.default.fileExists(atPath: database.path)
        let store = try database.open()
        let count = try store.count(matching: EventFilter())
        Output.say(VisibleText.escaped(database.path) + (existed ? ": event log ready (\(count) events)" : ": created an empty event log"))
    }
}
