import FrontlineEvents
import FrontlineGeoData
import Testing
@testable import FrontlineControl

/// Regions and cells by identifier types rather than raw strings and indices.
@Suite struct RegionIDTests {
    @Test func aRegionIsAnAreasOrACountrysCode() {
        let kharkiv: RegionID = "UA-63"
        #expect(kharkiv.code == "UA-63" && kharkiv.description == "UA-63" && "\(kharkiv)" == "UA-63")
        #expect(kharkiv.country == "UA" && !kharkiv.isCountry)
        #expect(RegionID("RU-BEL").country == RegionID("RU"))
        #expect(RegionID("UA").country == "UA" && RegionID("UA").isCountry)
        #expect([RegionID("UA-63"), "RU-BEL", "UA-14", "UA"].sorted().map(\.code) == ["RU-BEL", "UA", "UA-14", "UA-63"])
        #expect(Set([RegionID("UA-63"), "UA-63"]).count == 1)
    }

    @Test func aCellIsItsPositionInTheTerritory() {
        #expect(CellID(3).index == 3 && CellID(3).description == "3" && "\(CellID(12))" == "12")
        #expect([CellID(5), CellID(1), CellID(3)].sorted() == [CellID(1), CellID(3), CellID(5)])
    }

    @Test func theTerritoryAnswersByRegionAndCell() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let territory = theatre.territory
        #expect(try territory.areaIndex(RegionID("XA")) == territory.areaIndex(iso: "XA"))
        #expect(try territory.areaIndex("YA") == 1)
        #expect(territory.areas.map(\.region) == ["XA", "YA"])
        #expect(throws: ControlError.unknownArea("X")) { try territory.areaIndex("X") }  // a country, not an area

        let west = try #require(territory.cell(ofSettlement: SyntheticTheatre.west))
        let east = try #require(territory.cell(ofSettlement: SyntheticTheatre.east))
        #expect(west != east)
        #expect(territory[cell: west].settlementID == SyntheticTheatre.west && territory[cell: west].region == "XA")
        #expect(territory[cell: east] == territory.cells[east.index])
        #expect(try territory.cells(of: "XA").sorted() == [west, east].sorted())
        #expect(try territory.cells(of: "YA").map { territory[cell: $0].settlementID } == [SyntheticTheatre.yTown])
        #expect(territory.cell(ofSettlement: 999) == nil)

        // A map's whole cells name their cells by CellID.
        try theatre.record(.place(geonameID: SyntheticTheatre.west), "Y", at: "2022-03-01")
        let map = try theatre.engine.map(at: SyntheticTheatre.time("2022-03-02"), view: .confirmed, events: try theatre.store.allEvents())
        let held = map.regions[try territory.areaIndex("XA")].fullCells.filter { $0.side == "Y" }
        #expect(held.map(\.cell) == [west])
        #expect(map.km2BySide(region: 0, cells: territory.cells)["Y"] == territory[cell: west].km2)
    }
}
