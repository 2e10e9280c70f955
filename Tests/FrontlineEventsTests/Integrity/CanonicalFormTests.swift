import Foundation
import Crypto
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

@Suite struct CanonicalFormTests {
    func content(claimant: String = "ISW", note: String? = nil, prev: String = CanonicalForm.genesisHash) -> EventContent {
        EventContent(seq: 12, id: "01HF7YAT00ABCDEFGHJKMNPQRS", atUTC: 1_662_768_000_000, atText: "2022-09-10",
                     kind: "place", placeID: 707292, geometryWKB: nil, side: "UA", status: "claimed",
                     claimant: claimant, source: "General Staff", url: nil, note: note,
                     recordedAt: "2024-01-01T00:00:00.000Z", region: nil, parts: [], prevHash: prev)
    }

    @Test func theFormIsLengthPrefixedFieldsInAFixedOrder() {
        var form = CanonicalForm()
        let hash = content().hash(using: &form)
        #expect(form.text == """
            17:frontline-event-1
            2:12
            26:01HF7YAT00ABCDEFGHJKMNPQRS
            13:1662768000000
            10:2022-09-10
            5:place
            6:707292
            ~
            2:UA
            7:claimed
            3:ISW
            13:General Staff
            ~
            ~
            24:2024-01-01T00:00:00.000Z
            1:0
            ~
            64:\(CanonicalForm.genesisHash)

            """)
        let expected = SHA256.hash(data: Array(form.text.utf8)).map { String(format: "%02x", $0) }.joined()
        #expect(hash == expected)
        #expect(hash.count == 64)
    }

    @Test func everyFieldCountsAndAbsentIsNotEmpty() {
        var form = CanonicalForm()
        let base = content().hash(using: &form)
        #expect(content().hash(using: &form) == base)
        #expect(content(claimant: "ISW ").hash(using: &form) != base)
        #expect(content(note: "").hash(using: &form) != content(note: nil).hash(using: &form))
        #expect(content(prev: String(repeating: "1", count: 64)).hash(using: &form) != base)
        // A value cannot imitate a field boundary.
        #expect(content(claimant: "ISW\n13:General Staff").hash(using: &form) != base)
    }

    @Test(arguments: [0, 7, 10, 99, 100, 101, 999, 1000, 12_345, -1, -10, -100, -62_135_596_800_000, 1_662_768_000_000,
                      999_999_999_999_999_999, 1_000_000_000_000_000_000, Int64.max, Int64.min])
    func integersArePlainDecimal(value: Int64) {
        var form = CanonicalForm()
        form.reset(tag: "t")
        form.field(value)
        let digits = String(value)
        #expect(form.text == "1:t\n\(digits.utf8.count):\(digits)\n")
    }

    /// An import writes each event's body on its reading thread and chains it on the writing
    /// one (``PreparedEvent``); the hash must be the one `verify` recomputes from the stored row.
    @Test func aPreparedEventHashesAsItsStoredContent() throws {
        let square = Fixtures.square
        let recordedAt = try EventTime(parsing: "2024-01-01T00:00:00.250Z")
        let drafts = [
            try EventDraft(at: .init(parsing: "2022-09-10T08:30Z"), subject: .place(geonameID: 707292), side: "UA",
                           status: .confirmed, claimant: "General Staff", source: "ISW", url: "https://example.org", note: "é"),
            try EventDraft(at: .init(parsing: "1969-12-31"), subject: .area(square), side: "RU", source: "map"),
            try EventDraft(at: .init(parsing: "2022-09-11"), subject: .snapshot(Snapshot(region: "UA", parts: [
                .init(side: "RU", geometry: square), .init(side: "contested", geometry: square)])), side: "*", source: "DeepState"),
        ]
        for draft in drafts {
            let prepared = try PreparedEvent(draft, recordedAt: recordedAt)
            var parts: [(side: String, wkb: [UInt8])] = []
            var wkb: [UInt8]?
            var region: String?
            var placeID: Int?
            switch draft.subject {
            case .place(let id): placeID = id
            case .area(let geometry): wkb = WKB.encode(geometry)
            case .snapshot(let snapshot):
                region = snapshot.region
                parts = snapshot.parts.map { ($0.side.code, WKB.encode($0.geometry)) }
            }
            let content = EventContent(
                seq: 41, id: "01HF7YAT00ABCDEFGHJKMNPQRS", atUTC: draft.at.millisecondsSinceEpoch, atText: draft.at.iso8601,
                kind: draft.subject.kind.rawValue, placeID: placeID, geometryWKB: wkb, side: draft.side.storedCode,
                status: draft.status.rawValue, claimant: draft.claimant, source: draft.source, url: draft.url,
                note: draft.note, recordedAt: recordedAt.iso8601, region: region, parts: parts,
                prevHash: String(repeating: "a", count: 64))
            var form = CanonicalForm()
            let preparedHash = form.eventHash(seq: 41, id: content.id, body: Array(prepared.bytes[..<prepared.bodyCount]),
                                              prevHash: content.prevHash)
            #expect(preparedHash == content.hash(using: &form))
        }
    }

    @Test func geometriesAreHexWKB() {
        var form = CanonicalForm()
        form.reset(tag: "t")
        form.field(hex: [0x01, 0xab, 0xff])
        #expect(form.text == "1:t\n6:01abff\n")
    }

    /// A prepared event takes its form's bytes with room for its link: zeros, even where an
    /// earlier, longer form was written, and as much room as the form grows to need.
    @Test func bytesAreTakenWithZeroedRoom() {
        var form = CanonicalForm(capacity: 8)
        form.reset(tag: String(repeating: "x", count: 40))
        form.reset(tag: "t")
        form.field(Int64(-42))
        let taken = form.takeBytes(followedByZeros: 30)
        #expect(taken == Array("1:t\n3:-42\n".utf8) + Array(repeating: 0, count: 30))
        #expect(form.count == 0)
        form.field("again")
        #expect(form.text == "5:again\n")
    }
}
