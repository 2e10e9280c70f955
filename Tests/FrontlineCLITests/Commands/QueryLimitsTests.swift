import Foundation
import Testing

/// Bounded on hostile input: a query cannot ask for millennia of maps, a ring of infinite
/// radius, or an interval that ends before it begins.
@Suite struct QueryLimitsTests {
    let dir: URL
    var db: String { dir.appendingPathComponent("log.sqlite").path }

    init() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let recorded = try CLI.run(["record", "--db", db, "--place", "Izium", "--side", "UA", "--at", "2022-09-10", "--source", "ISW"])
        try #require(recorded.status == 0, "\(recorded.stderr)")
    }

    @Test func aYearOutsideTheQueryRangeIsRefused() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for arguments in [["timeline", "--from", "0001-01-01", "--to", "2022-01-01"], ["control", "--at", "2101-01-01"],
                          ["events", "--to", "1899-12-31T23:59Z"], ["change", "--from", "2022-01-01", "--to", "9999-12-31"]] {
            let started = Date()
            let result = try CLI.run(arguments + ["--db", db])
            #expect(result.status == 65, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains("is outside the years a query may name (1900–2100, UTC)"), "\(result.stderr)")
            #expect(Date().timeIntervalSince(started) < 30)  // was 146 s for the timeline
        }
        // The bounds themselves are in range.
        #expect(try CLI.run(["control", "--db", db, "--at", "2100-12-31", "--area", "UA-63"]).status == 0)
        #expect(try CLI.run(["events", "--db", db, "--from", "1900-01-01"]).status == 0)
    }

    @Test func aTimelineOfTooManyInstantsIsRefusedBeforeItStarts() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let days = try CLI.run(["timeline", "--db", db, "--from", "1900-01-01", "--to", "2022-01-01", "--every", "day"])
        #expect(days.status == 64)
        #expect(days.stderr == "error: --every day from --from to --to makes 44561 instants, more than a timeline draws (10000): take --every week, or a shorter interval\n")
        // 1,670 weeks are fine; so are 10,000 days (2000-01-01 to 2027-05-19 would be 10,001).
        let weeks = try CLI.run(["timeline", "--db", db, "--from", "1990-01-01", "--to", "2022-01-01", "--every", "week", "--json"])
        #expect(weeks.status == 0, "\(weeks.stderr)")
        let rows = try JSONSerialization.jsonObject(with: Data(weeks.stdout.utf8)) as? [Any]
        #expect(rows?.count == 1671)
    }

    @Test func hubThresholdsMustBeFiniteDistances() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        for option in [["--ring-km", "inf"], ["--ring-km", "nan"], ["--ring-km", "1001"], ["--ring-km", "0"],
                       ["--fire-km", "inf"], ["--pressure-km", "nan"], ["--axis-km=-1"], ["--min-fire-km", "1e9"],
                       ["--flank-degrees", "200"], ["--threatened-share", "nan"]] {
            let result = try CLI.run(["hubs", "--db", db, "--at", "2022-09-10"] + option)
            #expect(result.status == 64, "\(option): \(result.stderr)")
            #expect(result.stderr.hasPrefix("error: thresholds: 0 < --ring-km ≤ 1000"), "\(result.stderr)")
        }
        #expect(try CLI.run(["hubs", "--db", db, "--at", "2022-09-10", "--ring-km", "1000", "--area", "UA-63"]).status == 0)
    }

    @Test func eventsFromAfterToIsAUsageError() throws {
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CLI.run(["events", "--db", db, "--from", "2022-09-11", "--to", "2022-09-10"])
        #expect(result.status == 64)
        #expect(result.stderr == "error: --to (2022-09-10) is before --from (2022-09-11)\n")
        // One day as both bounds is that whole day.
        let day = try CLI.run(["events", "--db", db, "--from", "2022-09-10", "--to", "2022-09-10", "--json"])
        #expect((try JSONSerialization.jsonObject(with: Data(day.stdout.utf8)) as? [Any])?.count == 1)
    }
}
