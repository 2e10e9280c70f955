import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

/// Figures per country: what each side holds of each country, a selection of a country's areas,
/// transfers split by country, and a side's own land left out of its foreign territory.
@Suite struct ControlCountryTests {
    /// Y takes the square inside X's East cell; X takes Ytown, which is all of Y's one area; Y
    /// also draws a square beyond every area.
    static func occupied(_ theatre: SyntheticTheatre) throws {
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-01")
        try theatre.record(.place(geonameID: SyntheticTheatre.yTown), "X", at: "2022-03-01")
        try theatre.record(.area(SyntheticTheatre.square(4.5, 0, 5, 1)), "Y", at: "2022-03-01")
    }

    @Test func aCountryIsItsAreasWithSharesOfItsArea() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try Self.occupied(theatre)
        let summary = try theatre.summary(at: "2022-03-02")
        #expect(summary.countries.map(\.country.code) == ["X", "Y"])
        let x = try #require(summary.country("X"))
        #expect(relative(try #require(x.sides["Y"]), SyntheticTheatre.squareKm2) < 1e-9)
        #expect(relative(try #require(x.sides["X"]), theatre.xa.km2 - SyntheticTheatre.squareKm2) < 1e-9)
        #expect(relative(x.km2, theatre.xa.km2) < 1e-9)
        // A country Frontline has no official figure for is as large as its areas.
        #expect(x.country.officialKm2 == theatre.xa.km2 && x.country.name == "X")
        #expect(relative(x.share("Y"), SyntheticTheatre.squareKm2 / theatre.xa.km2) < 1e-9)
        #expect(x.share("Z") == 0)
        let y = try #require(summary.country("Y"))
        #expect(Array(y.sides.keys) == ["X"] && relative(y.sides["X"]!, theatre.ya.km2) < 1e-9)
        // What is drawn beyond every area is no country's.
        let beyond = SyntheticTheatre.rectangleKm2(west: 4.5, south: 0, east: 5, north: 1)
        #expect(relative(try #require(summary.outside["Y"]), beyond) < 1e-6)
        #expect(relative(summary.sides["Y"]!, SyntheticTheatre.squareKm2) < 1e-9)
    }

    @Test func aSelectionIsOneAreaOrEveryAreaOfACountry() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try Self.occupied(theatre)
        let territory = theatre.territory
        let country = try territory.selection("x")
        #expect(country.code == "X" && country.name == "X" && country.country?.code == "X")
        #expect(country.indices.map { territory.areas[$0].iso } == ["XA"] && country.contains(iso: "XA") && !country.contains(iso: "YA"))
        let area = try territory.selection("YA")
        #expect(area.code == "YA" && area.name == "Y Area" && area.country == nil)
        #expect(throws: ControlError.unknownArea("Q")) { try territory.selection("q") }

        let map = try theatre.map(at: "2022-03-02")
        let ofX = ControlSummary(map: map, territory: territory, selection: country)
        #expect(ofX.areas.map(\.iso) == ["XA"] && ofX.countries.map(\.country.code) == ["X"] && ofX.outside.isEmpty)
        #expect(relative(ofX.sides["Y"]!, SyntheticTheatre.squareKm2) < 1e-9)
        // An area is its country's whole only when the country has no other.
        let ofYA = ControlSummary(map: map, territory: territory, selection: area)
        #expect(ofYA.areas.map(\.iso) == ["YA"] && ofYA.countries.map(\.country.code) == ["Y"])
    }

    @Test func aTransferIsSplitByCountry() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try Self.occupied(theatre)
        let change = try ControlChange.compute(from: try theatre.map(at: "2022-02-28"), to: try theatre.map(at: "2022-03-02"),
                                               territory: theatre.territory)
        let toY = try #require(change.transfers.first { $0.from == "X" && $0.to == "Y" })
        #expect(toY.countries.map(\.code) == ["X"] && relative(toY.countries[0].km2, SyntheticTheatre.squareKm2) < 1e-9)
        let toX = try #require(change.transfers.first { $0.from == "Y" && $0.to == "X" })
        #expect(toX.countries.map(\.code) == ["Y"] && relative(toX.countries[0].km2, theatre.ya.km2) < 1e-9)
        // Over one country, only its areas.
        let ofY = try ControlChange.compute(from: try theatre.map(at: "2022-02-28"), to: try theatre.map(at: "2022-03-02"),
                                            territory: theatre.territory, selection: try theatre.territory.selection("Y"))
        #expect(ofY.transfers.map { "\($0.from)→\($0.to)" } == ["Y→X"])
    }

    @Test func aSidesForeignTerritoryLeavesOutItsOwnCountry() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let quiet = try SideGeometry(map: try theatre.map(at: "2022-02-28"), territory: theatre.territory)
        #expect(try quiet.foreignTerritories().isEmpty)
        #expect(try quiet.territories().keys.sorted() == ["X", "Y"])

        try Self.occupied(theatre)
        let sides = try SideGeometry(map: try theatre.map(at: "2022-03-02"), territory: theatre.territory)
        let foreign = try sides.foreignTerritories()
        #expect(foreign.keys.sorted() == ["X", "Y"])
        let beyond = SyntheticTheatre.rectangleKm2(west: 4.5, south: 0, east: 5, north: 1)
        #expect(relative(try foreign["Y"]!.drawnAreaKm2, SyntheticTheatre.squareKm2 + beyond) < 1e-6)
        #expect(relative(try foreign["X"]!.drawnAreaKm2, theatre.ya.km2) < 1e-9)
        let all = try sides.territories()
        #expect(relative(try all["X"]!.drawnAreaKm2, theatre.xa.km2 - SyntheticTheatre.squareKm2 + theatre.ya.km2) < 1e-9)
    }
}
