#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 reader: comma-separated fields, optionally in double quotes; a quote
/// inside a quoted field is doubled; quoted fields may hold commas and line breaks. Records end
/// with LF or CRLF; a UTF-8 byte-order mark is skipped (by ``ChunkedInput``); blank lines are skipped.
/// ``Reference`` reads the same rule plainly, a character at a time; the tests hold every path here to it.
///
/// Memory stays bounded whatever the input: a record longer than ``maxRowBytes`` is a problem
/// (its text is dropped, and reading goes on after its line), and a quoted field still open
/// at that length is a problem on the line where its quote opened, after which nothing more of
/// the input is read (where its records would start cannot be known).
struct CSVReader {
    struct Record {
        /// The line the record starts on (1-based).
        var line: Int
        var fields: [String]
        /// A syntax problem that makes the record unusable.
        var problem: String?
    }

    private let input: ChunkedInput
    private var chunk: [UInt8] = []
    private var position = 0
    private var line = 1
    private var atEnd = false
    private var field: [UInt8] = []
    /// The most bytes a record may have in the file (``FieldRules/maxRowBytes``).
    let maxRowBytes: Int

    init(input: ChunkedInput, maxRowBytes: Int = FieldRules.maxRowBytes) {
        self.input = input
        self.maxRowBytes = maxRowBytes
        field.reserveCapacity(256)
    }

