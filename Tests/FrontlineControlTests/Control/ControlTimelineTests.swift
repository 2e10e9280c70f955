import Foundation
import FrontlineEvents
import FrontlineGeometry
import Testing
@testable import FrontlineControl

struct ControlTimelineTests {
    /// Cut over workers, each with its own territory and engine, a timeline gives the rows one
    /// engine gives instant by instant.
    @Test func summariesOverSeveralWorkersAreTheOnesOfOneEngine() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        for day in 1...9 {
            let x0 = -1.8 + 0.3 * Double(day)
            let parts = [Snapshot.Part(side: "Y", geometry: SyntheticTheatre.square(x0, -1, x0 + 0.5, 0))]
            try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), Side.snapshot, at: "2022-03-0\(day)T12:00Z")
            try theatre.record(.place(geonameID: day % 2 == 0 ? SyntheticTheatre.east : SyntheticTheatre.yTown), "Z", at: "2022-03-0\(day)T18:00Z")
        }
        let events = try theatre.store.events()
        let instants = ControlTimeline.instants(from: SyntheticTheatre.time("2022-03-01"), to: SyntheticTheatre.time("2022-03-10"),
                                                step: 6 * 3_600_000)
        let territory = theatre.territory
        let (geoData, tessellation) = (territory.geoData, territory.tessellation)
        let parallel = try ControlTimeline.summaries(at: instants, view: .confirmed, events: events, areaIndex: nil, workers: 3,
                                                     territory: { try Territory(geoData: geoData, tessellation: tessellation) })
        let engine = ControlEngine(territory: territory)
        let sequential = try instants.map { ControlSummary(map: try engine.map(at: $0, view: .confirmed, events: events), territory: territory) }
        #expect(parallel.count == instants.count)
        for (row, expected) in zip(parallel.map(\.summary), sequential) {
            #expect(row.at == expected.at)
            #expect(row.sides == expected.sides, "\(row.at.iso8601)")
            #expect(row.outside == expected.outside)
        }
        #expect(Set(parallel.map { $0.summary.sides["Z"] != nil }) == [false, true])
    }
}
