import ArgumentParser
import Foundation

/// `frontline`: track territorial control in a war from map data.
public struct Frontline: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "frontline",
        abstract: "Track territorial control in a war from map data.",
        discussion: """
            Frontline records who controls which settlement or area when, with sources, and turns
            that into geodesic km² on the WGS84 ellipsoid. It ships Ukraine's oblasts, Russia's
            border oblasts and GeoNames settlements.
            """,
        version: "0.1.0",
        subcommands: [Places.self, Init.self, Record.self, Import.self, Events.self, Retract.self, Verify.self]
    )

    public init() {}

    /// Runs the command line and exits: 0 on success, 64 for usage errors, 65 for bad data,
    /// 74 for I/O failures, 70 for internal errors. Errors go to stderr as `error: …`.
    public static func main(_ arguments: [String]? = nil) -> Never {
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exit(withError: error)  // help, version and usage errors (64), as ArgumentParser prints them
        }
        do {
            var command = command
            try command.run()
            Foundation.exit(0)
        } catch let error as CleanExit {
            exit(withError: error)
        } catch let error as ExitCode {
            exit(withError: error)
        } catch let error as ValidationError {
            exit(withError: error)
        } catch {
            let failure = CLIFailure(error)
            FileHandle.standardError.write(Data("error: \(failure.message)\n".utf8))
            Foundation.exit(failure.status.rawValue)
        }
    }
}
