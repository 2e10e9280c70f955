import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineSupport
import FrontlineTestSupport

/// `Side`: a normalised side code; snapshot events have none (their parts carry the sides).
@Suite struct SideTests {
    @Test func normalisesCodesAndTheBuiltInNamesInAnyCase() throws {
        for (raw, code) in [("UA", "UA"), ("ua", "UA"), ("Ukraine", "UA"), (" UKRAINE ", "UA"), ("RU", "RU"), ("russia", "RU"),
                            ("Russia", "RU"), ("contested", "contested"), ("Contested", "contested"), (" CONTESTED", "contested"),
                            ("pmc", "PMC"), ("ua-tdf", "UA-TDF"), ("a_1", "A_1"), ("\tRU\t", "RU"), ("1234567890abcdef", "1234567890ABCDEF")] {
            #expect(try Side(raw).code == code, "\(raw)")
        }
        #expect(try Side("ukraine") == .ukraine && Side.ukraine.code == "UA")
        #expect(try Side("RUSSIA") == .russia && Side.russia.code == "RU")
        #expect(try Side("contested") == .contested && Side.contested.code == "contested")
    }

    @Test func refusesWhatIsNoSideCodeWithTheSameMessages() {
        let empty = "is empty; give a side code such as UA or RU, or 'contested'"
        for raw in ["", "   ", "\t"] {
            #expect(throws: EventFieldError(empty)) { try Side(raw) }
        }
        let notACode = { (code: String) in
            EventFieldError("'\(code)' is not a side code (up to 16 letters, digits, '-' or '_', or 'contested')")
        }
        for (raw, shown) in [("U A", "U A"), ("*", "*"), ("bad!", "bad!"), ("UA/RU", "UA/RU"), (" 12345678901234567 ", "12345678901234567"),
                             ("a\u{1B}b", VisibleText.escaped("a\u{1B}b"))] {
            #expect(throws: notACode(shown), "\(raw)") { try Side(raw) }
        }
        #expect(Side.maxLength == 16)
    }

    @Test func comparesAndPrintsAsItsCode() throws {
        #expect(Side.ukraine.description == "UA" && "\(Side.contested)" == "contested")
        #expect([Side.ukraine, .contested, .russia, try Side("pmc")].sorted().map(\.code) == ["PMC", "RU", "UA", "contested"])
        #expect(Set([try Side("ua"), .ukraine, "Ukraine"]).count == 1)
        let literal: Side = "russia"
        #expect(literal == .russia)
        #expect(Side(normalized: "RU") == .russia)
    }

    @Test func theBuiltInSidesAndTheirNames() {
        #expect(Side.builtIn.map(\.side) == [.ukraine, .russia, .contested])
        #expect(Side.builtIn.map(\.name) == ["Ukraine", "Russia", "contested"])
        #expect(KnownSides().entries.map(\.code) == ["UA", "RU", "contested"])
    }

    @Test func aSnapshotHasNoSideAndThePlaceAndAreaEventsOne() throws {
        let at = try EventTime(parsing: "2022-09-10")
        let square = Fixtures.square
        let snapshot = Snapshot(region: "UA", parts: [.init(side: .russia, geometry: square)])
        for side in ["", "*", "UA", "not a side!"] {
            #expect(try EventDraft(at: at, subject: .snapshot(snapshot), side: side, source: "map").side == nil, "\(side)")
        }
        #expect(try EventDraft(at: at, subject: .snapshot(snapshot), side: Side.ukraine, source: "map").side == nil)
        #expect(try EventDraft(at: at, subject: .snapshot(snapshot), side: nil, source: "map").side == nil)

        #expect(try EventDraft(at: at, subject: .place(geonameID: 707292), side: "Ukraine", source: "map").side == .ukraine)
        #expect(try EventDraft(at: at, subject: .area(square), side: .contested, source: "map").side == .contested)
        #expect(throws: EventFieldError("'*' is not a side code (up to 16 letters, digits, '-' or '_', or 'contested')", field: "side")) {
            try EventDraft(at: at, subject: .place(geonameID: 707292), side: "*", source: "map")
        }
        #expect(throws: EventFieldError.self) { try EventDraft(at: at, subject: .place(geonameID: 707292), side: nil, source: "map") }

        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        try store.append([try EventDraft(at: at, subject: .snapshot(snapshot), side: nil, source: "DeepState"),
                          try EventDraft(at: at, subject: .area(square), side: "ru", source: "map")])
        let events = try store.allEvents()
        #expect(events.map(\.side) == [nil, .russia])
        guard case .snapshot(let read) = events[0].subject else { Issue.record("not a snapshot"); return }
        #expect(read.parts.map(\.side) == [.russia])
        #expect(try store.sides() == ["RU"])  // "*" is the store's own, never a side
        #expect(try store.count(matching: EventFilter(side: .russia)) == 1)
    }
}
