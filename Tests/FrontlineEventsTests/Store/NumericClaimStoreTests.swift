import Foundation
import GRDB
import Testing
@testable import FrontlineEvents

/// Numeric claims are entries of the hash chain: recorded, retracted, counted and checked by
/// `verify`, and refused when a field is wrong.
@Suite struct NumericClaimStoreTests {
    static func draft(km2: Double = 3_800, side: String = "UA", from: String = "2022-09-06", to: String = "2022-09-13",
                      at: String = "2022-09-13", area: String? = "UA-63", claimant: String = " Hanna Maliar ") throws -> NumericClaimDraft {
        NumericClaimDraft(claimant: claimant, source: "Interfax-Ukraine, 13 September 2022", url: "https://en.interfax.com.ua",
                          at: try EventTime(parsing: at), side: side, km2: km2, from: try EventTime(parsing: from),
                          to: try EventTime(parsing: to), area: area, note: "more than 300 settlements")
    }

    @Test func aClaimIsAChainEntryKeptAsWrittenAndRetractable() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let event = try store.append([try Fixtures.draft("2022-09-10")])[0]
        let claim = try store.addClaim(try Self.draft(area: "ua-63"))
        #expect(claim.sequence == 2 && claim.id.count == 26 && claim.id != event.id)
        #expect(claim.claimant == "Hanna Maliar" && claim.area == "UA-63" && claim.km2 == 3_800)
        // A date alone spans the whole day: from the start of the 6th to the end of the 13th.
        #expect(claim.window.from.iso8601 == "2022-09-06" && claim.window.to.iso8601 == "2022-09-13T23:59:59.999Z")
        let stored = try #require(try store.numericClaims().first)
        #expect(stored.id == claim.id && stored.from.iso8601 == "2022-09-06" && stored.to.iso8601 == "2022-09-13"
                && stored.at.iso8601 == "2022-09-13" && stored.note == "more than 300 settlements" && !stored.isRetracted)
        try store.append([try Fixtures.draft("2022-09-11")])
        #expect(try store.verifyChain() == ChainReport(entries: 3, problem: nil))
        #expect(try store.checkHead() == nil)

        let retraction = try store.retractClaim(id: claim.id.lowercased(), reason: " misquoted ")
        #expect(retraction.sequence == 4 && retraction.reason == "misquoted")
        #expect(try store.numericClaims().first?.retraction?.reason == "misquoted")
        #expect(throws: NumericClaimError.alreadyRetracted(claim.id, reason: "misquoted")) { try store.retractClaim(id: claim.id, reason: "again") }
        #expect(throws: NumericClaimError.unknownClaim(event.id)) { try store.retractClaim(id: event.id, reason: "not a claim") }
        #expect(try store.verifyChain() == ChainReport(entries: 4, problem: nil))
        // The chain goes on after them.
        try store.append([try Fixtures.draft("2022-09-12")])
        #expect(try store.verifyChain() == ChainReport(entries: 5, problem: nil))
        #expect(try store.entry(at: 2)?.hash == (try DatabaseQueue(path: dir.path("log.sqlite")).read {
            try String.fetchOne($0, sql: "SELECT hash FROM claims")
        }))
    }

    @Test func verifyFindsAClaimOrItsRetractionChanged() throws {
        for (table, edit) in [("claims", "UPDATE claims SET km2 = 6000"), ("claims", "UPDATE claims SET area = 'UA'"),
                              ("claims", "UPDATE claims SET to_text = '2022-09-14', to_utc = to_utc + 86400000"),
                              ("claim_retractions", "UPDATE claim_retractions SET reason = 'forged'")] {
            let dir = try TempDir(); defer { dir.remove() }
            let path = dir.path("log.sqlite")
            let store = try SQLiteEventStore(path: path)
            try store.append([try Fixtures.draft("2022-09-10")])
            let claim = try store.addClaim(try Self.draft())
            _ = try store.retractClaim(id: claim.id, reason: "misquoted")
            try store.append([try Fixtures.draft("2022-09-11")])
            try writeBehindFrontline(path, "DROP TRIGGER \(table)_no_update", edit)
            let report = try SQLiteEventStore.openForVerifying(path: path).verifyChain()
            let problem = try #require(report.problem, "\(edit)")
            #expect(problem.sequence == (table == "claims" ? 2 : 3), "\(edit)")
            #expect(problem.entry == (table == "claims" ? "numeric claim \(claim.id)" : "retraction of numeric claim \(claim.id)"))
            #expect(problem.reason.hasPrefix("changed outside Frontline"))
        }
    }

    @Test func aRemovedClaimIsNoticedByEveryCommand() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let store = try SQLiteEventStore(path: path)
        try store.append([try Fixtures.draft("2022-09-10")])
        _ = try store.addClaim(try Self.draft())
        try writeBehindFrontline(path, "DROP TRIGGER claims_no_delete", "DELETE FROM claims")
        let reopened = try SQLiteEventStore(path: path)
        #expect(try reopened.checkHead() != nil)
        #expect(try reopened.verifyChain().problem?.reason.hasPrefix("missing") == true)
        #expect(throws: EventStoreError.self) { try reopened.addClaim(try Self.draft()) }
    }

    @Test func theLogIsAppendOnlyForClaims() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let path = dir.path("log.sqlite")
        let store = try SQLiteEventStore(path: path)
        let claim = try store.addClaim(try Self.draft())
        _ = try store.retractClaim(id: claim.id, reason: "x")
        for sql in ["UPDATE claims SET km2 = 1", "DELETE FROM claims", "UPDATE claim_retractions SET reason = 'y'", "DELETE FROM claim_retractions"] {
            #expect(throws: DatabaseError.self, "\(sql)") { try writeBehindFrontline(path, sql) }
        }
    }

    @Test func aClaimWithAWrongFieldIsRefusedNamingTheField() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        func field(_ draft: NumericClaimDraft) -> String? {
            do { _ = try store.addClaim(draft); return nil } catch EventStoreError.invalid(let error) { return error.field } catch { return "\(error)" }
        }
        #expect(field(try Self.draft(side: "Ukrain")) == "side")
        #expect(field(try Self.draft(side: "contested")) == "side")
        for km2 in [0, -5, .nan, .infinity, 25_000_000] { #expect(field(try Self.draft(km2: km2)) == "km2", "\(km2)") }
        #expect(field(try Self.draft(from: "2022-09-13", to: "2022-09-06")) == "from")
        #expect(field(try Self.draft(from: "2022-09-13T12:00Z", to: "2022-09-13T12:00Z")) == "from")
        #expect(field(try Self.draft(to: "2022-09-14")) == "to")  // after the claim was made
        #expect(field(try Self.draft(area: "UA 63")) == "area")
        #expect(field(try Self.draft(claimant: "  ")) == "claimant")
        #expect(field(try Self.draft(claimant: "Maliar\u{1B}[2J")) == "claimant")
        #expect(try store.numericClaims().isEmpty)
        #expect(try store.head() == nil)
        // A day alone, from and to the same day: the whole of that day.
        #expect(field(try Self.draft(from: "2022-09-13", to: "2022-09-13")) == nil)
        // A declared side is known.
        _ = try store.declareSide(code: "PMC", name: "Wagner Group")
        #expect(field(try Self.draft(side: "pmc")) == nil)
    }
}
