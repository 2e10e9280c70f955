import Foundation
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// The log takes only text it can keep as it hashed it (``FieldRules``), whichever way the text
/// comes in: CSV's byte path and its strings, JSON Lines, GeoJSON, a draft.
extension ImportTests {
    static let nulProblem = "note: holds a control character (U+0000, character 2); a note may hold tabs and line breaks, no other control character"

    /// `a\0b` was hashed whole but stored and read back as `a`: the import said "imported 1
    /// event" and `verify` failed from then on, on a log nobody had touched.
    @Test func aNULInANoteIsRefusedInCSVJSONLinesAndGeoJSON() throws {
        let geoJSON = #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"at":"2022-09-10","place":703656,"side":"UA","claimant":"GS","source":"ISW","note":"a\u0000b"}}]}"#
        for (name, text) in [("nul.csv", Self.header + "2022-09-10,703656,UA,claimed,GS,ISW,,a\u{0}b\n"),
                             ("nul.jsonl", #"{"at":"2022-09-10","place":703656,"side":"UA","claimant":"GS","source":"ISW","note":"a\u0000b"}"# + "\n"),
                             ("nul.geojson", geoJSON)] {
            let (result, store, dir) = try importing([(name, text)])
            defer { dir.remove() }
            // GeoJSON names the feature by its position (file:line:col) and index.
            let place = name.hasSuffix("csv") ? "2" : name.hasSuffix("geojson") ? "1:41: features[0]" : "1"
            #expect(problems(result, in: dir) == ["\(name):\(place): \(Self.nulProblem)"])
            #expect(try store.count(matching: EventFilter()) == 0)
            #expect(try store.verifyChain().isIntact)
        }
    }

    /// Every text field refuses every control character, but a note takes tabs and line breaks;
    /// CSV (read as bytes or as strings) and JSON Lines report the same problems on the same
    /// lines, and the notes they take read back as they were written.
    @Test func controlCharactersAreRefusedInEveryFieldButLineBreaksInNotes() throws {
        let valid = ["at": "2022-09-10", "place": "703656", "side": "contested", "status": "claimed", "claimant": "General Staff",
                     "source": "Reuters", "url": "https://example.org/x", "note": "a note"]
        let controls: [Unicode.Scalar] = ["\u{0}", "\u{1}", "\t", "\n", "\r", "\u{1B}", "\u{1F}", "\u{7F}", "\u{85}", "\u{9F}"]
        var csv = Self.header, jsonl = ""
        var expectedCSV: [String] = [], expectedJSON: [String] = []
        var acceptedNotes: [String] = []
        var csvLine = 1, jsonLine = 0
        for field in CSVEventFormat.header {
            for control in controls {
                var row = valid
                let value = valid[field]!
                let cut = value.index(value.startIndex, offsetBy: 3)
                row[field] = String(value[..<cut]) + String(control) + String(value[cut...])
                csv += CSVEventFormat.header.map { "\"" + row[$0]! + "\"" }.joined(separator: ",") + "\n"
                let json = try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys])
                jsonl += String(decoding: json, as: UTF8.self) + "\n"
                csvLine += 1
                jsonLine += 1
                defer { if control == "\n" { csvLine += 1 } }  // a quoted line break is a line of the file
                if field == "note" && ["\t", "\n", "\r"].contains(control) {
                    acceptedNotes.append(row["note"]!)
                    continue
                }
                let hex = String(control.value, radix: 16, uppercase: true)
                let rule = field == "note" ? "a note may hold tabs and line breaks, no other control character"
                                           : "only a note may hold tabs and line breaks"
                let problem = "\(field): holds a control character (U+\(String(repeating: "0", count: 4 - hex.count))\(hex), character 4); \(rule)"
                expectedCSV.append("c.csv:\(csvLine): \(problem)")
                expectedJSON.append("c.jsonl:\(jsonLine): \(problem)")
            }
        }
        let (csvResult, _, csvDir) = try importing([("c.csv", csv)])
        let (jsonResult, _, jsonDir) = try importing([("c.jsonl", jsonl)])
        defer { csvDir.remove(); jsonDir.remove() }
        #expect(problems(csvResult, in: csvDir) == expectedCSV)
        #expect(problems(jsonResult, in: jsonDir) == expectedJSON)

