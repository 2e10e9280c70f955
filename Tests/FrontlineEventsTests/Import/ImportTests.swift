import Foundation
import FrontlineGeometry
import GRDB
import Testing
@testable import FrontlineEvents

@Suite struct CSVReaderTests {
    func records(_ text: String, chunk: Int = 3) throws -> [CSVReader.Record] {
        let dir = try TempDir(); defer { dir.remove() }
        var reader = CSVReader(input: try ChunkedInput(path: try dir.write("x.csv", text), chunkSize: chunk))
        var fields: [String] = []
        var out: [CSVReader.Record] = []
        while let record = try reader.next(reusing: &fields) { out.append(record) }
        return out
    }

    @Test func quotesEscapedQuotesCommasAndNewlines() throws {
        let rs = try records("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n\n,,\nlast,\"\",z")
        #expect(rs.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"], ["", "", ""], ["last", "", "z"]])
        #expect(rs.map(\.line) == [1, 2, 5, 6])
        #expect(rs.allSatisfy { $0.problem == nil })
    }

    @Test func syntaxProblemsAreReportedOnTheirRecord() throws {
        let rs = try records("a,b\"c\n\"x\"y,z\n\"open,\nmore")
        #expect(rs[0].problem?.contains("quote inside unquoted field 2") == true)
        #expect(rs[1].problem?.contains("after the closing quote") == true)
        #expect(rs[2].problem?.contains("not closed") == true)
        #expect(rs[2].line == 3)
    }

    /// Lines whole in the buffered chunk, with no quote or carriage return, are cut straight
    /// from it; a one-byte chunk sends every line through the byte-by-byte reader instead. Both
    /// must read every input alike.
    @Test(arguments: [
        "a,b,c\nd,e,f\n", "a,b,\n,\n,,\n", "\n\n\na,b\n\nc\n", "x,y\r\nz,w\n", "é,ü,Харків\n1,2,3",
        "plain,\"quoted, field\"\nnext,line\n", "a,b\"c\nd,e\n", "\u{FEFF}at,place\n2022-09-10,Izium\n",
        "last line has no break", "trailing,\n\n",
    ])
    func theFastPathReadsAsTheByteReaderDoes(text: String) throws {
        let fast = try records(text, chunk: 1 << 20)
        let slow = try records(text, chunk: 1)
        #expect(fast.map(\.fields) == slow.map(\.fields))
        #expect(fast.map(\.line) == slow.map(\.line))
        #expect(fast.map(\.problem) == slow.map(\.problem))
    }

    /// The CSV place rows' byte path (``CSVReader/nextASCIILine(ranges:_:)``) scans eight bytes
    /// at a time and reads quoted fields in place: a comma, quote, quoted field, control
    /// character or non-ASCII byte at any offset must be read as the byte reader reads it, and
    /// every line that reader reads without a problem, ASCII and without a control character
    /// (which ``FieldRules`` checks on the strings), must take it.
    @Test func theASCIILinePathCutsFieldsAsTheByteReaderDoesAtEveryOffset() throws {
        let dir = try TempDir(); defer { dir.remove() }
        var lines: [String] = []
        for length in [1, 7, 8, 9, 15, 16, 17, 30] {
            for offset in 0..<length {
                for special in [",", ",,", "\"\"", "\r", "é", "\u{7F}", "\u{2C}x", ",\"a,\"\"b\"\"\",", ",\"\",", "\"x\"y",
                                "\t", "\u{0}", "\u{1F}", "\u{1B}", "~", " "] {
                    var line = Array(repeating: "a", count: length)
                    line[offset] = special
                    // (Quotes come in pairs, so that no record runs on to the next line; a lone
                    // carriage return would be a blank line, which readers skip.)
                    if line != ["\r"] { lines.append(line.joined()) }
                }
            }
        }
        // Whole quoted lines, and a line whose first quoted field is fine but whose second field
        // is not, which must reach the general reader unchanged.
        lines += ["\"a,b\",\"say \"\"hi\"\"\",\"\"", "\"\"\"\"\"\",x", "x,\"\"\"\"", "\"a\"\"b\",x\"y\""]
        let path = try dir.write("lines.csv", lines.joined(separator: "\n") + "\n")
        var fast = CSVReader(input: try ChunkedInput(path: path))
        var slow = CSVReader(input: try ChunkedInput(path: path, chunkSize: 1))
        var ranges: [Range<Int>] = [], fields: [String] = []
        var readable = 0, viaBytes = 0, quotedViaBytes = 0
        for line in lines {
            let expected = try #require(try slow.next(reusing: &fields))
            let plain = expected.problem == nil && !line.unicodeScalars.contains { $0.value < 0x20 || $0.value >= 0x7F }
            if plain { readable += 1 }
            var cut: [String]?
            if try fast.nextASCIILine(ranges: &ranges, { _, bytes, ranges in
                cut = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
            }) {
                viaBytes += 1
                if line.contains("\"") { quotedViaBytes += 1 }
                #expect(plain, "\(line.debugDescription)")
                #expect(cut == expected.fields, "\(line.debugDescription)")
            } else {
                let record = try fast.next(reusing: &fields)
                #expect(record?.fields == expected.fields, "\(line.debugDescription)")
                #expect(record?.problem == expected.problem, "\(line.debugDescription)")
            }
        }
        // Every such line but the first, read before the reader has buffered any input.
        #expect(viaBytes == readable - 1)
        #expect(quotedViaBytes > 100)
    }