    /// `skipping`: the rest of a record too long to keep, up to its line's end.
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, skipping }

    /// Reads nothing more: what follows a quote that ran past the row limit cannot be read.
    private mutating func stop() {
        atEnd = true
        position = chunk.count
    }

    private mutating func nextByte() throws -> UInt8? {
        if position == chunk.count {
            guard !atEnd else { return nil }
            position = 0
            if !(try input.read(into: &chunk)) { atEnd = true; return nil }
        }
        defer { position += 1 }
        return chunk[position]
    }

    /// The next record, or nil at the end of the input. `fields` is reused between calls.
    mutating func next(reusing fields: inout [String]) throws -> Record? {
        fields.removeAll(keepingCapacity: true)
        if let record = nextPlainLine(reusing: &fields) { return record }
        field.removeAll(keepingCapacity: true)
        var state = State.fieldStart
        var problem: String?
        var startLine = line
        var quoteLine = line  // where the last quoted field opened
        var sawAnything = false
        var rowBytes = 0  // the record's bytes so far, its own line break not counted

        func endField() {
            // ASCII first, as in ``nextPlainLine``: `String(validating:)` is generic and slow here.
            if !field.contains(where: { $0 >= 0x80 }) {
                fields.append(String(decoding: field, as: UTF8.self))
            } else if let text = String(validating: field, as: UTF8.self) {
                fields.append(text)
            } else {
                fields.append(String(decoding: field, as: UTF8.self))
                if problem == nil { problem = "field \(fields.count) is not valid UTF-8" }
            }
            field.removeAll(keepingCapacity: true)
        }

        while let byte = try nextByte() {
            sawAnything = true
            // (A line break outside quotes ends the record, or is dropped: not the record's text.)
            if state == .quoted || (byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\r")) { rowBytes += 1 }
            if rowBytes > maxRowBytes && state != .skipping {
                fields.removeAll(keepingCapacity: true)
                field.removeAll(keepingCapacity: true)
                if state == .quoted {
                    stop()
                    return Record(line: quoteLine, fields: fields, problem: """
                        a quoted field opens on this line and is still open past the row limit (\(Self.describe(bytes: maxRowBytes))): \
                        a quote missing or stray? Nothing after it in the file was read
                        """)
                }
                problem = "the row is longer than the limit of \(Self.describe(bytes: maxRowBytes))"
                state = .skipping
            }
            switch state {
            case .skipping:
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    return Record(line: startLine, fields: fields, problem: problem)
                }
            case .fieldStart, .unquoted:
                switch byte {
                case UInt8(ascii: ","):
                    endField()
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    line += 1
                    if state == .fieldStart && fields.isEmpty && field.isEmpty {
                        // A blank line: no record.
                        sawAnything = false
                        startLine = line
                        rowBytes = 0
                        continue
                    }
                    endField()
                    return Record(line: startLine, fields: fields, problem: problem)
                case UInt8(ascii: "\r"):
                    continue  // CRLF: the LF ends the record
                case UInt8(ascii: "\"") where state == .fieldStart:
                    quoteLine = line
                    state = .quoted
                case UInt8(ascii: "\""):
                    if problem == nil { problem = "a quote inside unquoted field \(fields.count + 1) (quote the whole field and double the quote)" }
                    field.append(byte)
                default:
                    field.append(byte)
                    state = .unquoted
                }
            case .quoted:
                if byte == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else {
                    if byte == UInt8(ascii: "\n") { line += 1 }
                    field.append(byte)
                }
            case .quoteInQuoted:
                switch byte {
                case UInt8(ascii: "\""):
                    field.append(byte)
                    state = .quoted
                case UInt8(ascii: ","):
                    endField()
                    state = .fieldStart
                case UInt8(ascii: "\n"):
                    line += 1
                    endField()
                    return Record(line: startLine, fields: fields, problem: problem)
                case UInt8(ascii: "\r"):
                    continue
                default:
                    if problem == nil { problem = "text after the closing quote of field \(fields.count + 1)" }
                    field.append(byte)
                    state = .unquoted
                }
            }
        }
        // End of input. Nothing read but carriage returns (dropped outside quotes) is a blank
        // last line, as it would be before a line feed: no record.
        guard sawAnything, !(state == .fieldStart && fields.isEmpty && field.isEmpty) else { return nil }
        if state == .skipping { return Record(line: startLine, fields: fields, problem: problem) }
        if state == .quoted && problem == nil {
            endField()
            return Record(line: quoteLine, fields: fields, problem: "a quoted field opens on this line and is not closed before the end of the file")
        }
        endField()
        return Record(line: startLine, fields: fields, problem: problem)
    }

    /// `1 MiB (1048576 bytes)`, or `N bytes`.
    static func describe(bytes: Int) -> String {
        bytes >= 1 << 20 && bytes % (1 << 20) == 0 ? "\(bytes >> 20) MiB (\(bytes) bytes)" : "\(bytes) bytes"
    }

    /// The next line that is not blank and lies whole in `chunk` from `position`: its byte
    /// range (without the line feed), how many blank lines come before it, and where it starts
    /// (or, when no whole line is buffered, where the blank lines end).
    private static func wholeLine(in chunk: UnsafeBufferPointer<UInt8>, from position: Int)
        -> (line: (start: Int, end: Int)?, blankLines: Int, start: Int) {
        var start = position, lines = 0
        while start < chunk.count, let base = chunk.baseAddress,
              let found = memchr(base + start, Int32(UInt8(ascii: "\n")), chunk.count - start) {
            let end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            guard end == start else { return ((start, end), lines, start) }
            start += 1; lines += 1  // a blank line
        }
        return (nil, lines, start)
    }

    /// The fast path: when the next line is whole in the buffered chunk and has no quote, no
    /// carriage return and only valid UTF-8, its fields are the text between its commas, cut
    /// straight from the chunk. Anything else is left to the byte-by-byte reader, which this
    /// agrees with on every input. Skips blank lines; nil when the line needs the general path.
    private mutating func nextPlainLine(reusing fields: inout [String]) -> Record? {
        let (record, consumed, lines) = chunk.withUnsafeBufferPointer { chunk -> (Record?, Int, Int) in
            let (found, lines, start) = Self.wholeLine(in: chunk, from: position)
            if let (start, end) = found, end - start <= maxRowBytes {
                var fieldStart = start
                var bits: UInt8 = 0  // the field's bytes OR-ed together: below 0x80 when all ASCII
                for i in start..<end {
                    let byte = chunk[i]
                    bits |= byte
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\r") {
                        fields.removeAll(keepingCapacity: true)
                        return (nil, start, lines)
                    }
                    if byte == UInt8(ascii: ",") || i == end - 1 {
                        let stop = byte == UInt8(ascii: ",") ? i : end
                        let bytes = UnsafeBufferPointer(rebasing: chunk[fieldStart..<stop])
                        // ASCII is valid UTF-8 as it is. `String(validating:)` is generic in
                        // the standard library, not specialised here: it cost a sixth of the
                        // reading thread's time on a large import (`perf`), mostly looking up
                        // type metadata.
                        if bits < 0x80 {
                            fields.append(String(decoding: bytes, as: UTF8.self))
                        } else if let text = String(validating: bytes, as: UTF8.self) {
                            fields.append(text)
                        } else {
                            fields.removeAll(keepingCapacity: true)
                            return (nil, start, lines)
                        }
                        fieldStart = i + 1
                        bits = 0
                    }
                }
                // A trailing comma ends with an empty last field.
                if chunk[end - 1] == UInt8(ascii: ",") { fields.append("") }
                return (Record(line: line + lines, fields: fields, problem: nil), end + 1, lines + 1)
            }
            return (nil, start, lines)
        }
        position = consumed
        line += lines
        return record
    }

    /// The fastest path, for a reader that can use a line's bytes where they lie: when the next
    /// line is whole in the buffered chunk, all ASCII, with no control character (a tab, a
    /// carriage return, a NUL: ``FieldRules``), and any quote only around a whole field (`"a, ""b"""`, closed on the line), `body` gets its line
    /// number, the chunk, and the byte ranges of its fields (as ``next(reusing:)`` would read
    /// them: a quoted field's content, its doubled quotes made single in place), all valid only
    /// during the call. Returns false, having consumed nothing but blank lines and changed
    /// nothing, when the line needs ``next(reusing:)``.
    mutating func nextASCIILine(ranges: inout [Range<Int>],
                                _ body: (Int, UnsafeBufferPointer<UInt8>, [Range<Int>]) throws -> Void) throws -> Bool {
        let line = self.line
        let position = self.position
        let maxRowBytes = self.maxRowBytes
        let (consumed, lines, found) = try chunk.withUnsafeMutableBufferPointer { chunk -> (Int, Int, Bool) in
            ranges.removeAll(keepingCapacity: true)
            let (found, lines, start) = Self.wholeLine(in: UnsafeBufferPointer(chunk), from: position)
            // (A line longer than a row may be is for the general reader to report.)
            guard let (start, end) = found, end - start <= maxRowBytes else { return (start, lines, false) }
            var fieldStart = start, i = start, quotes = false
            // Eight bytes at a time (the line scan was the reading thread's largest cost after
            // SHA-256, byte by byte): any byte of 0x80 or more or a control character sends the
            // line to the general reader, whose rows are checked as strings (a control character
            // is allowed in a note only, and then only a tab or a line break); each comma ends a
            // field, unless the line has quotes.
            let raw = UnsafeRawPointer(chunk.baseAddress!)
            while i + 8 <= end {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                // (The high bits first, apart: knowing them clear, the compiler makes the tests
                // for quotes and commas below two instructions shorter each, callgrind.)
                if word & SWAR.highBits != 0 || SWAR.controlOrNonASCII(word) != 0 {
                    return (start, lines, false)
                }
                if SWAR.bytes(of: word, equalTo: UInt8(ascii: "\"")) != 0 { quotes = true }
                var commas = SWAR.bytes(of: word, equalTo: UInt8(ascii: ","))
                while commas != 0 {
                    let comma = i + commas.trailingZeroBitCount / 8
                    ranges.append(fieldStart..<comma)
                    fieldStart = comma + 1
                    commas &= commas &- 1
                }
                i += 8
            }
            while i < end {
                let byte = chunk[i]
                if byte &- 0x20 >= 0x5F { return (start, lines, false) }  // not 0x20...0x7E: see controlOrNonASCII
                if byte == UInt8(ascii: "\"") { quotes = true }
                if byte == UInt8(ascii: ",") {
                    ranges.append(fieldStart..<i)
                    fieldStart = i + 1
                }
                i += 1
            }
            ranges.append(fieldStart..<end)
            if quotes {
                // Checked whole before anything is written, so that a line given back to the
                // general reader is as it was.
                guard Self.cutQuotedFields(chunk, start..<end, into: &ranges, unescaping: false) else { return (start, lines, false) }
                _ = Self.cutQuotedFields(chunk, start..<end, into: &ranges, unescaping: true)
            }
            try body(line + lines, UnsafeBufferPointer(chunk), ranges)
            return (end + 1, lines + 1, true)
        }
        self.position = consumed
        self.line += lines
        return found
    }

    /// Cuts the ASCII line `line` of `chunk` into fields where quotes may enclose a whole field
    /// (doubled inside it), as ``next(reusing:)`` reads them; false for anything else (a quote
    /// inside an unquoted field, text after a closing quote, a quote not closed on the line),
    /// which that reader reports or reads on over the line's end. With `unescaping`, each quoted
    /// field's content is moved over its opening quote with its doubled quotes made single, and
    /// `ranges` are where the contents then lie.
    private static func cutQuotedFields(_ chunk: UnsafeMutableBufferPointer<UInt8>, _ line: Range<Int>,
                                        into ranges: inout [Range<Int>], unescaping: Bool) -> Bool {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        ranges.removeAll(keepingCapacity: true)
        var i = line.lowerBound
        while true {  // at the start of a field
            if i < line.upperBound && chunk[i] == quote {
                let contentStart = i
                var written = i
                i += 1
                while true {
                    guard i < line.upperBound else { return false }  // not closed on this line
                    if chunk[i] == quote {
                        guard i + 1 < line.upperBound && chunk[i + 1] == quote else { i += 1; break }  // the closing quote
                        i += 1  // a doubled quote stands for one
                    }
                    if unescaping { chunk[written] = chunk[i] }
                    written += 1
                    i += 1
                }
                ranges.append(contentStart..<written)
            } else {
                let fieldStart = i
                while i < line.upperBound && chunk[i] != comma {
                    if chunk[i] == quote { return false }
                    i += 1
                }
                ranges.append(fieldStart..<i)
            }
            if i == line.upperBound { return true }
            guard chunk[i] == comma else { return false }  // text after a closing quote
            i += 1
        }
    }

    /// Quotes `text` for CSV when it needs it (a comma, a quote, a line break, or leading/trailing space).
    static func quote(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                || text.first == " " || text.last == " " else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Splits input into lines (LF or CRLF), streaming. Memory stays bounded: a line longer than
/// `maxLineBytes` is not kept (``lineTooLong``).
struct LineReader {
    private let input: ChunkedInput
    private var chunk: [UInt8] = []
    private var position = 0
    private var atEnd = false
    private(set) var line = 0
    let maxLineBytes: Int
    /// Whether the line last read was longer than `maxLineBytes` (its bytes are then empty).
    private(set) var lineTooLong = false

    init(input: ChunkedInput, maxLineBytes: Int = FieldRules.maxJSONLineBytes) {
        self.input = input
        self.maxLineBytes = maxLineBytes
    }

    /// The next line's bytes (without its line break), or nil at the end.
    mutating func next(into bytes: inout [UInt8]) throws -> Bool {
        bytes.removeAll(keepingCapacity: true)
        lineTooLong = false
        var any = false
        func keep(_ part: ArraySlice<UInt8>) {
            guard !lineTooLong else { return }
            // (A CR of the CRLF may come with the line: one byte more is not yet too long.)
            if bytes.count + part.count > maxLineBytes + 1 {
                lineTooLong = true
                bytes.removeAll()  // the memory too
            } else {
                bytes.append(contentsOf: part)
            }
        }
        while true {
            if position == chunk.count {
                if atEnd { break }
                position = 0
                if !(try input.read(into: &chunk)) { atEnd = true; break }
                continue
            }
            any = true
            if let newline = chunk[position...].firstIndex(of: UInt8(ascii: "\n")) {
                keep(chunk[position..<newline])
                position = newline + 1
                break
            }
            keep(chunk[position...])
            position = chunk.count
        }
        guard any else { return false }
        line += 1
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.count > maxLineBytes {
            lineTooLong = true
            bytes.removeAll()
        }
        return true
    }
}

/// Tests of eight bytes at once in a UInt64 (SIMD within a register), little-endian: byte k of
/// the input is bits 8k..<8k+8.
enum SWAR {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The high bit of each byte of `word` that equals `byte`, and no other bit. (No carry
    /// crosses a byte: each byte's low seven bits plus 0x7F stay below 0x100.)
    @inline(__always)
    static func bytes(of word: UInt64, equalTo byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return ~(((x & lowBits) &+ lowBits) | x | lowBits)
    }

    /// Not zero when a byte of `word` is 0x80 or more, below 0x20, or 0x7F (DEL); zero when
    /// every byte is printable ASCII. When no byte has its high bit set, `word - 0x20…20` sets
    /// a byte's high bit (with `~word`'s) exactly when a byte is below 0x20, the first such
    /// byte at least (a borrow only runs on from a byte that is), and `word + 0x01…01` sets it
    /// exactly for 0x7F (no byte carries over); with a high bit set, the answer is not zero
    /// whatever the other terms give.
    @inline(__always)
    static func controlOrNonASCII(_ word: UInt64) -> UInt64 {
        (word | ((word &- 0x2020_2020_2020_2020) & ~word) | (word &+ ones)) & highBits
    }
}
