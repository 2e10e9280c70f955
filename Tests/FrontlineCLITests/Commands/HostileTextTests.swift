import Foundation
import GRDB
import Testing

/// Output that cannot be turned against the reader: whatever the log holds or the user types,
/// what Frontline prints for people carries no control character (an escape sequence would
/// rewrite the analyst's terminal, a line feed forge a line), and the SVG it writes is XML.
@Suite struct HostileTextTests {
    /// Sets the window title, clears the screen, then forges a line of its own.
    static let hostile = "\u{1B}]0;owned\u{07}\u{1B}[2J\nerror: forged\r\u{202E}"

    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    /// A log one of whose events has a hostile claimant and source, written behind Frontline's
    /// back (the importer refuses control characters; an older log, or another writer, may not).
    func hostileLog() throws {
        let recorded = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-10",
                                    "--source", "ISW", "--claimant", "GS", "--status", "confirmed"])
        try #require(recorded.status == 0, "\(recorded.stderr)")
        try DatabaseQueue(path: db).write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET claimant = ?, source = ?", arguments: [Self.hostile, "ISW" + Self.hostile])
        }
    }

    /// No C0 or C1 control, DEL or bidirectional override other than the line feeds that end lines.
    static func controls(in text: String) -> [Unicode.Scalar] {
        text.unicodeScalars.filter { scalar in
            scalar != "\n" && (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
                               || (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value))
        }
    }

    @Test func theEventsTableEscapesWhatTheLogHolds() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try hostileLog()
        let result = try CLI.run(["events", "--db", db])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.controls(in: result.stdout).isEmpty, "\(result.stdout.debugDescription)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 2, "a claimant's line feed split the table: \(result.stdout.debugDescription)")
        #expect(result.stdout.contains(#"\u{1B}]0;owned\u{7}\u{1B}[2J\nerror: forged\r\u{202E}"#))
        // JSON stays JSON: the same text, JSON-escaped, round-trips exactly.
        let json = try #require(try CLI.json(["events", "--db", db, "--json"]) as? [[String: Any]])
        #expect(json.first?["claimant"] as? String == Self.hostile)
    }

    @Test func errorsEscapeTheValuesTheyQuote() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try hostileLog()
        // A view naming a claimant the log lacks lists those it has: the hostile one, escaped.
        let view = try CLI.run(["control", "--db", db, "--at", "2022-09-11", "--view", "claimant:nobody"])
        #expect(view.status == 64)
        // A claimant the log has: the header names the view.
        let control = try CLI.run(["control", "--db", db, "--at", "2022-09-11", "--area", "UA-63",
                                   "--view", "claimant:" + Self.hostile])
        #expect(control.status == 0, "\(control.stderr)")
        #expect(control.stdout.hasPrefix(#"Control at 2022-09-11T23:59:59.999Z, view claimant:\u{1B}]0;owned"#), "\(control.stdout)")
        // A time, a place and a file name typed by the user.
        let time = try CLI.run(["events", "--db", db, "--from", Self.hostile])
        let place = try CLI.run(["record", "--db", db, "--place", Self.hostile, "--side", "UA", "--at", "2022-09-10", "--source", "x"])
        let file = dir.appendingPathComponent("rows\u{1B}[2J\nerror: forged.csv")
        try Data("at,place,side,status,claimant,source,url,note\n2022-02-30,Izium,UA,,,ISW,,\n".utf8).write(to: file)
        let imported = try CLI.run(["import", "--db", db, file.path])
        // An option ArgumentParser refuses, quoting it.
        let option = try CLI.run(["events", "--db", db, "--" + Self.hostile])
        for (result, status) in [(view, 64), (time, 65), (place, 65), (imported, 65), (option, 64)] as [(CLI.Result, Int32)] {
            #expect(result.status == status, "\(result.stderr)")
            #expect(Self.controls(in: result.stderr).isEmpty, "\(result.stderr.debugDescription)")
            #expect(!result.stderr.contains("\nerror: forged"), "a value forged a line: \(result.stderr)")
        }
        #expect(view.stderr.contains(#"\u{1B}]0;owned\u{7}\u{1B}[2J\nerror: forged"#), "\(view.stderr)")
        #expect(imported.stderr.contains(#"rows\u{1B}[2J\nerror: forged.csv:2: at: '2022-02-30'"#), "\(imported.stderr)")
    }

    /// `rsvg-convert` (librsvg, installed by `tools/setup --test`) refuses a document that holds
    /// a character XML 1.0 forbids, such as U+0001: a label or a source with one must not reach
    /// the SVG as it is.
    @Test func svgTextIsXMLWhateverTheLabels() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        try hostileLog()
        let title = "A\u{01}B & <c> 'q' \"r\" \u{FFFF}" + Self.hostile
        let map = dir.appendingPathComponent("map.svg").path
        let rendered = try CLI.run(["render", "--db", db, "--at", "2022-09-11", "--area", "UA-63", "--title", title, "-o", map])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let chart = dir.appendingPathComponent("chart.svg").path
        let charted = try CLI.run(["timeline", "--db", db, "--from", "2022-09-09", "--to", "2022-09-12", "--area", "UA-63",
                                   "--view", "claimant:" + Self.hostile, "--svg", chart])
        #expect(charted.status == 0, "\(charted.stderr)")
        for svg in [map, chart] {
            let text = try String(contentsOfFile: svg, encoding: .utf8)
            #expect(text.unicodeScalars.allSatisfy { $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" })
            #expect(!text.unicodeScalars.contains { $0 == "\u{FFFE}" || $0 == "\u{FFFF}" })
            let converted = try CLI.tool("/usr/bin/rsvg-convert", ["-o", svg + ".png", svg])
            #expect(converted.status == 0, "\(svg): \(converted.stderr)")
        }
        let text = try String(contentsOfFile: map, encoding: .utf8)
        #expect(text.contains(#">A\u{1}B &amp; &lt;c&gt; &apos;q&apos; &quot;r&quot; \u{FFFF}\u{1B}]0;owned"#))
        // The claimant of the confirmed event is in the attribution, escaped.
        #expect(text.contains(#"Events: \u{1B}]0;owned\u{7}\u{1B}[2J\nerror: forged"#))
    }
}
