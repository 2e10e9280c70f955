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
    ///
    /// Not modelled: the row limit (``CSVReader/maxRowBytes``); inputs here stay below it.
    enum Reference {
        static func records(in input: [UInt8]) -> [Record] {
            var text = input[...]
            if text.starts(with: [0xEF, 0xBB, 0xBF]) { text = text.dropFirst(3) }
            var reader = Characters(text: text)
            var records: [Record] = []
            while !reader.atEnd {
                if let record = reader.record() { records.append(record) }
            }
            return records
        }

        /// The input and where reading is in it.
        private struct Characters {
            var text: ArraySlice<UInt8>
            var line = 1

            static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","),
                       lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

            var atEnd: Bool { text.isEmpty }

            /// The next character outside quotes, CRs dropped; nil at the end.
            mutating func peekOutsideQuotes() -> UInt8? {
                while text.first == Self.carriageReturn { text.removeFirst() }
                return text.first
            }

            /// Takes the next character (counting line feeds).
            mutating func take() -> UInt8 {
                let character = text.removeFirst()
                if character == Self.lineFeed { line += 1 }
                return character
            }

            /// One record, or nil for a blank line (or a blank end of the input).
            mutating func record() -> Record? {
                let startLine = line
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
                case Self.lineFeed?: _ = take(); return nil  // a blank line
                default: break
                }
                while true {  // at the start of a field
                    var field: [UInt8] = []
                    if peekOutsideQuotes() == Self.quote {
                        _ = take()
                        let quoteLine = line
                        while true {  // inside the quotes
                            guard !atEnd else {
                                let hadProblem = problem != nil
                                end(field)
                                if hadProblem { return Record(line: startLine, fields: fields, problem: problem) }
                                return Record(line: quoteLine, fields: fields,
                                              problem: "a quoted field opens on this line and is not closed before the end of the file")
                            }
                            let character = take()
                            if character == Self.quote {
                                if peekOutsideQuotes() == Self.quote { _ = take() } else { break }  // "" is one quote
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
                        field.append(take())
                    }
                    end(field)
                    guard let separator = peekOutsideQuotes() else { break }  // the end of the input
                    _ = take()
                    if separator == Self.lineFeed { break }
                }
                return Record(line: startLine, fields: fields, problem: problem)
            }
        }
    }
}
