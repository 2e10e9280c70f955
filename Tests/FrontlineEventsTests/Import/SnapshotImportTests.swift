import Foundation
import Testing
@testable import FrontlineEvents

extension ImportTests {
    static func snapshotLine(region: String, side: String? = nil) -> String {
        let side = side.map { #""side":"\#($0)","# } ?? ""
        return #"{"at":"2022-09-10",\#(side)"status":"confirmed","source":"S","snapshot":{"region":"\#(region)","parts":[{"side":"RU","geometry":{"type":"Polygon","coordinates":[[[37.6,49.7],[37.8,49.7],[37.8,49.8],[37.6,49.7]]]}}]}}"#
    }

    /// A snapshot whose region no admin area belongs to was kept, and then every `control` and
    /// `export` after its time exited 65; a `side` beside its parts' was dropped without a word.
    /// Both are refused at import now.
    @Test func snapshotsNeedAKnownRegionAndNoSideOfTheirOwn() throws {
        let lines = [Self.snapshotLine(region: "XX"), Self.snapshotLine(region: "ua"), Self.snapshotLine(region: "UA", side: "UA"),
                     Self.snapshotLine(region: "U\\u001BA")]  // an escape in JSON
        let (result, store, dir) = try importing([("s.jsonl", lines.joined(separator: "\n") + "\n")])
        defer { dir.remove() }
        #expect(problems(result, in: dir) == [
            "s.jsonl:1: snapshot: region 'XX' is not the country of any admin area (UA or RU)",
            "s.jsonl:2: snapshot: region 'ua' is not the country of any admin area (UA or RU)",
            "s.jsonl:3: side: a snapshot's side is '*' or none: its parts carry the sides",
            "s.jsonl:4: snapshot: region 'U\\u{1B}A' is not the country of any admin area (UA or RU)",
        ])
        #expect(try store.count(matching: EventFilter()) == 0)

        let good = [Self.snapshotLine(region: "UA"), Self.snapshotLine(region: "RU", side: "*")]
        let (accepted, store2, dir2) = try importing([("g.jsonl", good.joined(separator: "\n") + "\n")])
        defer { dir2.remove() }
        #expect(try accepted.get().total == 2)
        #expect(try store2.allEvents().map(\.side) == [nil, nil])
    }
}
