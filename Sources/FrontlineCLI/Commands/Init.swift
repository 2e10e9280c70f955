import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeometry
import FrontlineSupport

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
    /// With `$FRONTLINE_SIGNING_KEY` (a key file, `frontline keys new`), each write signs the
    /// new head. While another process writes the log, a write waits (saying so on stderr after
    /// a couple of seconds) for as long as that takes, or at most `wait` seconds (`--wait`).
    func open(wait: LockWaitOptions? = nil) throws -> SQLiteEventStore {
        let signer = try Self.signer()
        let store = try SQLiteEventStore(path: path)
        store.signer = signer
        let limit = wait?.wait
        let path = self.path
        store.lockWait = SQLiteEventStore.LockWait(limit: limit) {
            let bound = limit.map { "giving up after \(LockWaitOptions.text($0)) s; " } ?? ""
            Output.tell("note", "waiting for \(VisibleText.escaped(path)): another command is writing to it (\(bound)Ctrl-C to stop)")
        }
        return store
    }

    /// The signing key named by `$FRONTLINE_SIGNING_KEY`, if any.
    static func signer() throws -> HeadSigner? {
        guard let keyPath = ProcessInfo.processInfo.environment["FRONTLINE_SIGNING_KEY"], !keyPath.isEmpty else { return nil }
        guard let data = FileManager.default.contents(atPath: keyPath) else {
            throw IOFailure(path: keyPath, reason: "cannot read the signing key ($FRONTLINE_SIGNING_KEY)")
        }
        do {
            return try HeadSigner(keyFileText: String(decoding: data, as: UTF8.self))
        } catch {
            throw IOFailure(path: keyPath, reason: "not a Frontline signing key ($FRONTLINE_SIGNING_KEY; `frontline keys new` makes one)")
        }
    }

    /// Opens an existing log to change its events (retract).
    func openExisting(wait: LockWaitOptions? = nil) throws -> SQLiteEventStore {
        try requireExisting()
        return try open(wait: wait)
    }

    /// Opens an existing log for a command that only reads it: read-only, leaving no file
    /// behind, when the user may not write it (``SQLiteEventStore/openForReading(path:)``).
    /// A warning on stderr when the chain does not end at its recorded head (the cheap check,
    /// ``SQLiteEventStore/checkHead()``): the command still reads, `verify` says more.
    func openForReading() throws -> SQLiteEventStore {
        try requireExisting()
        let store = try SQLiteEventStore.openForReading(path: path)
        if let reason = try store.checkHead() {
            FileHandle.standardError.write(Data("warning: \(EventStoreError.headMismatch(path: path, reason: reason))\n".utf8))
        }
        return store
    }

    /// Opens an existing log for `verify`, read-only whoever may write it: nothing is created,
    /// migrated or checkpointed (``SQLiteEventStore/openForVerifying(path:)``).
    func openForVerifying() throws -> SQLiteEventStore {
        try requireExisting()
        return try SQLiteEventStore.openForVerifying(path: path)
    }

    func requireExisting() throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw IOFailure(path: path, reason: "no event log here (create one with `frontline init`, or give --db)")
        }
    }
}

/// `--wait`, for the commands that write the log: how long a write may wait while another
/// command (a long import, say) writes the log.
struct LockWaitOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "While another command is writing the log (a long import), wait at most this many seconds, then fail (exit 74) with nothing written (default: wait until it is done).",
        valueName: "seconds"))
    var wait: Double?

    func validate() throws {
        if let wait, !(wait.isFinite && wait >= 0) {
            throw ValidationError("--wait takes a number of seconds, 0 or more")
        }
    }

    /// `seconds` as given: whole seconds without a fraction.
    static func text(_ seconds: Double) -> String {
        seconds == seconds.rounded() && seconds < 1e15 ? String(Int64(seconds)) : String(seconds)
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
