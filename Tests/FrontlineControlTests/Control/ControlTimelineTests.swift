import Foundation
import FrontlineEvents
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineTestSupport

struct ControlTimelineTests {
    /// Cut over workers, each with its own territory and engine and some working backward, a
    /// timeline gives the rows one engine gives instant by instant.
    @Test func summariesOverSeveralWorkersAreTheOnesOfOneEngine() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        for day in 1...9 {
            let x0 = -1.8 + 0.3 * Double(day)
            let parts = [Snapshot.Part(side: "Y", geometry: SyntheticTheatre.square(x0, -1, x0 + 0.5, 0))]
            try theatre.record(.snapshot(Snapshot(region: "X", parts: parts)), "*", at: "2022-03-0\(day)T12:00Z")
            try theatre.record(.place(geonameID: day % 2 == 0 ? SyntheticTheatre.east : SyntheticTheatre.yTown), "Z", at: "2022-03-0\(day)T18:00Z")
        }
        let events = try theatre.store.events()
        let instants = ControlTimeline.instants(from: SyntheticTheatre.time("2022-03-01"), to: SyntheticTheatre.time("2022-03-10"),
                                                step: 6 * 3_600_000)
        let territory = theatre.territory
        let (geoData, tessellation) = (territory.geoData, territory.tessellation)
        let engine = ControlEngine(territory: territory)
        let sequential = try instants.map { ControlSummary(map: try engine.map(at: $0, view: .confirmed, events: events), territory: territory) }
        // Two workers share one run from either end; three leave the second run to one.
        for workers in [1, 2, 3, 4] {
            let parallel = try ControlTimeline.summaries(at: instants, view: .confirmed, events: events, selection: nil, workers: workers,
                                                         territory: { try Territory(geoData: geoData, tessellation: tessellation) })
            #expect(parallel.count == instants.count)
            for (row, expected) in zip(parallel.map(\.summary), sequential) {
                #expect(row.at == expected.at)
                #expect(row.sides == expected.sides, "\(workers) workers, \(row.at.iso8601)")
                #expect(row.outside == expected.outside)
            }
            #expect(Set(parallel.map { $0.summary.sides["Z"] != nil }) == [false, true])
        }
    }

    /// Runs carry about equal weight, are contiguous and cover every instant once, whatever the
    /// weights; equal weights give runs of equal length.
    @Test func instantsAreSplitIntoRunsOfAboutEqualWeight() {
        #expect(ControlTimeline.split([1, 1, 1, 1, 1, 1], into: 2) == [0, 3, 6])
        #expect(ControlTimeline.split([1, 1, 1, 1, 1, 1], into: 3) == [0, 2, 4, 6])
        // A heavy end: the second run starts late.
        #expect(ControlTimeline.split([1, 1, 1, 1, 1, 1, 1, 9], into: 2) == [0, 7, 8])
        #expect(ControlTimeline.split([9, 1, 1, 1, 1, 1, 1, 1], into: 2) == [0, 1, 8])
        // All the weight on one instant: some runs are empty, none is missing.
        for bounds in [ControlTimeline.split([10, 0, 0], into: 3), ControlTimeline.split([0, 0, 10], into: 3)] {
            #expect(bounds.count == 4 && bounds.first == 0 && bounds.last == 3 && bounds == bounds.sorted())
        }
        #expect(ControlTimeline.split([], into: 2) == [0, 0, 0])
        #expect(ControlTimeline.split([5, 5], into: 1) == [0, 2])
    }

    /// An instant weighs a map's painting plus the coordinates of the geometric events that
    /// first show at it (at or before it, after the instant before). Nothing after the last
    /// instant counts, and before the first only each region's latest snapshot, with every area.
    @Test func anInstantWeighsTheGeometryThatFirstShowsAtIt() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let twoSquares = Snapshot(region: "X", parts: [Snapshot.Part(side: "Y", geometry: .multiPolygon(
            [SyntheticTheatre.square(0, 0, 0.5, 0.5).polygons[0], SyntheticTheatre.square(1, 1, 1.5, 1.5).polygons[0]]))])
        let oneSquare = Snapshot(region: "X", parts: [Snapshot.Part(side: "Y", geometry: SyntheticTheatre.square(0, 0, 1, 1))])
        try theatre.record(.snapshot(twoSquares), "*", at: "2022-02-20")  // hidden by the next
        try theatre.record(.snapshot(oneSquare), "*", at: "2022-02-21")
        try theatre.record(.area(SyntheticTheatre.square(2, 0, 3, 1)), "Y", at: "2022-02-22")
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 1, 1)), "Y", at: "2022-03-02")
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "Y", at: "2022-03-02")
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 0.5, 0.5)), "Y", at: "2022-03-05")
        try theatre.record(.area(SyntheticTheatre.square(0, 0, 0.5, 0.5)), "Y", at: "2022-03-07")  // after the last
        let instants = ["2022-03-01", "2022-03-03", "2022-03-04", "2022-03-05"].map(SyntheticTheatre.time)
        let weights = ControlTimeline.weights(of: instants, view: .confirmed, events: try theatre.store.events())
        #expect(weights == [1_010, 1_005, 1_000, 1_005])
    }
}
