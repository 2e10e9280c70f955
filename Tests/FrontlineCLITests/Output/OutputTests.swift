import Foundation
import Testing
@testable import FrontlineCLI

/// The formatting every command shares: tables and figures for people, JSON for scripts.
@Suite struct OutputTests {
    @Test func figuresAreWholeKm2WithThousandsSeparators() {
        #expect(Output.km2(31415.2) == "31,415")
        #expect(Output.km2(999.5) == "1,000")
        #expect(Output.km2(0.4) == "0")
        #expect(Output.grouped(-1_234_567) == "-1,234,567")
        #expect(Output.grouped(100) == "100")
    }

    /// Columns pad to the widest cell, numbers flush right, trailing blanks dropped; a cell
    /// with a line break or an escape sequence stays on its row, escaped.
    @Test func tablesAlignAndKeepEachCellOnItsRow() {
        let table = Output.table(["side", "km²"], [["UA", "8,469"], ["pro-Russian\nchannels\u{1B}[2J", "0"]], rightAligned: [1])
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.count == 3)
        #expect(lines[1].hasPrefix("UA "))
        #expect(lines[1].hasSuffix("8,469"))
        #expect(lines.allSatisfy { !$0.hasSuffix(" ") })
        #expect(!table.contains("\u{1B}"))
        #expect(lines[2].contains("pro-Russian"))
        // Right-aligned: the figures end in the same column.
        #expect(lines[1].count == lines[2].count)
    }

    @Test func jsonHasSortedKeysAndKeepsSlashes() throws {
        struct Row: Encodable { let zeta: Int; let alpha: String }
        let text = try Output.json(Row(zeta: 1, alpha: "claimed:UA/RU"))
        #expect(text.range(of: "alpha")!.lowerBound < text.range(of: "zeta")!.lowerBound)
        #expect(text.contains("claimed:UA/RU"))
    }
}
