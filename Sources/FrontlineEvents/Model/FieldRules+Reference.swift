extension FieldRules {
    /// The field rule written plainly over a string's Unicode scalars: what
    /// ``FieldRules/problem(_:as:)`` (which scans UTF-8 bytes, printable ASCII first) is tested
    /// against. Slow; for tests and for reading.
    ///
    /// The rule: a value is at most ``Field/maxBytes`` bytes of UTF-8, and holds no control
    /// character (general category Cc: U+0000–U+001F and U+007F–U+009F), except that a note may
    /// hold a tab, a line feed or a carriage return (U+0009, U+000A, U+000D). The first
    /// problem found is given, the length before the characters; a character is counted as a
    /// Unicode scalar, from 1.
    enum Reference {
        static func problem(_ text: String, as field: Field) -> String? {
            let bytes = text.utf8.count
            if bytes > field.maxBytes {
                return "is \(bytes) bytes long; the limit is \(field.maxBytes) bytes (\(field.maxBytes / 1024) KiB)"
            }
            let allowedInNote: Set<Unicode.Scalar> = ["\t", "\n", "\r"]
            for (index, scalar) in text.unicodeScalars.enumerated() {
                guard scalar.properties.generalCategory == .control else { continue }
                if field == .note && allowedInNote.contains(scalar) { continue }
                let allowed = field == .note ? "a note may hold tabs and line breaks, no other control character"
                                             : "only a note may hold tabs and line breaks"
                return "holds a control character (\(codePoint(scalar.value)), character \(index + 1)); \(allowed)"
            }
            return nil
        }
    }
}
