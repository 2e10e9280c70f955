import Foundation
import Testing
@testable import FrontlineEvents
import SeededRandom

/// ``CSVReader``'s fast paths against ``CSVReader/Reference``, the rule written plainly: the
/// same records (fields, lines, problems) from every input, however the input arrives in chunks
/// and whichever path reads a line.
@Suite struct CSVReaderReferenceTests {
    struct Read: Equatable, CustomStringConvertible {
        var line: Int
        var fields: [String]
        var problem: String?
        init(_ record: CSVReader.Record) { line = record.line; fields = record.fields; problem = record.problem }
        init(line: Int, fields: [String]) { self.line = line; self.fields = fields }
        var description: String { "\(line): \(fields.debugDescription)\(problem.map { " (\($0))" } ?? "")" }
    }

    /// The records as the import reads them: with `asciiLines`, each line offered first to the
    /// byte path (``CSVReader/nextASCIILine(ranges:_:)``), as ``CSVEventFormat`` does.
    static func fast(_ path: String, chunk: Int, asciiLines: Bool, maxRowBytes: Int = FieldRules.maxRowBytes) throws -> [Read] {
        var reader = CSVReader(input: try ChunkedInput(path: path, chunkSize: chunk), maxRowBytes: maxRowBytes)
        var fields: [String] = [], ranges: [Range<Int>] = [], out: [Read] = []
        while true {
            if asciiLines, try reader.nextASCIILine(ranges: &ranges, { line, bytes, ranges in
                out.append(Read(line: line, fields: ranges.map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }))
            }) { continue }
            guard let record = try reader.next(reusing: &fields) else { break }
            out.append(Read(record))
        }
        return out
    }

    /// Chunk sizes that put chunk ends everywhere: a byte at a time, around a SWAR word, whole.
    static let chunks = [1, 2, 3, 7, 8, 9, 64, 1 << 20]

    /// Compares every fast reading of `bytes` with the reference; the first difference is recorded.
    static func compare(_ bytes: [UInt8], in dir: TempDir, maxRowBytes: Int = FieldRules.maxRowBytes,
                        label: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let path = dir.path("input.csv")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let expected = CSVReader.Reference.records(in: bytes, maxRowBytes: maxRowBytes).map(Read.init)
        for chunk in chunks {
            for asciiLines in [false, true] {
                let read = try fast(path, chunk: chunk, asciiLines: asciiLines, maxRowBytes: maxRowBytes)
                if read != expected {
                    Issue.record("""
                        \(label()): row limit \(maxRowBytes), chunk \(chunk), ASCII lines \(asciiLines), input \(String(decoding: bytes, as: UTF8.self).debugDescription)
                        read:     \(read)
                        expected: \(expected)
                        """, sourceLocation: sourceLocation)
                    return false
                }
            }
        }
        return true
    }

    /// Pieces inputs are made of: the characters the rule is about, text that needs more than
    /// a byte, control characters, bytes that are not UTF-8, and long runs that cross chunk and
    /// eight-byte boundaries.
    static func piece(_ random: inout SplitMix64) -> [UInt8] {
        let pieces: [[UInt8]] = [
            Array("a".utf8), Array("b".utf8), Array("12".utf8), Array(" ".utf8),
            Array(",".utf8), Array(",".utf8), Array(",".utf8), Array("\"".utf8), Array("\"\"".utf8),
            Array("\n".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8), Array("\n\n".utf8),
            Array("é".utf8), Array("Харків".utf8), Array("ロシア軍".utf8), Array("🇺🇦".utf8), Array("\u{A0}".utf8),
            Array("\u{FEFF}".utf8), Array("\t".utf8), [0], [0x1F], [0x7F], Array("\u{85}".utf8),
            [0xFF], [0xC3], [0xE2, 0x82], [0x80],
        ]
        switch Int.random(in: 0..<10, using: &random) {
        case 0:  // a long unquoted run
            return Array(repeating: UInt8(ascii: "x"), count: Int.random(in: 5...40, using: &random))
        case 1:  // a quoted field, closed, with what a quoted field may hold
            var field: [UInt8] = [UInt8(ascii: "\"")]
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                field += [Array("\"\"".utf8), Array(",".utf8), Array("\n".utf8), Array("\r\n".utf8), Array("\r".utf8),
                          Array("word".utf8), Array("é".utf8), Array(repeating: UInt8(ascii: "y"), count: 9)]
                    .randomElement(using: &random)!
            }
            return field + [UInt8(ascii: "\"")]
        default:
            return pieces.randomElement(using: &random)!
        }
    }

    static func input(_ random: inout SplitMix64) -> [UInt8] {
        var bytes: [UInt8] = Int.random(in: 0..<8, using: &random) == 0 ? [0xEF, 0xBB, 0xBF] : []
        for _ in 0..<Int.random(in: 0...30, using: &random) { bytes += piece(&random) }
        return bytes
    }

    /// The rule by example, on the reference itself (and, through ``compare``, on the reader).
    @Test func theReferenceReadsTheRuleAsItsDocumentationStatesIt() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let examples: [(String, [Read])] = [
            ("\u{FEFF}a,b\r\n\n\r\nc,\n", [Read(line: 1, fields: ["a", "b"]), Read(line: 4, fields: ["c", ""])]),
            ("\"x, \"\"y\"\"\",\"two\r\nlines\"\nz", [Read(line: 1, fields: ["x, \"y\"", "two\r\nlines"]), Read(line: 3, fields: ["z"])]),
            ("a\rb,\"c\"\r\n\r", [Read(line: 1, fields: ["ab", "c"])]),  // CRs outside quotes are dropped
        ]
        for (text, expected) in examples {
            #expect(CSVReader.Reference.records(in: Array(text.utf8)).map(Read.init) == expected, "\(text.debugDescription)")
            #expect(try Self.compare(Array(text.utf8), in: dir, label: text.debugDescription))
        }
        let problems = CSVReader.Reference.records(in: Array("a,b\"c\n\"x\"y,z\n\n\"open,\nmore".utf8))
        #expect(problems.map(\.line) == [1, 2, 4])
        #expect(problems.map(\.problem) == [
            "a quote inside unquoted field 2 (quote the whole field and double the quote)",
            "text after the closing quote of field 1",
            "a quoted field opens on this line and is not closed before the end of the file",
        ])
        #expect(problems.map(\.fields) == [["a", "b\"c"], ["xy", "z"], ["open,\nmore"]])
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func generatedInputsReadAsTheReferenceReadsThem(seed: UInt64) throws {
        let dir = try TempDir(); defer { dir.remove() }
        var random = SplitMix64(seed: seed)
        for n in 0..<300 {
            let bytes = Self.input(&random)
            guard try Self.compare(bytes, in: dir, label: "seed \(seed), input \(n)") else { return }
        }
    }

    /// The same under row limits the inputs reach: rows too long, quoted fields open past the
    /// limit, lines that just fit.
    @Test(arguments: [5, 12, 31] as [Int])
    func generatedInputsUnderARowLimitReadAsTheReferenceReadsThem(maxRowBytes: Int) throws {
        let dir = try TempDir(); defer { dir.remove() }
        var random = SplitMix64(seed: UInt64(100 + maxRowBytes))
        var tooLong = 0, openPastLimit = 0
        for n in 0..<300 {
            let bytes = Self.input(&random)
            guard try Self.compare(bytes, in: dir, maxRowBytes: maxRowBytes, label: "row limit input \(n)") else { return }
            for record in CSVReader.Reference.records(in: bytes, maxRowBytes: maxRowBytes) {
                if record.problem?.hasPrefix("the row is longer") == true { tooLong += 1 }
                if record.problem?.contains("past the row limit") == true { openPastLimit += 1 }
            }
        }
        #expect(tooLong > 20)
        #expect(openPastLimit > 5)
    }

    /// Printable ASCII rows with quoted fields, which the eight-bytes-at-a-time path takes:
    /// commas and quotes at every offset of a word.
    @Test func asciiRowsReadAsTheReferenceReadsThem() throws {
        let dir = try TempDir(); defer { dir.remove() }
        var random = SplitMix64(seed: 20)
        for n in 0..<300 {
            var rows: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let fields = (0..<Int.random(in: 1...9, using: &random)).map { _ -> String in
                    let text = String((0..<Int.random(in: 0...17, using: &random)).map { _ in
                        Character(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
                    })
                    return Bool.random(using: &random) ? CSVReader.quote(text) : text
                }
                rows.append(fields.joined(separator: ","))
            }
            let bytes = Array((rows.joined(separator: Bool.random(using: &random) ? "\n" : "\r\n") + "\n").utf8)
            guard try Self.compare(bytes, in: dir, label: "ASCII input \(n)") else { return }
        }
    }

    @Test func theKharkivScenarioReadsAsTheReferenceReadsIt() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let bytes = try RealData.bytes(RealData.kharkivScenario)
        #expect(try Self.compare(bytes, in: dir, label: "kharkiv-2022.csv"))
        let records = CSVReader.Reference.records(in: bytes)
        #expect(records.count > 10)
        #expect(records.allSatisfy { $0.problem == nil && $0.fields.count == CSVEventFormat.header.count })
    }

    /// Rows made of the shared data's real texts (DeepState's names with their trailing
    /// newlines and no-break spaces, ISW's layers in English and Japanese), quoted as the
    /// export quotes them: read back as they were, by both.
    @Test(arguments: RealData.deepState + RealData.isw)
    func rowsOfRealTextsReadBackAsWritten(path: String) throws {
        let dir = try TempDir(); defer { dir.remove() }
        let texts = try RealData.propertyTexts(path)
        #expect(!texts.isEmpty)
        var rows: [[String]] = []
        for start in stride(from: 0, to: texts.count, by: 5) {
            rows.append(Array(texts[start..<min(start + 5, texts.count)]))
        }
        let bytes = Array(rows.map { $0.map(CSVReader.quote).joined(separator: ",") + "\r\n" }.joined().utf8)
        #expect(try Self.compare(bytes, in: dir, label: path))
        #expect(CSVReader.Reference.records(in: bytes).map(\.fields) == rows.filter { $0 != [""] })
    }
}
