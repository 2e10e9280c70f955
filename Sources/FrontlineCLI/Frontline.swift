import ArgumentParser
import Foundation
import FrontlineGeometry
import FrontlineSupport

/// `frontline`: track territorial control in a war from map data.
public struct Frontline: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "frontline",
        abstract: "Track territorial control in a war from map data.",
        discussion: """
            Frontline records who controls which settlement or area when, with sources, and turns \
            that into geodesic km² on the WGS84 ellipsoid. It ships Ukraine's oblasts, Russia's \
            border oblasts and their settlements (GeoNames, with Ukraine's official names in the \
            national romanisation).
            """,
        version: "0.1.0",
        subcommands: [
            Places.self, Init.self, Record.self, Import.self, Events.self, Retract.self, Verify.self, Migrate.self, Keys.self, Sides.self, Claims.self,
            Control.self, Change.self, Timeline.self, Hubs.self, Export.self, Render.self, Demo.self,
        ]
    )

    public init() {}

    /// Runs the command line and exits: 0 on success, 64 for usage errors, 65 for bad data,
    /// 74 for I/O failures, 70 for internal errors. Errors go to stderr as `error: …`.
    public static func main(_ arguments: [String]? = nil) -> Never {
        let command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            exitForArgumentParser(error, arguments: arguments)
        }
        do {
            var command = command
            try command.run()
            Trace.printTotals()
            Foundation.exit(0)
        } catch where isArgumentParserError(error) {
            // `--help` runs ArgumentParser's own help command, which reports through an error.
            exitForArgumentParser(error, arguments: arguments)
        } catch {
            Trace.printTotals()
            let failure = CLIFailure(error)
            // The message's values are escaped where it is made (a line feed in a name cannot pass
            // for one of its lines); escaping it again here, line by line, is the one place
            // that keeps any control character that was missed off the terminal.
            FileHandle.standardError.write(Data("error: \(VisibleText.escapedLines(failure.message))\n".utf8))
            Foundation.exit(failure.status.rawValue)
        }
    }
}

extension Frontline {
    /// Help and version go to stdout with status 0, as ArgumentParser prints them; usage errors
    /// keep ArgumentParser's text (with the usage line) but use the tool's `error:` prefix.
    static func exitForArgumentParser(_ error: Error, arguments: [String]?) -> Never {
        let code = exitCode(for: error)
        guard code != .success else { exit(withError: error) }
        var message = fullMessage(for: error)
        if message.hasPrefix("Error: ") { message = "error: " + message.dropFirst("Error: ".count) }
        // ArgumentParser quotes the arguments it refuses (the user's text, perhaps with line
        // feeds of its own) among lines it makes: those arguments, and the parts of them it may
        // quote alone (`--name=value`), are escaped whole first, then what remains line by line.
        for argument in arguments ?? Array(CommandLine.arguments.dropFirst()) {
            for part in [argument] + argument.split(separator: "=", maxSplits: 1).map(String.init)
            where VisibleText.escaped(part) != part {
                message = message.replacingOccurrences(of: part, with: VisibleText.escaped(part))
            }
        }
        FileHandle.standardError.write(Data((VisibleText.escapedLines(message) + "\n").utf8))
        Foundation.exit(code.rawValue)
    }
}

/// Help requests, clean exits, exit codes and validation errors belong to ArgumentParser, which
/// prints them and picks their status (64 for usage errors).
private func isArgumentParserError(_ error: Error) -> Bool {
    error is CleanExit || error is ExitCode || error is ValidationError
        || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
}
