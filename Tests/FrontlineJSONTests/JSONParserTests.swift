import Foundation
import Testing
@testable import FrontlineJSON
import SeededRandom

struct JSONParserTests {
    @Test func literalsAndContainers() throws {
        let value = try JSONParser.parse(#" { "a" : [ true , false , null , 1 , -2.5 , "x" ] , "b" : { } , "c" : [ ] } "#)
        #expect(value == ["a": [true, false, nil, 1, -2.5, "x"], "b": .object(JSONObject()), "c": []])
    }

    @Test func objectsKeepKeyOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        #expect(value.objectValue?.keys == ["z", "a", "m"])
        #expect(value["a"] == 2)
        #expect(value != (try JSONParser.parse(#"{"a":2,"z":1,"m":3}"#)))
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("1", 1), ("-1", -1), ("36.2547500", 36.25475), ("49.98177", 49.98177),
        ("1e3", 1000), ("1E+3", 1000), ("2.5e-3", 0.0025), ("0.1", 0.1), ("123456789012345678", 123456789012345678),
        ("1234567890123456789012345", 1234567890123456789012345), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("5e-324", 5e-324), ("2.2250738585072014e-308", 2.2250738585072014e-308), ("1e400", .infinity),
        ("-1e400", -.infinity), ("1e-400", 0), ("0.000000000000000000000000000001", 1e-30),
        ("9007199254740993", 9007199254740993), ("3.0000000000000004", 3.0000000000000004),
    ])
    func numbers(text: String, expected: Double) throws {
        let value = try JSONParser.parse(text)
        #expect(value == .number(expected))
        if expected == 0 { #expect(value.numberValue?.sign == expected.sign) }
    }

    /// The fast path must agree with a correctly rounding parser (Swift's `Double(String)`) on
    /// every kind of decimal a GeoJSON file holds.
    @Test func numbersAgreeWithCorrectRounding() throws {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let x = Double(bitPattern: rng.next() >> 2) * (rng.next() % 2 == 0 ? 1 : -1)
            let lon = Double(rng.next() % 360_000_000_000) / 1e9 - 180
            for text in ["\(x)", String(format: "%.17g", x), String(format: "%.7f", lon), String(format: "%.15f", lon),
                         "\(lon)", String(format: "%.3e", lon)] where Double(text)!.isFinite {
                #expect(try JSONParser.parse(text) == .number(Double(text)!), "\(text)")
            }
        }
    }

    @Test func stringEscapes() throws {
        let text = #""q\" b\\ s\/ \b\f\n\r\t \u0041\u00e9\u20AC \ud83d\ude00 Київ""#
        #expect(try JSONParser.parse(text) == .string("q\" b\\ s/ \u{8}\u{C}\n\r\t Aé€ 😀 Київ"))
    }

    @Test(arguments: [
        (#""\ud83d""#, "unpaired high surrogate"), (#""\ude00""#, "unpaired low surrogate"),
        (#""\ud83d\u0041""#, "not a low surrogate"), (#""\x""#, "invalid escape"), (#""\u12G4""#, "invalid hex digit"),
        ("\"a\u{1}b\"", "unescaped control character"), (#""abc"#, "unterminated string"),
    ])
    func badStrings(text: String, message: String) {
        #expect {
            _ = try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONSyntaxError)?.message.contains(message) == true
        }
    }

    @Test func invalidUTF8IsAnError() {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func errorsCarryLineAndColumn() {
        let text = "{\n  \"a\": [1, 2],\n  \"b\": tru\n}"
        #expect(throws: JSONSyntaxError(line: 3, column: 8, offset: 24, message: "invalid literal (expected true)")) {
            _ = try JSONParser.parse(text)
        }
    }

    @Test(arguments: ["", "  ", "[1,]", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "01", "1.", ".5", "-", "1e", "+1",
                      "[1] x", "{a:1}", "'a'", "NaN", "[", "{\"a\":"])
    func rejectsInvalidJSON(text: String) {
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(text) }
    }

    /// Asked to, the parser refuses a key given twice in one object (by default both are kept,
    /// as ``JSONObject`` documents), in small and large objects and at any depth, with the key,
    /// and the line and column of its second use.
    @Test func duplicateKeysAreRefusedWhenAskedFor() throws {
        #expect(try JSONParser.parse(#"{"side":"UA","side":"RU"}"#)["side"] == "RU")
        let many = (0..<20).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        for (text, key, line, column) in [(#"{"side":"UA","side":"RU"}"#, "side", 1, 14),
                                          ("{\"a\":{\"b\":1,\n  \"b\":2}}", "b", 2, 3),
                                          ("{\(many),\"k13\":0}", "k13", 1, 1 + many.utf8.count + 2),
                                          (#"[{"x":1},{"x":2,"y":{"x":3},"x":4}]"#, "x", 1, 29)] {
            let error = #expect(throws: JSONSyntaxError.self) {
                _ = try JSONParser.parse(Array(text.utf8), rejectingDuplicateKeys: true)
            }
            #expect(error?.duplicateKey == key)
            #expect(error?.message == "the key '\(key)' appears twice in one object")
            #expect(error.map { [$0.line, $0.column] } == [line, column], "\(text)")
        }
        // The same key in different objects, and a key that differs only in case, are fine.
        _ = try JSONParser.parse(Array(#"[{"x":1},{"x":2,"X":3,"y":{"x":4}}]"#.utf8), rejectingDuplicateKeys: true)
        _ = try JSONParser.parse(Array("{\(many)}".utf8), rejectingDuplicateKeys: true)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONParser.parse(text) }
    }
}
