/// Text from users or files, made safe to show on a terminal: control characters (C0, DEL, C1),
/// line and paragraph separators and the bidirectional overrides and isolates are written as
/// escapes (`\n`, `\t`, `\r`, else `\u{1B}`), so that a name cannot move the cursor, clear the
/// screen or reorder what follows it. Everything else is kept as it is.
public enum VisibleText {
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return out
    }

    /// Text Frontline laid out in lines itself (an error listing problems, a table): each line
    /// escaped as by ``escaped(_:)``, the line feeds between them kept. Values that might hold a
    /// line feed of their own are escaped where they are put into the text, so that they cannot
    /// pass for a line of Frontline's; this catches whatever else would reach the terminal.
    public static func escapedLines(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0 != "\n" && needsEscape($0) }) else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { escaped(String($0)) }.joined(separator: "\n")
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true  // line and paragraph separators
        case 0x202A...0x202E, 0x2066...0x2069: true  // bidirectional embeddings, overrides, isolates
        default: false
        }
    }
}
