import Foundation
import FrontlineEvents
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineControl

/// The change between maps of the whole shared DeepState archive (89 snapshots, April 2022 to
/// August 2025): every consecutive pair, and every 12-month window between first-of-month
/// snapshots. Before the robust predicates and clips, 24 of these 117 windows failed with a
/// GEOS TopologyException ("side location conflict"); none may fail, and every map must still
/// add up, area by area, to GeoData's km².
@Suite(.serialized, .tags(.slow)) struct ArchiveSweepTests {
    /// A log holding the whole archive, with one engine over it (clipped snapshots are cached
    /// per event, so each snapshot is clipped once for the whole sweep).
    final class Archive: @unchecked Sendable {
        let directory: URL
        let events: [ControlEvent]
        let times: [EventTime]
        let territory: Territory
        let engine: ControlEngine

        init() throws {
            let files = try SharedData.all()
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-sweep-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let geoData = try GeoData.embedded()
            let store = try SQLiteEventStore(path: directory.appendingPathComponent("log.sqlite").path)
            _ = try EventImporter(store: store, gazetteer: geoData.gazetteer, formats: [DeepStateFormat()])
                .importFiles(files.map(\.path), format: "deepstate")
            events = try store.allEvents()
            times = events.map(\.at)
            territory = try Territory(geoData: geoData, tessellation: TessellationTests.tessellation)
            engine = ControlEngine(territory: territory)
        }

        deinit { try? FileManager.default.removeItem(at: directory) }
    }

    /// The windows swept: consecutive snapshots, then 12 months between firsts of month.
    static func windows(_ times: [EventTime]) -> [(EventTime, EventTime)] {
        var windows = zip(times, times.dropFirst()).map { ($0, $1) }
        var firsts: [EventTime] = []
        var month = ""
        for time in times where String(time.iso8601.prefix(7)) != month {
            month = String(time.iso8601.prefix(7))
            firsts.append(time)
        }
        for index in firsts.indices where index + 12 < firsts.count {
            windows.append((firsts[index], firsts[index + 12]))
        }
        return windows
    }

    @Test func everyWindowOfTheArchiveComputes() throws {
        let archive = try Archive()
        let windows = Self.windows(archive.times)
        #expect(windows.count == 88 + 29)
        var failures: [String] = []
        for (from, to) in windows {
            do {
                let before = try archive.engine.map(at: from, view: .confirmed, events: archive.events)
                let after = try archive.engine.map(at: to, view: .confirmed, events: archive.events)
                let change = try ControlChange.compute(from: before, to: after, territory: archive.territory)
                // Net gains balance: what one side gains another loses.
                #expect(abs(change.netGain.values.reduce(0, +)) < 1e-6, "\(from.iso8601) → \(to.iso8601)")
                for map in [before, after] {
                    for row in ControlSummary(map: map, territory: archive.territory).areas {
                        let area = try #require(archive.territory.geoData.area(iso: row.iso))
                        let held = row.sides.values.reduce(0, +)
                        #expect(abs(held - area.km2) <= 1e-6 * area.km2, "\(map.at.iso8601) \(row.iso): \(held) of \(area.km2) km²")
                    }
                }
            } catch {
                failures.append("\(from.iso8601) → \(to.iso8601): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(windows.count) windows failed:\n\(failures.joined(separator: "\n"))")
        print("archive sweep: \(windows.count) windows, \(failures.count) failed, \(archive.territory.context.robustFallbacks) robust fallbacks")
    }
}
