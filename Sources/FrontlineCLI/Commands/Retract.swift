import ArgumentParser
import FrontlineEvents

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark an event or a numeric claim retracted, with the reason. It stays in the log.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockWait: LockWaitOptions

    @Argument(help: "The event's id (see `frontline events`), or a numeric claim's (see `frontline claims`).")
    var id: String

    @Option(help: "Why it is withdrawn (required).")
    var reason: String

    func run() throws {
        let store = try database.openExisting(wait: lockWait)
        do {
            let retraction = try store.retract(eventID: id, reason: reason)
            print("retracted \(retraction.eventID)")
        } catch EventStoreError.unknownEvent(let unknown) {
            // Not an event: a numeric claim (ids of both are drawn so that none is shared)?
            guard try store.hasClaim(id: id) else { throw EventStoreError.unknownEvent(unknown) }
            let retraction = try store.retractClaim(id: id, reason: reason)
            print("retracted claim \(retraction.eventID)")
        }
    }
}