        let notes = acceptedNotes.map { note in
            CSVEventFormat.header.map { $0 == "note" ? "\"\(note)\"" : valid[$0]! }.joined(separator: ",")
        }
        let (accepted, store, dir) = try importing([("n.csv", Self.header + notes.joined(separator: "\n") + "\n")])
        defer { dir.remove() }
        #expect(try accepted.get().total == acceptedNotes.count)
        #expect(try store.allEvents().map(\.note) == acceptedNotes)
        #expect(try store.verifyChain().isIntact)
    }

    /// A field over its size (``FieldRules``: 4 KiB, 64 KiB for a note) is refused, naming the
    /// field, whether its row is read as bytes (these are plain ASCII lines) or as strings; a
    /// field at its size is taken and kept whole.
    @Test func fieldsAreRefusedPastTheirSizes() throws {
        let valid = ["at": "2022-09-10", "place": "703656", "side": "UA", "status": "", "claimant": "GS", "source": "ISW",
                     "url": "", "note": ""]
        func row(_ field: String, _ count: Int) -> [String: String] {
            var row = valid
            row[field] = String(repeating: "x", count: count)
            return row
        }
        func csvLine(_ row: [String: String]) -> String { CSVEventFormat.header.map { row[$0]! }.joined(separator: ",") }
        func jsonLine(_ row: [String: String]) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: row, options: [.sortedKeys]), as: UTF8.self)
        }
        let atLimit = [row("claimant", 4096), row("source", 4096), row("url", 4096), row("note", 65536)]
        let over = [row("claimant", 4097), row("source", 4097), row("url", 4097), row("note", 65537), row("place", 4097),
                    row("at", 5000), row("side", 4097), row("status", 4097)]
        let expected = over.enumerated().map { index, row in
            let field = row.first { $0.value.count > 4000 }!.key
            let limit = field == "note" ? 65536 : 4096
            return "\(index + 1): \(field): is \(row[field]!.count) bytes long; the limit is \(limit) bytes (\(limit / 1024) KiB)"
        }
        let (csvResult, _, csvDir) = try importing([("o.csv", Self.header + over.map(csvLine).joined(separator: "\n") + "\n")])
        let (jsonResult, _, jsonDir) = try importing([("o.jsonl", try over.map(jsonLine).joined(separator: "\n") + "\n")])
        defer { csvDir.remove(); jsonDir.remove() }
        #expect(problems(csvResult, in: csvDir) == expected.map { "o.csv:" + String(Int($0.prefix { $0 != ":" })! + 1) + $0.drop { $0 != ":" } })
        #expect(problems(jsonResult, in: jsonDir) == expected.map { "o.jsonl:" + $0 })

        let (accepted, store, dir) = try importing([("a.csv", Self.header + atLimit.map(csvLine).joined(separator: "\n") + "\n")])
        defer { dir.remove() }
        #expect(try accepted.get().total == 4)
        let events = try store.allEvents()
        #expect(events.map { [$0.claimant, $0.source, $0.url ?? "", $0.note ?? ""].map(\.count).max() } == [4096, 4096, 4096, 65536])
        #expect(try store.verifyChain().isIntact)
    }

    /// `record` and every other maker of drafts meet the same rules, naming the field.
    @Test func draftsKeepToTheFieldRules() throws {
        let at = try EventTime(parsing: "2022-09-10")
        func draft(claimant: String = "", source: String = "ISW", note: String? = nil) throws -> EventDraft {
            try EventDraft(at: at, subject: .place(geonameID: Fixtures.izium), side: "UA", claimant: claimant, source: source, note: note)
        }
        #expect(throws: EventFieldError("holds a control character (U+001B, character 3); only a note may hold tabs and line breaks", field: "source")) {
            try draft(source: "IS\u{1B}[31mW")
        }
        #expect(throws: EventFieldError("is 4097 bytes long; the limit is 4096 bytes (4 KiB)", field: "claimant")) {
            try draft(claimant: String(repeating: "é", count: 2048) + "x")
        }
        #expect(try draft(note: "two\nlines\tand a tab").note == "two\nlines\tand a tab")
        // A draft made without the checks (as formats may) is refused by the log all the same.
        let unchecked = EventDraft(checked: at, subject: .place(geonameID: Fixtures.izium), side: "UA", status: .claimed,
                                   claimant: "", source: "ISW", url: nil, note: "a\u{0}b")
        #expect(throws: EventStoreError.invalid(EventFieldError(String(Self.nulProblem.dropFirst("note: ".count)), field: "note"))) {
            try PreparedEvent(unchecked, recordedAt: at)
        }
    }

    /// As the README says: spaces and tabs around a header's names are ignored; anything else in
    /// a name is not the header.
    @Test func aHeaderWithSpacesAroundItsNamesIsTheHeader() throws {
        let row = "2022-09-10,703656,UA,claimed,,ISW,,\n"
        let (result, _, dir) = try importing([("h.csv", " at , place,side\t,status,claimant,source,url, note\n" + row)])
        defer { dir.remove() }
        #expect(try result.get().total == 1)
        let (inner, _, dir2) = try importing([("i.csv", "at,pla ce,side,status,claimant,source,url,note\n" + row)])
        defer { dir2.remove() }
        #expect(problems(inner, in: dir2) == ["i.csv:1: header: expected 'at,place,side,status,claimant,source,url,note', found 'at,pla ce,side,status,claimant,source,url,note'"])
    }
}
