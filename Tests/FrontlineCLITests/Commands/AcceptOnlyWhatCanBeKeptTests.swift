import Foundation
import Testing

/// What the log cannot keep as it would hash it is refused at the door, by the built binary.
@Suite struct AcceptOnlyWhatCanBeKeptTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The story: a NUL in a note was hashed as `a\0b`, stored as `a`, and `verify`
    /// failed from then on. Now the import is refused with the line and field, and the log
    /// verifies.
    @Test func aNULInACSVNoteIsRefusedAndTheLogStillVerifies() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = try file("nul.csv", Array("at,place,side,status,claimant,source,url,note\n2022-09-10,703656,UA,claimed,GS,ISW,,a".utf8) + [0] + Array("b\n".utf8))
        let imported = try CLI.run(["import", "--db", db, csv])
        #expect(imported.status == 65)
        #expect(imported.stderr.contains("nul.csv:2: note: holds a control character (U+0000, character 2)"), "\(imported.stderr)")
        #expect(imported.stderr.contains("nothing imported: 1 problem"))
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.status == 0, "\(verified.stderr)")
        #expect(verified.stdout == "ok: 0 entries\n")
    }

    /// `record`'s options keep to the same rules, naming the option.
    @Test func recordRefusesControlCharactersAndOversizedTextNamingTheOption() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let base = ["record", "--db", db, "--side", "UA", "--at", "2022-09-10"]
        let escape = try CLI.run(base + ["--place", "Izium", "--source", "ISW\u{1B}[2J"])
        #expect(escape.status == 65)
        #expect(escape.stderr == "error: --source: holds a control character (U+001B, character 4); only a note may hold tabs and line breaks\n")
        let place = try CLI.run(base + ["--place", "Izi\tum", "--source", "ISW"])
        #expect(place.status == 65)
        #expect(place.stderr.hasPrefix("error: --place: holds a control character (U+0009, character 4)"))
        let long = try CLI.run(base + ["--place", "Izium", "--source", "ISW", "--note", String(repeating: "x", count: 65537)])
        #expect(long.status == 65)
        #expect(long.stderr == "error: --note: is 65537 bytes long; the limit is 65536 bytes (64 KiB)\n")
        let fine = try CLI.run(base + ["--place", "Izium", "--source", "ISW", "--note", "two\nlines\tand a tab"])
        #expect(fine.status == 0, "\(fine.stderr)")
        let verified = try CLI.run(["verify", "--db", db])
        #expect(verified.stdout.hasPrefix("ok: 1 entries, head 1 "), "\(verified.stdout)")
    }
}
