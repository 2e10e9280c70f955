import Foundation
import Testing
@testable import FrontlineEvents
import SeededRandom

/// ``FieldRules/problem(_:as:)``, which scans UTF-8 bytes, against ``FieldRules/Reference``,
/// the rule over Unicode scalars: the same answer, word for word, for every field.
@Suite struct FieldRulesReferenceTests {
    static func compare(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        for field in FieldRules.Field.allCases {
            let fast = FieldRules.problem(text, as: field), reference = FieldRules.Reference.problem(text, as: field)
            if fast != reference {
                Issue.record("\(field) \(text.debugDescription): \(fast ?? "nil") ≠ reference \(reference ?? "nil")",
                             sourceLocation: sourceLocation)
                return false
            }
        }
        return true
    }

    /// Scalars around every edge of the rule: each control character and its neighbours, the
    /// two-byte C1 controls beside the no-break space that shares their lead byte, and text of
    /// two, three and four bytes.
    static let scalars: [Unicode.Scalar] = (0x00...0x20).map { Unicode.Scalar(UInt8($0)) }
        + ["a", "~", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}", "\u{BF}", "\u{C0}", "é", "\u{100}",
           "Х", "ї", "\u{2028}", "\u{200B}", "\u{FEFF}", "\u{FFFD}", "ロ", "🇺", "😀", "\u{10FFFF}"]

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedTextIsJudgedAsTheReferenceJudgesIt(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for _ in 0..<3000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...24, using: &random) {
                if Int.random(in: 0..<4, using: &random) == 0 {
                    text.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
                } else {
                    text.append(Self.scalars.randomElement(using: &random)!)
                }
            }
            guard Self.compare(String(text)) else { return }
        }
    }

    /// Lengths at the limits, in bytes of one, two and four, with a control character last.
    @Test func textAtTheLimitsIsJudgedAsTheReferenceJudgesIt() {
        for limit in [FieldRules.maxFieldBytes, FieldRules.maxNoteBytes] {
            for unit in ["x", "é", "😀"] {
                let count = limit / unit.utf8.count
                for text in [String(repeating: unit, count: count), String(repeating: unit, count: count) + "x",
                             String(repeating: unit, count: count - 1) + "\u{1}", String(repeating: unit, count: count - 1) + "\t",
                             String(repeating: unit, count: count - 2) + "\u{85}"] {
                    _ = Self.compare(text)
                }
            }
        }
    }

    /// The texts of real maps (DeepState's names end in newlines and hold no-break spaces) and
    /// of the project's scenario.
    @Test(arguments: RealData.deepState + RealData.isw)
    func realTextsAreJudgedAsTheReferenceJudgesThem(path: String) throws {
        let texts = try RealData.propertyTexts(path)
        #expect(!texts.isEmpty)
        for text in texts { guard Self.compare(text) else { return } }
    }

    @Test func theKharkivScenarioIsJudgedAsTheReferenceJudgesIt() throws {
        let records = CSVReader.Reference.records(in: try RealData.bytes(RealData.kharkivScenario))
        #expect(records.count > 10)
        for record in records {
            for text in record.fields { guard Self.compare(text) else { return } }
            if record.line > 1 {
                for (field, text) in zip(FieldRules.Field.allCases, record.fields) {
                    #expect(FieldRules.Reference.problem(text, as: field) == nil, "line \(record.line): \(field)")
                }
            }
        }
    }
}
