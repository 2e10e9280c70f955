import ArgumentParser
import FrontlineEvents

/// `frontline migrate`: brings a log written by an older Frontline to the current schema, as any
/// command that writes the log does on opening it, for the user who wants that done on its own
/// (`verify` only reports that a log needs it).
struct Migrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upgrade a log written by an older Frontline to the current schema (keeping every id, recording time and hash); safe to run again.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        try database.requireExisting()
        let (from, to) = try SQLiteEventStore.migrate(path: database.path)
        print(from == to ? "\(database.path): already at schema \(to)" : "\(database.path): migrated from schema \(from) to \(to)")
    }
}
