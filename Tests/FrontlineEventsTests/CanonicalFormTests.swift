import Foundation
import Crypto
import Testing
@testable import FrontlineEvents

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

    @Test func geometriesAreHexWKB() {
        var form = CanonicalForm()
        form.reset(tag: "t")
        form.field(hex: [0x01, 0xab, 0xff])
        #expect(form.text == "1:t\n6:01abff\n")
    }
}
