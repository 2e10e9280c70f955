import Foundation
import FrontlineGeoData
import FrontlineGeometry
import Testing
@testable import FrontlineEvents
import FrontlineTestSupport

/// Imports that can be run again: a snapshot the log already holds is skipped; a polygon far
/// beyond the theatre is reported; a DeepState file read as Frontline's GeoJSON says so once.
/// These need the shared DeepStateMap files and fail without them.
struct DeepStateReimportTests {
    static func shared(_ stem: String) throws -> String {
        let url = DeepStateFormatTests.folder.appendingPathComponent("\(stem).geojson")
        try #require(FileManager.default.fileExists(atPath: url.path), "shared DeepStateMap data missing: \(url.path)")
        return url.path
    }

    static func importer(_ store: SQLiteEventStore, _ format: DeepStateFormat = DeepStateFormat()) -> EventImporter {
        EventImporter(store: store, gazetteer: Fixtures.gazetteer, formats: EventFormats.builtIn + [format])
    }

    static func snapshotCount(_ store: SQLiteEventStore) throws -> Int {
        try store.count(matching: EventFilter(kinds: [.snapshot]))
    }

    @Test func importingTheSameSnapshotsAgainAddsNothing() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let files = try ["1648989208", "1662817875", "1675299936"].map(Self.shared)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let first = try Self.importer(store).importFiles(files, format: "deepstate")
        #expect(first.total == 3 && first.skipped.isEmpty)
        let events = try store.allEvents()

        let format = DeepStateFormat()
        let again = try Self.importer(store, format).importFiles(files, format: "deepstate")
        #expect(again.total == 0)
        #expect(again.skipped.map(\.file) == files)
        #expect(again.skipped.allSatisfy { $0.inLog })
        #expect(Set(again.skipped.map(\.existing)) == Set(events.map { "event \($0.id)" }))
        #expect(format.reports.map(\.skipped) == [true, true, true])
        #expect(try store.allEvents() == events)
        #expect(try store.verifyChain().isIntact)

        // Twice in one import: the second is skipped, naming where the import had it first.
        let other = try SQLiteEventStore(path: dir.path("other.sqlite"))
        let twice = try Self.importer(other).importFiles([files[1], files[1]], format: "deepstate")
        #expect(twice.total == 1 && twice.skipped.count == 1)
        #expect(twice.skipped.first.map { !$0.inLog && $0.existing == "\(files[1]):1" } == true)
        #expect(try Self.snapshotCount(other) == 1)

        // A retracted snapshot is not held: importing it again records it anew.
        _ = try store.retract(eventID: events[0].id, reason: "re-import after a retraction")
        let afterRetraction = try Self.importer(store).importFiles([files[0]], format: "deepstate")
        #expect(afterRetraction.total == 1 && afterRetraction.skipped.isEmpty)
        #expect(try Self.snapshotCount(store) == 4)

