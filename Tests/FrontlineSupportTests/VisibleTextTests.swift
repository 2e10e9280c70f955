import Testing
@testable import FrontlineSupport

struct VisibleTextTests {
    @Test func plainTextIsKeptAsItIs() {
        #expect(VisibleText.escaped("Kupiansk – Куп'янськ") == "Kupiansk – Куп'янськ")
    }

    @Test func controlAndBidiCharactersAreEscaped() {
        #expect(VisibleText.escaped("a\nb\tc\rd") == "a\\nb\\tc\\rd")
        #expect(VisibleText.escaped("\u{1B}[2J") == "\\u{1B}[2J")
        #expect(VisibleText.escaped("x\u{202E}y\u{2028}") == "x\\u{202E}y\\u{2028}")
        #expect(VisibleText.escaped("\u{7F}\u{85}") == "\\u{7F}\\u{85}")
    }

    @Test func linesKeepTheirLineFeeds() {
        #expect(VisibleText.escapedLines("one\ntwo\u{1B}") == "one\ntwo\\u{1B}")
        #expect(VisibleText.escapedLines("one\ntwo") == "one\ntwo")
    }
}
