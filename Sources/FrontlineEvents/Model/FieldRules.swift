/// What an event's text fields may hold, for every way into the log: CSV (its byte path and its
/// strings), JSON Lines, GeoJSON, DeepState snapshots and `record`. A value is checked as it
/// would be stored (after the trimming each reader does), so that what the chain hashes is what
/// SQLite keeps and gives back.
///
/// - No control characters (Unicode's Cc: U+0000–U+001F, U+007F–U+009F): SQLite's text
///   functions and every reader of the log stop at a NUL, so a value with one would be hashed
///   whole and read back cut, and other control characters rewrite terminals and tables. A note
///   alone may hold tabs and line breaks (U+0009, U+000A, U+000D).
/// - At most ``maxNoteBytes`` of UTF-8 for a note and ``maxFieldBytes`` for any other field.
///
/// ``Reference`` states the rule plainly, over Unicode scalars; ``problem(_:as:)`` is the check
/// every way in uses, held to it by the tests. The CSV byte path (``CSVReader/nextASCIILine(ranges:_:)``
/// and ``ImportContext/submitPlaceRow(_:fields:line:)``) takes a row only when this check would
/// find nothing, and the tests hold it to that.
public enum FieldRules {
    /// The text fields of an event, as files and `record` name them.
    public enum Field: String, CaseIterable, Sendable {
        case at, place, side, status, claimant, source, url, note

        /// The most UTF-8 bytes the field may hold.
        public var maxBytes: Int { self == .note ? FieldRules.maxNoteBytes : FieldRules.maxFieldBytes }
        /// Whether tabs and line breaks are allowed (a note's).
        public var allowsLineBreaks: Bool { self == .note }
    }

    /// 64 KiB: a note.
    public static let maxNoteBytes = 64 << 10
    /// 4 KiB: every other text field (claimant, source, URL; a place's name; a time, side or status).
    public static let maxFieldBytes = 4 << 10
    /// 1 MiB: a CSV row as it is in the file (quotes, commas and line breaks inside quotes
    /// included, its own line break not).
    public static let maxRowBytes = 1 << 20
    /// 16 MiB: a line of JSON Lines, geometry included (a DeepState map of all Ukraine is under 1 MB).
    public static let maxJSONLineBytes = 16 << 20

    /// Why `text` cannot be `field`'s value, or nil when it can.
    public static func problem(_ text: String, as field: Field) -> String? {
        var text = text
        return text.withUTF8 { problem(utf8: $0, as: field) }
    }

    /// The same for valid UTF-8 bytes.
    static func problem(utf8 bytes: UnsafeBufferPointer<UInt8>, as field: Field) -> String? {
        if bytes.count > field.maxBytes {
            return "is \(bytes.count) bytes long; the limit is \(field.maxBytes) bytes (\(field.maxBytes >> 10) KiB)"
        }
        // Most text is printable ASCII: one test a byte (0x20...0x7E) before the full check.
        guard bytes.contains(where: { $0 &- 0x20 >= 0x5F }) else { return nil }
        var characters = 0  // Unicode scalars before `i`
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            var control: UInt32?
            if byte < 0x20 || byte == 0x7F {
                if !(field.allowsLineBreaks && (byte == 0x09 || byte == 0x0A || byte == 0x0D)) { control = UInt32(byte) }
            } else if byte == 0xC2, i + 1 < bytes.count, (0x80...0x9F).contains(bytes[i + 1]) {
                control = UInt32(bytes[i + 1])  // U+0080–U+009F
            }
            if let control {
                let allowed = field.allowsLineBreaks ? "a note may hold tabs and line breaks, no other control character"
                                                     : "only a note may hold tabs and line breaks"
                return "holds a control character (\(codePoint(control)), character \(characters + 1)); \(allowed)"
            }
            if byte & 0xC0 != 0x80 { characters += 1 }
            i += 1
        }
        return nil
    }

    /// `U+0000`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// `text` with its control characters written as `\u{…}`, for messages that show a value.
    public static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
