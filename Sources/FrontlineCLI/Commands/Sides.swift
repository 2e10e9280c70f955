import ArgumentParser
import Foundation
import FrontlineEvents
import FrontlineGeometry
import FrontlineSupport

/// `frontline sides`: the sides a log accepts, and `sides add` to declare a new one.
struct Sides: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the sides the log accepts in new events, or declare a new one.",
        discussion: """
            Every log knows UA (Ukraine), RU (Russia) and contested; the names stand for the codes \
            (--side Ukraine records UA). Any other side is declared once, with `frontline sides \
            add CODE --name NAME`, before events use it: a typo is refused rather than recorded as \
            a new side. A declaration is an entry of the log's hash chain, kept for good. Codes \
            that events of an older log already use are accepted too (listed as in use).
            """,
        subcommands: [List.self, Add.self],
        defaultSubcommand: List.self)

    /// `sides --json`: one object per side.
    struct SideJSON: Encodable {
        let code: String
        let name: String?
        let origin: String

        enum Keys: String, CodingKey { case code, name, origin }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(code, forKey: .code)
            if let name { try c.encode(name, forKey: .name) } else { try c.encodeNil(forKey: .name) }
            try c.encode(origin, forKey: .origin)
        }
    }
}

extension Sides {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the sides the log accepts: built in, declared, or in use by its events.")

        @OptionGroup var database: DatabaseOptions

        @Flag(help: "Print a JSON array of {\"code\", \"name\", \"origin\"} (origin: built-in, declared or in-use).")
        var json = false

        func run() throws {
            // Without a log, the built-in sides (and no new file).
            let sides = FileManager.default.fileExists(atPath: database.path) ? try database.openForReading().knownSides() : KnownSides()
            if json {
                try Output.printJSON(sides.entries.map { SideJSON(code: $0.code, name: $0.name, origin: $0.origin.rawValue) })
                return
            }
            print(Output.table(["CODE", "NAME", "ORIGIN"], sides.entries.map { entry in
                [VisibleText.escaped(entry.code), VisibleText.escaped(entry.name ?? ""), entry.origin.rawValue]
            }))
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Declare a new side, once, so that events may use its code.",
            discussion: """
                CODE is up to 16 letters, digits, '-' or '_' (stored upper-case). Declaring a code \
                again with the same name changes nothing; with another name it is refused.
                """)

        @OptionGroup var database: DatabaseOptions
        @OptionGroup var lockWait: LockWaitOptions

        @Argument(help: "The side's code (e.g. PMC).")
        var code: String

        @Option(help: "What the side is called (required).")
        var name: String

        func run() throws {
            let store = try database.open(wait: lockWait)
            let declaration: SideDeclaration
            do {
                declaration = try store.declareSide(code: code, name: name)
            } catch let error as EventStoreError {
                // The same declaration again: nothing to do.
                let normalized = (try? Side(code))?.code
                if let earlier = try store.sideDeclarations().first(where: { $0.code == normalized }),
                   earlier.name == name.trimmingCharacters(in: .whitespacesAndNewlines) {
                    print(VisibleText.escaped("\(earlier.code) (\(earlier.name)) is already declared"))
                    return
                }
                throw error
            }
            print(VisibleText.escaped("declared \(declaration.code) (\(declaration.name))"))
        }
    }
}
