import Foundation
import Testing
@testable import FrontlineEvents

/// Memory stays bounded whatever the input: a CSV record or a JSON line past its limit is a
/// problem, not a buffer that grows with the file.
@Suite struct BoundedInputTests {
    func records(_ text: String, chunk: Int, maxRowBytes: Int) throws -> [CSVReader.Record] {
        let dir = try TempDir(); defer { dir.remove() }
        var reader = CSVReader(input: try ChunkedInput(path: try dir.write("x.csv", text), chunkSize: chunk), maxRowBytes: maxRowBytes)
        var fields: [String] = []
        var out: [CSVReader.Record] = []
        while let record = try reader.next(reusing: &fields) { out.append(record) }
        return out
    }

    static let tooLong = "the row is longer than the limit of 16 bytes"
    static let runaway = "a quoted field opens on this line and is still open past the row limit (16 bytes): a quote missing or stray? Nothing after it in the file was read"

    /// A row of more bytes than the limit is a problem on its line, and reading goes on at the
    /// next line; at the limit (line break, CRLF or quoted, not counted) it is read. Lines read
    /// by the fast paths (whole in the chunk) and byte by byte (a one-byte chunk) agree.
    @Test(arguments: [1, 3, 1 << 20])
    func aRowPastTheLimitIsAProblemAndReadingGoesOn(chunk: Int) throws {
        let text = """
            aaaaaaa,bbbbbbbb
            aaaaaaaa,bbbbbbbb
            aaaaaaa,bbbbbbbb\r
            "a,a",bbbbbbbbbb
            "a,a",bbbbbbbbbbb
            x,"yy
            zz",wwwwwwwwww
            x,"y",zzzzzzzzzz,"w
            v",u
            last

            """
        let rs = try records(text, chunk: chunk, maxRowBytes: 16)
        #expect(rs.map(\.line) == [1, 2, 3, 4, 5, 6, 8, 9, 10])
        // (Past the limit, the row is skipped to the end of its line, quotes or not.)
        let quote = "a quote inside unquoted field 1 (quote the whole field and double the quote)"
        #expect(rs.map(\.problem) == [nil, Self.tooLong, nil, nil, Self.tooLong, Self.tooLong, Self.tooLong, quote, nil])
        #expect(rs.map(\.fields) == [["aaaaaaa", "bbbbbbbb"], [], ["aaaaaaa", "bbbbbbbb"], ["a,a", "bbbbbbbbbb"], [], [], [],
                                      ["v\"", "u"], ["last"]])
    }

    /// A quote that runs past the row limit (a stray one, say) is a problem on the line where
    /// it opened, even in a record that started lines before, and nothing after it is read: the
    /// reader cannot know where records start again, and must not hold the rest of the file.
    @Test(arguments: [1, 3, 1 << 20])
    func aQuotePastTheRowLimitIsAProblemWhereItOpened(chunk: Int) throws {
        let stray = try records("a,b\n\"stray,c\nd,e\nf,g\nh,i\nj,k\n", chunk: chunk, maxRowBytes: 16)
        #expect(stray.map(\.line) == [1, 2])
        #expect(stray.map(\.problem) == [nil, Self.runaway])
        let later = try records("a,\"b\nc\",\"d\ne\",\"f\ngggggggg\nh\n", chunk: chunk, maxRowBytes: 16)
        #expect(later.map(\.line) == [3])
        #expect(later.map(\.problem) == [Self.runaway])
        // Closed before the end of the file, but after the limit: the same.
        let long = try records("x\n\"0123456789abcdefg\",h\ny\n", chunk: chunk, maxRowBytes: 16)
        #expect(long.map(\.problem) == [nil, Self.runaway])
        // Within the limit and not closed: the quote's line too.
        let open = try records("a,\"b\nc\",\"d\ne", chunk: chunk, maxRowBytes: 64)
        #expect(open.map(\.line) == [2])
        #expect(open.map(\.problem) == ["a quoted field opens on this line and is not closed before the end of the file"])
    }

    /// The importer with the real limit (1 MiB): a stray quote near the start of a file of
    /// 3 MB, and a row of 1 MiB and one byte, each named by its line; a row at the limit reads.
    @Test func theImportNamesTheLineOfAStrayQuoteAndOfARowTooLong() throws {
        let row = "2022-09-10,703656,UA,claimed,,ISW,,a note\n"
        let rows = String(repeating: row, count: 3 << 20 / row.utf8.count)
        let stray = ImportTests.header + row + "2022-09-10,703656,UA,claimed,,ISW,,\"a stray quote\n" + rows
        let prefix = "2022-09-10,703656,UA,claimed,,ISW,,"
        let long = ImportTests.header + prefix + String(repeating: "n", count: (1 << 20) - prefix.utf8.count + 1) + "\n"
            + prefix + String(repeating: "n", count: (1 << 20) - prefix.utf8.count) + "\n" + "2022-02-30" + row.dropFirst(10)
        let importer = ImportTests()
        let (result, store, dir) = try importer.importing([("stray.csv", stray), ("long.csv", long)])
        defer { dir.remove() }
        #expect(importer.problems(result, in: dir) == [
            "stray.csv:3: row: a quoted field opens on this line and is still open past the row limit (1 MiB (1048576 bytes)): a quote missing or stray? Nothing after it in the file was read",
            "long.csv:2: row: the row is longer than the limit of 1 MiB (1048576 bytes)",
            // (The row at the limit is read, and its note refused: 64 KiB at most.)
            "long.csv:3: note: is \((1 << 20) - prefix.utf8.count) bytes long; the limit is 65536 bytes (64 KiB)",
            "long.csv:4: at: '2022-02-30' is not a real date or time: February 2022 has 28 days",
        ])
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    /// A JSON Lines line longer than its limit is a problem on its line, not kept in memory;
    /// the next line reads.
    @Test(arguments: [1, 5, 1 << 20])
    func aJSONLineOverItsLimitIsAProblem(chunk: Int) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = try dir.write("a.jsonl", "0123456789\n0123456789a\n0123456789\r\n0123456789ab\r\nend")
        var lines = LineReader(input: try ChunkedInput(path: path, chunkSize: chunk), maxLineBytes: 10)
        var bytes: [UInt8] = []
        var read: [String?] = []
        while try lines.next(into: &bytes) { read.append(lines.lineTooLong ? nil : String(decoding: bytes, as: UTF8.self)) }
        #expect(read == ["0123456789", nil, "0123456789", nil, "end"])
    }

    @Test func theImportReportsAJSONLineOverSixteenMiB() throws {
        let line = #"{"at":"2022-09-10","place":703656,"side":"UA","source":"ISW","note":"\#(String(repeating: "n", count: 16 << 20))"}"#
        let good = #"{"at":"2022-09-10","place":703656,"side":"UA","source":"ISW"}"#
        let importer = ImportTests()
        let (result, _, dir) = try importer.importing([("big.jsonl", good + "\n" + line + "\n" + good + "\n")])
        defer { dir.remove() }
        #expect(importer.problems(result, in: dir) == ["big.jsonl:2: json: the line is longer than the limit of 16 MiB (16777216 bytes)"])
    }
}
