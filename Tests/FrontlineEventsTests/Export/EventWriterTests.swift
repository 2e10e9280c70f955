import Foundation
import FrontlineGeometry
import Testing
@testable import FrontlineEvents

/// The formats `events --format jsonl|csv` writes: what `import` reads back without loss.
@Suite struct EventWriterTests {
    @Test func aJSONLineHasSortedKeysAndEscapesLineBreaksAndTabs() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let event = try store.append([try Fixtures.draft("2022-09-10T12:00Z", note: "line one\nline\ttwo \"quoted\"")])[0]
        let line = EventWriter.jsonLine(event)
        #expect(!line.contains("\n"))
        #expect(line.contains(#""note":"line one\nline\ttwo \"quoted\"""#))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["note"] as? String == "line one\nline\ttwo \"quoted\"")
        #expect(object["place"] as? Int == Fixtures.izium)
        #expect(object["at"] as? String == "2022-09-10T12:00Z")
        // Keys in sorted order, as the line is written.
        let keys = line.split(separator: ",").compactMap { $0.split(separator: ":").first }
            .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "{\"")) }
        #expect(keys.filter { object.keys.contains($0) } == object.keys.sorted())
    }

    @Test func csvCarriesPlaceEventsOnlyAndQuotesWhatItMust() throws {
        let dir = try TempDir(); defer { dir.remove() }
        let store = try SQLiteEventStore(path: dir.path("log.sqlite"))
        let place = try store.append([try Fixtures.draft("2022-09-10", source: "ISW, \"assessed\"")])[0]
        let line = try #require(EventWriter.csvLine(place))
        #expect(line.contains(#""ISW, ""assessed""""#))
        #expect(line.hasPrefix("2022-09-10,\(Fixtures.izium),UA,claimed,"))
        #expect(EventWriter.csvHeader.hasPrefix("at,"))
    }
}