        // The same map given another time is another event.
        let later = try EventTime(parsing: "2023-02-03T00:00:00Z")
        let moved = try Self.importer(store, DeepStateFormat(at: later)).importFiles([files[2]], format: "deepstate")
        #expect(moved.total == 1 && moved.skipped.isEmpty)
    }

    /// DeepState's snapshots reach the import as drafts (their digests made with them): a
    /// time more than a day ahead is still refused.
    @Test func aSnapshotFromTheFutureIsRefused() throws {
        let dir = try TempDir()
        defer { dir.remove() }
        let future = Int(Date().timeIntervalSince1970) + 3 * 86_400
        let file = try dir.write("\(future).geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"x","fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}}
            ]}
            """)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        #expect {
            try Self.importer(store).importFiles([file], format: "deepstate")
        } throws: { error in
            (error as? ImportRejected)?.problems.map { "\($0.field): \($0.problem)" } == ["at: '\(EventTime(millisecondsSinceEpoch: Int64(future) * 1000, precision: .second).iso8601)' is more than a day in the future"]
        }
        #expect(try store.count(matching: EventFilter()) == 0)
    }

    /// "Same content": every field a user records counts, the recording time does not.
    @Test func theContentDigestCoversWhatWasRecordedAndNothingElse() throws {
        let at = try EventTime(parsing: "2022-09-10T13:51:15Z")
        let snapshot = Snapshot(region: "UA", parts: [.init(side: "RU", geometry: Fixtures.square)])
        let draft = try EventDraft(at: at, subject: .snapshot(snapshot), side: "", status: .confirmed,
                                   claimant: "DeepStateMap", source: "DeepStateMap snapshot 1662817875.geojson")
        let digest = CanonicalForm.contentDigest(of: draft)
        #expect(digest.count == 64)
        #expect(CanonicalForm.contentDigest(of: draft) == digest)
        // Stored and read back (another recording time, a position, an id): the same content.
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let stored = try store.append([draft])[0]
        let readBack = EventDraft(checked: stored.at, subject: stored.subject, side: stored.side, status: stored.status,
                                  claimant: stored.claimant, source: stored.source, url: stored.url, note: stored.note)
        #expect(CanonicalForm.contentDigest(of: readBack) == digest)

        var moved = Fixtures.square
        if case .polygon(let polygon) = moved {
            var ring = polygon.exterior
            ring[1] = Coordinate(lon: ring[1].lon.nextUp, lat: ring[1].lat)
            moved = .polygon(try Polygon(exterior: ring))
        }
        var variants: [EventDraft] = []
        var v = draft; v.at = try EventTime(parsing: "2022-09-10T13:51:16Z"); variants.append(v)
        v = draft; v.status = .claimed; variants.append(v)
        v = draft; v.claimant = "ISW"; variants.append(v)
        v = draft; v.source = "DeepStateMap snapshot 1662817876.geojson"; variants.append(v)
        v = draft; v.url = "https://deepstatemap.live"; variants.append(v)
        v = draft; v.note = "n"; variants.append(v)
        v = draft; v.subject = .snapshot(Snapshot(region: "RU", parts: snapshot.parts)); variants.append(v)
        v = draft; v.subject = .snapshot(Snapshot(region: "UA", parts: [.init(side: "contested", geometry: Fixtures.square)])); variants.append(v)
        v = draft; v.subject = .snapshot(Snapshot(region: "UA", parts: [.init(side: "RU", geometry: moved)])); variants.append(v)
        v = draft; v.subject = .snapshot(Snapshot(region: "UA", parts: snapshot.parts + snapshot.parts)); variants.append(v)
        let digests = variants.map(CanonicalForm.contentDigest(of:))
        #expect(Set(digests + [digest]).count == variants.count + 1)
    }

    /// DeepState's map of 2023-02-02 has a grey (unknown status) triangle in the Arabian Sea.
    @Test func aPolygonFarBeyondTheTheatreIsReportedWithItsKm2() throws {
        let file = try Self.shared("1675299936")
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let summary = try Self.importer(store).importFiles([file], format: "deepstate")
        #expect(summary.total == 1)
        let far = summary.warnings.filter { $0.contains("far beyond the theatre") }
        try #require(far.count == 1, "\(summary.warnings)")
        #expect(far[0].hasPrefix("\(file):1:193365: features[55]: geometry: 'Статус невідомий /// Unknown status' (contested): "))

        // Its km², measured here from the file: the triangle lies wholly beyond the theatre, the
        // feature's other polygon wholly within it.
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any])
        let feature = try #require((root["features"] as? [[String: Any]])?[55])
        let parts = try #require((feature["geometry"] as? [String: Any])?["geometries"] as? [[String: Any]])
        let ring = try #require((parts[0]["coordinates"] as? [[[Double]]])?.first)
        let triangle = Geometry.polygon(try Polygon(exterior: ring.map { Coordinate(lon: $0[0], lat: $0[1]) }))
        let expected = triangle.drawnAreaKm2
        #expect(expected > 20_000)
        let km2 = far[0].split(separator: ": ").last?.split(separator: " km²").first.map { $0.replacingOccurrences(of: ",", with: "") }
        let reported = try #require(km2.flatMap { Double($0) }, "\(far[0])")
        #expect(abs(reported - expected) <= 0.5, "\(reported) vs \(expected)")

        // The map of 2022-09-10 draws nothing there.
        let other = try SQLiteEventStore(path: dir.path("other.sqlite"))
        let clean = try Self.importer(other).importFiles([try Self.shared("1662817875")], format: "deepstate")
        #expect(!clean.warnings.contains { $0.contains("far beyond") })
    }

    @Test func theTheatreIsGeoDatasAreasWithAMargin() throws {
        let theatre = DeepStateFormat.theatre(of: try GeoData.embedded())
        // Ukraine's westernmost point (22.1°E) and Russia's border oblasts to 44.3°E and 54.0°N.
        #expect(abs(theatre.minLon - (22.13 - DeepStateFormat.theatreMargin)) < 0.01)
        #expect(abs(theatre.maxLon - (44.33 + DeepStateFormat.theatreMargin)) < 0.01)
        #expect(abs(theatre.minLat - (44.39 - DeepStateFormat.theatreMargin)) < 0.01)
        #expect(abs(theatre.maxLat - (54.03 + DeepStateFormat.theatreMargin)) < 0.01)

        // A small square partly beyond a given theatre: its part beyond, measured; a control
        // character in its name is shown escaped.
        let dir = try TempDir()
        defer { dir.remove() }
        let file = try dir.write("1662817875.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"far\\u001b[31m","fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[38,49],[38,50],[36,50],[36,49]]]}}
            ]}
            """)
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let box = BoundingBox(minLon: 30, minLat: 45, maxLon: 37, maxLat: 55)
        let summary = try Self.importer(store, DeepStateFormat(theatre: box)).importFiles([file], format: "deepstate")
        let warning = try #require(summary.warnings.first { $0.contains("far beyond") })
        let beyond = Geometry.polygon(try Polygon(exterior: [
            .init(lon: 37, lat: 49), .init(lon: 38, lat: 49), .init(lon: 38, lat: 50), .init(lon: 37, lat: 50), .init(lon: 37, lat: 49)]))
        #expect(warning.contains("'far\\u{1B}[31m' (RU): \(DeepStateFormat.km2(beyond.drawnAreaKm2)) km² of it"), "\(warning)")
        #expect(!warning.contains("\u{1B}"))
    }

    @Test func aDeepStateFileWithoutItsFormatIsNamedInOneLine() throws {
        let file = try Self.shared("1662817875")
        let dir = try TempDir()
        defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let json = dir.path("map.json")
        try FileManager.default.copyItem(atPath: file, toPath: json)
        for path in [file, json] {
            #expect {
                try Self.importer(store).importFiles([path])
            } throws: { error in
                (error as? ImportFormatMismatch)?.description == "\(path): this looks like a DeepStateMap snapshot: use --format deepstate"
            }
        }
        #expect(try store.count(matching: EventFilter()) == 0)

        // Frontline's own GeoJSON with a stray colour is still read as events (and its unknown
        // property reported as such); a .json file that is not DeepState still asks for --format.
        let events = try dir.write("events.geojson", """
            {"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"at":"2022-09-10","side":"UA","source":"ISW","fill":"#a52714"},"geometry":{"type":"Polygon","coordinates":[[[36,49],[37,49],[37,50],[36,49]]]}}
            ]}
            """)
        #expect {
            try Self.importer(store).importFiles([events])
        } throws: { error in
            (error as? ImportRejected)?.problems.map(\.field) == ["fill"]
        }
        let other = try dir.write("other.json", #"{"type":"FeatureCollection","features":[]}"#)
        #expect(throws: ImportUsageError.self) { try Self.importer(store).importFiles([other]) }
    }
}
