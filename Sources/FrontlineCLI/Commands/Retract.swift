import ArgumentParser
import FrontlineEvents

struct Retract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mark an event retracted, with the reason. The event stays in the log.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var lockWait: LockWaitOptions

    @Argument(help: "The event's id (see `frontline events`).")
    var id: String

    @Option(help: "Why it is withdrawn (required).")
    var reason: String

    func run() throws {
        let retraction = try database.openExisting(wait: lockWait).retract(eventID: id, reason: reason)
        print("retracted \(retraction.eventID)")
    }
}