    /// The byte path's eight-at-a-time test for a byte it leaves to the byte reader (0x80 or
    /// more, a control character) against the plain test of each byte: every byte value at every
    /// place in a word of printable ASCII, and words of random bytes.
    @Test func theWordTestForControlAndNonASCIIBytesIsThePlainTest() {
        func plain(_ word: UInt64) -> Bool {
            (0..<8).contains { k in let b = UInt8(truncatingIfNeeded: word >> (8 * k)); return b < 0x20 || b >= 0x7F }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<64 {
            let printable = (0..<8).reduce(UInt64(0)) { $0 | UInt64(UInt8.random(in: 0x20...0x7E, using: &generator)) << (8 * $1) }
            #expect(SWAR.controlOrNonASCII(printable) == 0)
            for k in 0..<8 {
                for byte in 0...255 {
                    let word = printable & ~(0xFF << (8 * k)) | UInt64(byte) << (8 * k)
                    if (SWAR.controlOrNonASCII(word) != 0) != plain(word) { Issue.record("byte \(byte) at \(k)") }
                }
            }
        }
        for _ in 0..<200_000 {
            let word = UInt64.random(in: .min ... .max, using: &generator) & 0x7F7F_7F7F_7F7F_7F7F | (Bool.random() ? 0 : 0x80 << (8 * UInt64.random(in: 0..<8)))
            if (SWAR.controlOrNonASCII(word) != 0) != plain(word) { Issue.record("word \(String(word, radix: 16))"); return }
        }
    }

    @Test func theFastPathLeavesInvalidUTF8ToTheByteReader() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("bad.csv")
        try Data([0x61, 0x0A, 0x61, 0x2C, 0xFF, 0x0A, 0x62, 0x0A]).write(to: URL(fileURLWithPath: path))
        var reader = CSVReader(input: try ChunkedInput(path: path))
        var fields: [String] = []
        #expect(try reader.next(reusing: &fields)?.fields == ["a"])
        let bad = try reader.next(reusing: &fields)
        #expect(bad?.problem == "field 2 is not valid UTF-8")
        #expect(bad?.line == 2)
        #expect(try reader.next(reusing: &fields)?.fields == ["b"])
    }

