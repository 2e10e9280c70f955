import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

/// The library's answers, as the CLI and the server get them: a change with each side's gains
/// confirmed, under its own claims and per claimant, and views checked against the log.
@Suite struct ControlServiceTests {
    /// X holds everything of XA; Y takes East confirmed on 2 March. Y's own claim on the 3rd has
    /// West too ("Y sources"), and an "X sources" claim says Y took nothing at all.
    static func theatre() throws -> SyntheticTheatre {
        let theatre = try SyntheticTheatre()
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "X", at: "2022-03-01")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "X", at: "2022-03-01")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "Y", at: "2022-03-02")
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-03", status: .claimed, claimant: "Y sources")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "X", at: "2022-03-03", status: .claimed, claimant: "X sources")
        return theatre
    }

    @Test func aChangeGivesEachSidesGainsPerAccount() throws {
        let theatre = try Self.theatre()
        defer { theatre.removeFiles() }
        let service = ControlService(store: theatre.store, territory: theatre.territory)
        let report = try service.change(from: SyntheticTheatre.time("2022-03-01T12:00Z"), to: SyntheticTheatre.time("2022-03-04"))
        let cells = Dictionary(uniqueKeysWithValues: theatre.territory.cells.compactMap { cell in cell.settlementID.map { ($0, cell.km2) } })
        let east = try #require(cells[SyntheticTheatre.east]), west = try #require(cells[SyntheticTheatre.west])
        #expect(report.claimants == ["X sources", "Y sources"])
        let y = try #require(report.gains["Y"])
        #expect(abs(y.confirmed.total - east) < 1e-6 * east)
        #expect(abs(y.claimed.total - (east + west)) < 1e-6 * (east + west))
        #expect(abs(try #require(y.byClaimant["Y sources"]).total - (east + west)) < 1e-6 * (east + west))
        #expect(try #require(y.byClaimant["X sources"]).total == 0)
        #expect(abs((y.confirmed.countries["X"] ?? 0) - east) < 1e-6 * east)
        // The confirmed change is the report's change.
        #expect(report.change.transfers.map { "\($0.from)>\($0.to)" } == ["X>Y"])
        // Another view gives its change alone: one account, no range.
        let claimed = try service.change(from: SyntheticTheatre.time("2022-03-01T12:00Z"), to: SyntheticTheatre.time("2022-03-04"),
                                         view: .claimed(side: "Y"))
        #expect(claimed.gains.isEmpty && claimed.claimants.isEmpty)
        #expect(abs(claimed.change.transfers.reduce(0) { $0 + $1.km2 } - (east + west)) < 1e-6 * (east + west))
    }

    @Test func eachAccountGivesItsHoldersAndKm2() throws {
        let theatre = try Self.theatre()
        defer { theatre.removeFiles() }
        let service = ControlService(store: theatre.store, territory: theatre.territory, selection: try theatre.territory.selection("XA"))
        let at = try SyntheticTheatre.time("2022-03-04")
        let events = try service.events(to: at)
        let accounts = try service.accounts(at: at, views: [.confirmed, .claimant("Y sources"), .claimant("X sources")],
                                            places: [SyntheticTheatre.west, SyntheticTheatre.east, SyntheticTheatre.yTown], events: events)
        #expect(accounts.map(\.view) == [.confirmed, .claimant("Y sources"), .claimant("X sources")])
        // Confirmed: X west, Y east; Y's sources: Y both; X's sources: X both. Ytown, with no
        // event, is held by its own country's side in every account.
        #expect(accounts.map { $0.holders.map { $0?.code ?? "-" } } == [["X", "Y", "Y"], ["Y", "Y", "Y"], ["X", "X", "Y"]])
        let cells = Dictionary(uniqueKeysWithValues: theatre.territory.cells.compactMap { cell in cell.settlementID.map { ($0, cell.km2) } })
        let east = try #require(cells[SyntheticTheatre.east]), west = try #require(cells[SyntheticTheatre.west])
        #expect(abs((accounts[0].km2["Y"] ?? 0) - east) < 1e-6 * east)
        #expect(abs((accounts[1].km2["Y"] ?? 0) - (east + west)) < 1e-6 * (east + west))
        #expect(accounts[2].km2["Y"] ?? 0 == 0)
        // The same figures as the service's own map in that view.
        let map = try service.map(at: at, view: .claimant("Y sources"), events: events)
        #expect(accounts[1].km2 == ControlSummary(map: map, territory: theatre.territory, selection: service.selection).sides)
    }

    @Test func aViewMustNameWhatTheLogHolds() throws {
        let theatre = try Self.theatre()
        defer { theatre.removeFiles() }
        let service = ControlService(store: theatre.store, territory: theatre.territory)
        try service.check(.confirmed)
        try service.check(.claimed(side: "Y"))
        try service.check(.claimant("y SOURCES"))
        let side = #expect(throws: ViewNotInLog.self) { try service.check(.claimed(side: "Z")) }
        #expect(side?.description == "view claimed:Z: no event in the log is held by side Z; sides in the log: X, Y")
        let claimant = #expect(throws: ViewNotInLog.self) { try service.check(.claimant("Nobody")) }
        #expect(claimant?.description.hasPrefix("view claimant:Nobody: no event in the log has claimant \"Nobody\"; claimants in the log: ") == true)
    }
}
