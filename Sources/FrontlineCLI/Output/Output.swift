import Foundation
import FrontlineGeometry
import FrontlineSupport

/// Writes results for people (aligned tables) or for scripts (JSON with stable, sorted keys).
enum Output {
    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Raw bytes to stdout (GeoJSON can be megabytes: no String round trip).
    static func write(_ bytes: [UInt8]) {
        FileHandle.standardOutput.write(Data(bytes))
    }

    static func printJSON<T: Encodable>(_ value: T) throws {
        print(try json(value))
    }

    /// Lines for people on stdout: control characters escaped (``VisibleText/escapedLines(_:)``),
    /// whatever the log or the user gave. Values that might hold a line feed are escaped where
    /// they are put into the text (``VisibleText/escaped(_:)``).
    static func say(_ text: String = "") {
        print(VisibleText.escapedLines(text))
    }

    /// `prefix: text` on stderr (a warning or a note), escaped as ``say(_:)``.
    static func tell(_ prefix: String, _ text: String) {
        FileHandle.standardError.write(Data("\(prefix): \(VisibleText.escapedLines(text))\n".utf8))
    }

    /// Columns padded to their widest cell; numeric columns (named in `rightAligned`) flush right.
    /// Every cell is escaped (``VisibleText/escaped(_:)``): a cell is one line, and a claimant or
    /// a source can neither drive the terminal nor break the table's rows.
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int> = []) -> String {
        let header = header.map(VisibleText.escaped)
        let rows = rows.map { $0.map(VisibleText.escaped) }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        return ([line(header)] + rows.map(line)).joined(separator: "\n")
    }

    /// 31415.2 → "31,415"; figures for people are whole km² with thousands separators.
    static func km2(_ value: Double) -> String {
        grouped(Int(value.rounded()))
    }

    static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return value < 0 ? "-" + out : out
    }
}