    /// The input skips a byte-order mark for every reader, even when reads come a byte at a time.
    @Test(arguments: [1, 2, 1 << 20])
    func aByteOrderMarkIsSkippedHoweverTheInputArrives(chunk: Int) throws {
        let dir = try TempDir(); defer { dir.remove() }
        var lines = LineReader(input: try ChunkedInput(path: try dir.write("a.jsonl", "\u{FEFF}{}\nb"), chunkSize: chunk))
        var bytes: [UInt8] = []
        var read: [String] = []
        while try lines.next(into: &bytes) { read.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(read == ["{}", "b"])
        var onlyMark = LineReader(input: try ChunkedInput(path: try dir.write("b.jsonl", "\u{FEFF}"), chunkSize: chunk))
        #expect(try onlyMark.next(into: &bytes) == false)
    }

    /// A carriage return outside quotes is dropped, so a last line of lone CRs is blank, as it
    /// is before a line feed (`\r\n`), and no record: it was read as a record of one empty field.
    @Test(arguments: [1, 2, 1 << 20])
    func aLoneCarriageReturnAtTheEndOfTheFileIsABlankLineNotARecord(chunk: Int) throws {
        #expect(try records("a,b\n\r", chunk: chunk).map(\.fields) == [["a", "b"]])
        #expect(try records("a,b\n\r\r", chunk: chunk).map(\.fields) == [["a", "b"]])
        #expect(try records("\r", chunk: chunk).isEmpty)
        #expect(try records("\u{FEFF}\r", chunk: chunk).isEmpty)
        // Before a line feed, and after text, as before.
        #expect(try records("a,b\n\r\nc", chunk: chunk).map(\.fields) == [["a", "b"], ["c"]])
        #expect(try records("a,b\r", chunk: chunk).map(\.fields) == [["a", "b"]])
        #expect(try records("a,\r", chunk: chunk).map(\.fields) == [["a", ""]])
    }

    @Test func invalidUTF8IsAProblem() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("bad.csv")
        try Data([0x61, 0x2C, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        var reader = CSVReader(input: try ChunkedInput(path: path))
        var fields: [String] = []
        #expect(try reader.next(reusing: &fields)?.problem == "field 2 is not valid UTF-8")
    }
}

@Suite struct ImportTests {
    static let header = "at,place,side,status,claimant,source,url,note\n"

    /// Place texts cached by number must stand for one text each: plain digits only.
    @Test func onlyPlainDigitsAreCachedByNumber() {
        #expect(ImportContext.plainNumber("706200") == 706200)
        #expect(ImportContext.plainNumber("7") == 7)
        for text in ["", "0", "0706200", "706200 ", "+706200", "-1", "70620a", "７０６", String(repeating: "9", count: 19)] {
            #expect(ImportContext.plainNumber(text) == nil, "\(text)")
        }
    }

    func importing(_ files: [(String, String)], format: String? = nil) throws -> (Result<ImportSummary, Error>, SQLiteEventStore, TempDir) {
        let dir = try TempDir()
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let paths = try files.map { try dir.write($0.0, $0.1) }
        let importer = EventImporter(store: store, gazetteer: Fixtures.gazetteer, now: try EventTime(parsing: "2024-01-01T00:00Z"))
        return (Result { try importer.importFiles(paths, format: format) }, store, dir)
    }

    func problems(_ result: Result<ImportSummary, Error>, in dir: TempDir) -> [String] {
        guard case .failure(let error as ImportRejected) = result else { return ["not rejected: \(result)"] }
        return error.problems.map { $0.description.replacingOccurrences(of: dir.url.path + "/", with: "") }
    }

    /// Plain CSV place rows are checked and written from their bytes (``ImportContext/
    /// submitPlaceRow``); JSON Lines rows go through strings. The same rows both ways must give
    /// the same stored events, and the chain over them (the canonical form the byte path
    /// writes) must verify against what is stored.
    @Test func aCSVRowReadAsBytesIsStoredAsTheSameRowReadAsStrings() throws {
        let times = ["2022-09-10", " 2022-09-10T12:00Z", "2022-09-10T12:00:30Z ", "2022-09-10T12:00:30.250Z",
                     "2022-09-10T15:00+03:00", "2022-09-11T00:00:00.5Z"]
        let places = ["707292", "703656", " 706483", "706483 "]
        let sides = ["UA", "ua", " RU ", "contested", "Contested", "ru"]
        let statuses = ["", "claimed", "confirmed", " confirmed ", "claimed "]
        let claimants = ["General Staff", " ISW ", "", "Russian MoD"]
        let sources = ["ISW", " Reuters ", "DeepStateMap\t"]
        let urls = ["", "https://example.org/a", " https://example.org/b "]
        // As CSV, and as the value it stands for.
        let notes = [("", ""), (" leading space kept", " leading space kept"), ("trailing  ", "trailing  "), ("x", "x"),
                     (#""shelling, then ""clearing""""#, #"shelling, then "clearing""#), (#""""#, ""), (#"" a ""b"" ""#, #" a "b" "#)]
        var csv = Self.header, jsonl = ""
        for row in 0..<240 {
            func pick(_ values: [String], _ salt: Int) -> String { values[(row * salt + row / values.count) % values.count] }
            let note = notes[(row * 19 + row / notes.count) % notes.count]
            let fields = [pick(times, 1), pick(places, 3), pick(sides, 5), pick(statuses, 7), pick(claimants, 11),
                          pick(sources, 13), pick(urls, 17)]
            csv += (fields + [note.0]).joined(separator: ",") + "\n"
            let pairs = zip(CSVEventFormat.header, fields + [note.1]).map { key, value in
                "\"\(key)\":\"\(value.replacingOccurrences(of: "\t", with: "\\t").replacingOccurrences(of: "\"", with: "\\\""))\""
            }
            jsonl += "{" + pairs.joined(separator: ",") + "}\n"
        }
        let (csvResult, csvStore, csvDir) = try importing([("a.csv", csv)])
        let (jsonResult, jsonStore, jsonDir) = try importing([("a.jsonl", jsonl)])
        defer { csvDir.remove(); jsonDir.remove() }
        #expect(try csvResult.get().total == 240)
        #expect(try jsonResult.get().total == 240)
        func stored(_ dir: TempDir) throws -> [[String]] {
            try DatabaseQueue(path: dir.path("log.sqlite")).read { db in
                try Row.fetchAll(db, sql: """
                    SELECT at_utc, at_text, kind, place_id, side, status, claimant, source, url, note FROM events ORDER BY seq
                    """).map { row in (0..<10).map { (row[$0] as DatabaseValue).description } }
            }
        }
        let fromCSV = try stored(csvDir)
        #expect(fromCSV == (try stored(jsonDir)))
        #expect(Set(fromCSV.map { $0[6] }).count == 4)  // the four claimants, " ISW " trimmed
        #expect(try csvStore.verifyChain().isIntact)
        #expect(try csvStore.checkStorage() == [])
        #expect(try jsonStore.verifyChain().isIntact)
    }

    @Test func importsPlacesByIdAndName() throws {
        let (result, store, dir) = try importing([("a.csv", Self.header + #"""
            2022-09-10,707292,UA,confirmed,General Staff,ISW,https://example.org/1,
            2022-09-10T12:00Z,Kupiansk,ua,,,"Reuters, via AP",,"quoted, with ""quotes"""
            2022-09-11,Kharkiv,UA,claimed,,Reuters,,

            """#)])
        defer { dir.remove() }
        #expect(try result.get().total == 3)
        let events = try store.allEvents()
        #expect(events.map(\.placeID) == [707292, 703656, 706483])
        #expect(events[1].status == .claimed)
        #expect(events[1].source == "Reuters, via AP")
        #expect(events[1].note == "quoted, with \"quotes\"")
        #expect(events[0].url == "https://example.org/1")
        #expect(events[0].note == nil)
    }

    /// The writer appends in windows sorted by time; replay order is what it would be row by row
    /// (ties keep the file's order), and the chain follows it.
    @Test func rowsOutOfTimeOrderReplayAsTheyWouldRowByRow() throws {
        let (result, store, dir) = try importing([("a.csv", Self.header + """
            2022-09-12,Izium,UA,,,s,,c
            2022-09-10,Izium,RU,,,s,,a
            2022-09-12,Izium,RU,,,s,,d
            2022-09-11,Izium,UA,,,s,,b
            2022-09-12,Izium,contested,,,s,,e

            """)])
        defer { dir.remove() }
        #expect(try result.get().total == 5)
        let events = try store.allEvents()
        #expect(events.map(\.note) == ["a", "b", "c", "d", "e"])
        #expect(events.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(try store.verifyChain().isIntact)
        #expect(try store.checkStorage() == [])
    }

    @Test func everyBadRowIsReportedAsFileLineFieldProblem() throws {
        let (result, store, dir) = try importing([("bad.csv", Self.header + #"""
            2022-02-30,707292,UA,claimed,,ISW,,
            2022-09-10,Nowhereville,UA,claimed,,ISW,,
            2022-09-10,Shevchenkove,UA,claimed,,ISW,,
            2022-09-10,707292,,rumoured,,,,
            2030-01-01,707292,UA,claimed,,ISW,,
            2022-09-10,707292,UA,claimed,,ISW
            2022-09-10,707292,UA,claimed,,ISW,,
            2022-09-10T08:30,707292,U A,claimed,,ISW,,
            """#)])
        defer { dir.remove() }
        let p = problems(result, in: dir)
        #expect(p.count == 10)
        #expect(p[0] == "bad.csv:2: at: '2022-02-30' is not a real date or time: February 2022 has 28 days")
        #expect(p[1] == "bad.csv:3: place: no settlement matches 'Nowhereville' (try `frontline places search`)")
        #expect(p[2].hasPrefix("bad.csv:4: place: 'Shevchenkove' matches"))
        #expect(p[2].contains("694137"))  // the candidates, with their areas
        #expect(p[3] == "bad.csv:5: side: is empty; give a side code such as UA or RU, or 'contested'")
        #expect(p[4] == "bad.csv:5: status: 'rumoured' is not a status (claimed or confirmed)")
        #expect(p[5] == "bad.csv:5: source: is required: the outlet or document reporting this")
        #expect(p[6] == "bad.csv:6: at: '2030-01-01' is more than a day in the future")
        #expect(p[7] == "bad.csv:7: row: expected 8 fields (at,place,side,status,claimant,source,url,note), found 6")
        #expect(p[8] == "bad.csv:9: at: '2022-09-10T08:30' has no time zone; add Z for UTC or an offset such as +03:00")
        #expect(p[9].hasPrefix("bad.csv:9: side: 'U A' is not a side code"))
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    @Test func aWrongHeaderStopsTheFile() throws {
        let (result, _, dir) = try importing([("h.csv", "date,place,side\n2022-09-10,707292,UA\n")])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == ["h.csv:1: header: expected 'at,place,side,status,claimant,source,url,note', found 'date,place,side'"])
    }

    @Test func oneBadRowInAThousandLeavesNothing() throws {
        var csv = Self.header
        for i in 1...1500 { csv += i == 1000 ? "2022-09-10,707292,UA,maybe,,ISW,,\n" : "2022-09-10,707292,UA,claimed,,ISW \(i),,\n" }
        let (result, store, dir) = try importing([("good.csv", Self.header + "2022-09-01,707292,UA,claimed,,ISW,,\n"), ("big.csv", csv)])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == ["big.csv:1001: status: 'maybe' is not a status (claimed or confirmed)"])
        #expect(try store.count(matching: EventFilter()) == 0)
        #expect(try store.verifyChain() == ChainReport(entries: 0, problem: nil))
    }

    @Test func problemsAreCappedButCounted() throws {
        let csv = Self.header + String(repeating: "2022-09-10,707292,UA,claimed,,,,\n", count: 150)
        let (result, _, dir) = try importing([("many.csv", csv)])
        defer { dir.remove() }
        guard case .failure(let error as ImportRejected) = result else { Issue.record("not rejected"); return }
        #expect(error.problems.count == EventImporter.maxReportedProblems)
        #expect(error.total == 150)
        #expect(error.description.contains("… and 50 more problems"))
    }

    @Test func jsonLinesCarryAreasAndReportJSONProblems() throws {
        let (result, store, dir) = try importing([("a.jsonl", #"""
            {"at":"2022-09-10","place":707292,"side":"UA","source":"ISW"}
            {"at":"2022-09-11","side":"RU","status":"confirmed","source":"MoD","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49.5],[37,49]]]}}
            """#)])
        defer { dir.remove() }
        #expect(try result.get().total == 2)
        guard case .area(let area) = try store.allEvents()[1].subject else { Issue.record("not an area"); return }
        #expect(area.polygons.first?.exterior.count == 5)

        let (bad, _, dir2) = try importing([("b.jsonl", #"""
            {"at":"2022-09-10","place":707292,"side":"UA","source":"ISW"
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,49],[37.5,49.5],[37,49.5]]]}}
            {"at":"2022-09-11","side":"RU","source":"MoD","geometry":{"type":"Polygon","coordinates":[[[37,49],[37.5,91],[37.5,49.5],[37,49]]]}}
            {"at":"2022-09-11","side":"RU","source":"MoD","sorce":"typo","place":"707292"}
            """#)])
        defer { dir2.remove() }
        let p = problems(bad, in: dir2)
        #expect(p.count == 4)
        #expect(p[0].hasPrefix("b.jsonl:1: json: malformed JSON"))
        #expect(p[1] == "b.jsonl:2: geometry: ring is not closed: it starts at (37.0, 49.0) and ends at (37.0, 49.5)")
        #expect(p[2] == "b.jsonl:3: geometry: coordinate (37.5, 91.0) is out of range (longitude −180…180, latitude −90…90)")
        #expect(p[3].hasPrefix("b.jsonl:4: sorce: is not an event key"))
    }

    @Test func invalidAreasAreRepairedWithAWarning() throws {
        let bowtie = #"{"type":"Polygon","coordinates":[[[37,49],[38,50],[38,49],[37,50],[37,49]]]}"#
        let (result, store, dir) = try importing([("a.jsonl", #"{"at":"2022-09-10","side":"UA","source":"x","geometry":\#(bowtie)}"#)])
        defer { dir.remove() }
        let summary = try result.get()
        #expect(summary.warnings.count == 1)
        #expect(summary.warnings[0].contains("a.jsonl:1: geometry: invalid as drawn"))
        guard case .area(let area) = try store.allEvents()[0].subject else { Issue.record("not an area"); return }
        #expect(try area.isValid)
    }

    @Test func geoJSONFeaturesAreReportedByLine() throws {
        let (result, store, dir) = try importing([("f.geojson", #"""
            {"type": "FeatureCollection", "features": [
              {"type": "Feature", "geometry": {"type": "Point", "coordinates": [37.25, 49.2]},
               "properties": {"at": "2022-09-10", "place": 707292, "side": "UA", "source": "ISW"}},
              {"type": "Feature", "geometry": {"type": "Polygon", "coordinates": [[[37,49],[37.5,49],[37.5,49.5],[37,49.5],[37,49]]]},
               "properties": {"at": "2022-09-11", "side": "RU", "source": "MoD"}},
              {"type": "Feature", "geometry": null,
               "properties": {"at": "2022-09-31", "side": "RU", "source": "MoD"}}
            ]}
            """#)])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == [
            "f.geojson:6:3: features[2]: at: '2022-09-31' is not a real date or time: September 2022 has 30 days",
            "f.geojson:6:3: features[2]: place: is empty: give a settlement (GeoNames id or name) or, in JSON, an area geometry",
        ])
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    @Test func csvAndJSONLinesRoundTripWithoutLoss() throws {
        let csv = Self.header + #"""
            2022-09-10,707292,UA,confirmed,General Staff,ISW,https://example.org/1,"a note, with ""quotes""
            and a line break"
            2022-09-10T05:30Z,703656,RU,claimed,,Reuters,,
            2022-09-10T05:30:15.250Z,706483,contested,claimed,Мінобороны,"  spaced",,

            """#
        let (result, store, dir) = try importing([("in.csv", csv)])
        defer { dir.remove() }
        _ = try result.get()
        let exportedCSV = EventWriter.csvHeader + "\n" + (try store.allEvents().compactMap(EventWriter.csvLine).joined(separator: "\n")) + "\n"
        let exportedJSONL = try store.allEvents().map(EventWriter.jsonLine).joined(separator: "\n") + "\n"

        for (name, text) in [("again.csv", exportedCSV), ("again.jsonl", exportedJSONL)] {
            let (again, store2, dir2) = try importing([(name, text)])
            defer { dir2.remove() }
            _ = try again.get()
            let strip: (ControlEvent) -> [String] = { [$0.at.iso8601, "\($0.subject)", $0.side.storedCode, $0.status.rawValue, $0.claimant, $0.source, $0.url ?? "-", $0.note ?? "-"] }
            #expect(try store2.allEvents().map(strip) == store.allEvents().map(strip))
            let reexported = name.hasSuffix("csv")
                ? EventWriter.csvHeader + "\n" + (try store2.allEvents().compactMap(EventWriter.csvLine).joined(separator: "\n")) + "\n"
                : try store2.allEvents().map(EventWriter.jsonLine).joined(separator: "\n") + "\n"
            #expect(reexported == text)
        }
    }

    @Test func jsonLinesRoundTripAreasExactly() throws {
        let line = #"{"at":"2022-09-11T10:00Z","claimant":"","geometry":{"type":"MultiPolygon","coordinates":[[[[37.123456789012344,49.1],[37.5,49.1],[37.5,49.5],[37.123456789012344,49.1]]],[[[38.0,49.0],[38.5,49.0],[38.5,49.5],[38.0,49.0]]]]},"note":null,"side":"RU","source":"MoD","status":"confirmed","url":null}"#
        let (result, store, dir) = try importing([("a.jsonl", line + "\n")])
        defer { dir.remove() }
        _ = try result.get()
        #expect(try store.allEvents().map(EventWriter.jsonLine) == [line])
    }
}
