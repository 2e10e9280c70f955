extension CSVReader {
    /// CSV as ``CSVReader`` reads it, written plainly over a whole input held in memory, one
    /// character at a time: the rule the reader's fast paths (lines cut straight from the chunk,
    /// the eight-bytes-at-a-time ASCII scan) are tested against. Slow; for tests and for reading.
    ///
    /// The rule (RFC 4180, with this reader's choices):
    /// - A UTF-8 byte-order mark at the very start is skipped.
    /// - Outside quotes a carriage return is not text and is dropped wherever it stands: CRLF
    ///   ends a record by its LF, and a lone CR is nothing (so a line of CRs is blank).
    /// - A record is fields separated by `,` and ends at a line feed or the end of the input.
    ///   A line with nothing on it is blank and is no record, also at the end of the input.
    /// - A field that starts with `"` is quoted: it runs to the next `"` not doubled, holds
    ///   commas, CRs and line breaks as they are, and `""` inside it stands for one `"`.
    ///   Between a quoted field's quotes a CR is text; after its closing quote it is dropped.
    /// - A record's line is the line it starts on (1-based; lines end at LF, also inside quotes).
    /// - Problems (the first one a record meets is kept; the record's fields are still read):
    ///   a `"` inside an unquoted field; text after a closing quote (kept as text of the field);
    ///   a field whose bytes are not valid UTF-8 (read with replacement characters, the problem
    ///   found when the field ends); a quoted field still open at the end of the input (reported
    ///   on the line its quote opened, unless the record already had a problem).
    /// - A row's size is its bytes in the file, quotes and commas included, CRs and LFs
    ///   outside quotes not (a quoted field's bytes count from the one after its opening quote
    ///   to its closing quote). A row that would pass `maxRowBytes` is a problem with no fields,
    ///   and reading goes on after its line's LF, quotes or not; but if the byte past the limit
    ///   is inside a quoted field, that is the problem (on the line the quote opened), and
    ///   nothing after it is read: where the next records would start cannot be known.
    enum Reference {
        static func records(in input: [UInt8], maxRowBytes: Int = FieldRules.maxRowBytes) -> [Record] {
            var text = input[...]
            if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
            var reader = Characters(text: text, maxRowBytes: maxRowBytes)
            var records: [Record] = []
            reading: while !reader.atEnd {
                let startLine = reader.line
                do throws(Overflow) {
                    if let record = try reader.record() { records.append(record) }
                } catch {
                    switch error {
                    case .rowTooLong:
                        // The rest of the line is skipped.
                        while !reader.atEnd {
                            if reader.text.removeFirst() == Characters.lineFeed { reader.line += 1; break }
                        }
                        records.append(Record(line: startLine, fields: [], problem:
                            "the row is longer than the limit of \(CSVReader.describe(bytes: maxRowBytes))"))
                    case .quoteOpenPastRowLimit(let quoteLine):
                        records.append(Record(line: quoteLine, fields: [], problem: """
                            a quoted field opens on this line and is still open past the row limit (\(CSVReader.describe(bytes: maxRowBytes))): \
                            a quote missing or stray? Nothing after it in the file was read
                            """))
                        break reading
                    }
                }
            }
            return records
        }

        enum Overflow: Error { case rowTooLong, quoteOpenPastRowLimit(line: Int) }

        /// The input and where reading is in it.
        private struct Characters {
            var text: ArraySlice<UInt8>
            let maxRowBytes: Int
            var line = 1
            /// The record's size so far, and the line its last quoted field opened on.
            var rowBytes = 0, quoteLine = 1

            static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

            var atEnd: Bool { text.isEmpty }

            /// The next character outside quotes, CRs dropped; nil at the end.
            mutating func peekOutsideQuotes() -> UInt8? {
                while text.first == Self.carriageReturn { text.removeFirst() }
                return text.first
            }

            /// Takes the next character (counting line feeds and the row's size).
            mutating func take(insideQuotes: Bool = false) throws(Overflow) -> UInt8 {
                let character = text.removeFirst()
                if character == Self.lineFeed { line += 1 }
                if insideQuotes || (character != Self.lineFeed && character != Self.carriageReturn) {
                    rowBytes += 1
                    if rowBytes > maxRowBytes { throw insideQuotes ? .quoteOpenPastRowLimit(line: quoteLine) : .rowTooLong }
                }
                return character
            }

            /// One record, or nil for a blank line (or a blank end of the input).
            mutating func record() throws(Overflow) -> Record? {
                let startLine = line
                rowBytes = 0
                var fields: [String] = []
                var problem: String?
                func note(_ text: String) { if problem == nil { problem = text } }
                func end(_ field: [UInt8]) {
                    if let text = String(validating: field, as: UTF8.self) {
                        fields.append(text)
                    } else {
                        fields.append(String(decoding: field, as: UTF8.self))
                        note("field \(fields.count) is not valid UTF-8")
                    }
                }

                switch peekOutsideQuotes() {
                case nil: return nil  // only CRs were left
                case Self.lineFeed?: _ = try take(); return nil  // a blank line
                default: break
                }
                while true {  // at the start of a field
                    var field: [UInt8] = []
                    if peekOutsideQuotes() == Self.quote {
                        _ = try take()
                        quoteLine = line
                        while true {  // inside the quotes
                            guard !atEnd else {
                                let hadProblem = problem != nil
                                end(field)
                                if hadProblem { return Record(line: startLine, fields: fields, problem: problem) }
                                return Record(line: quoteLine, fields: fields,
                                              problem: "a quoted field opens on this line and is not closed before the end of the file")
                            }
                            let character = try take(insideQuotes: true)
                            if character == Self.quote {
                                if peekOutsideQuotes() == Self.quote { _ = try take() } else { break }  // "" is one quote
                            }
                            field.append(character)
                        }
                        // After the closing quote: a comma, the line's end, or text that should not be there.
                        if let next = peekOutsideQuotes(), next != Self.comma, next != Self.lineFeed {
                            note("text after the closing quote of field \(fields.count + 1)")
                        }
                    }
                    // Unquoted (or the rest of a field after a stray closing quote): up to a comma or LF.
                    while let character = peekOutsideQuotes(), character != Self.comma, character != Self.lineFeed {
                        if character == Self.quote {
                            note("a quote inside unquoted field \(fields.count + 1) (quote the whole field and double the quote)")
                        }
                        field.append(try take())
                    }
                    end(field)
                    guard let separator = peekOutsideQuotes() else { break }  // the end of the input
                    _ = try take()
                    if separator == Self.lineFeed { break }
                }
                return Record(line: startLine, fields: fields, problem: problem)
            }
        }
    }
}
