import Foundation
import Testing
@testable import FrontlineEvents
import FrontlineGeometry
import FrontlineJSON
import SeededRandom

/// ``CanonicalForm``, written straight into memory (an event's body apart, from strings or
/// from a file's bytes), against ``CanonicalForm/Reference``, the forms put together as
/// strings: the same bytes and the same hash for every entry.
@Suite struct CanonicalFormReferenceTests {
    static let scalars: [Unicode.Scalar] = ["a", "Z", "0", "9", ":", "~", " ", ",", "\"", "\n", "\r", "\t", "\u{0}",
                                            "\u{85}", "\u{A0}", "é", "Х", "ロ", "😀", "\u{FEFF}"]

    static func text(_ random: inout SplitMix64, upTo length: Int = 12) -> String {
        var text = String.UnicodeScalarView()
        let count = Int.random(in: 0..<8, using: &random) == 0 ? Int.random(in: 90...130, using: &random)
                                                               : Int.random(in: 0...length, using: &random)
        for _ in 0..<count { text.append(scalars.randomElement(using: &random)!) }
        return String(text)
    }

    static func optional<T>(_ random: inout SplitMix64, _ make: (inout SplitMix64) -> T) -> T? {
        Bool.random(using: &random) ? make(&random) : nil
    }

    static func integer(_ random: inout SplitMix64) -> Int64 {
        [0, 1, 9, 10, 99, 100, -1, -10, .max, .min, Int64.random(in: .min ... .max, using: &random),
         Int64.random(in: -1000...1000, using: &random)].randomElement(using: &random)!
    }

    static func wkb(_ random: inout SplitMix64) -> [UInt8] {
        (0..<Int.random(in: 0...40, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    static func event(_ random: inout SplitMix64) -> EventContent {
        EventContent(seq: integer(&random), id: text(&random), atUTC: integer(&random), atText: text(&random),
                     kind: text(&random), placeID: optional(&random) { Int(integer(&$0)) },
                     geometryWKB: optional(&random, wkb), side: text(&random), status: text(&random),
                     claimant: text(&random), source: text(&random), url: optional(&random) { text(&$0) },
                     note: optional(&random) { text(&$0, upTo: 300) }, recordedAt: text(&random),
                     region: optional(&random) { text(&$0) },
                     parts: (0..<Int.random(in: 0...3, using: &random)).map { _ in (side: text(&random), wkb: wkb(&random)) },
                     prevHash: text(&random, upTo: 64))
    }

    /// The event's form and hash, as the store and `verify` write them, and its body as an
    /// import writes it from a file's bytes, against the reference.
    static func compare(_ event: EventContent, label: @autoclosure () -> String,
                        sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        let reference = CanonicalForm.Reference.form(of: event)
        var form = CanonicalForm()
        let hash = event.hash(using: &form)
        guard form.bytes == Array(reference.utf8), hash == CanonicalForm.Reference.hash(reference) else {
            Issue.record("\(label()): \(form.text.debugDescription) ≠ reference \(reference.debugDescription)", sourceLocation: sourceLocation)
            return false
        }
        // The body from bytes (the CSV byte path): the same bytes, and its text fields where it says.
        var fromStrings = CanonicalForm(), fromBytes = CanonicalForm()
        fromStrings.eventBody(atUTC: event.atUTC, atText: event.atText, kind: event.kind, placeID: event.placeID,
                              geometryWKB: event.geometryWKB, side: event.side, status: event.status,
                              claimant: event.claimant, source: event.source, url: event.url, note: event.note,
                              recordedAt: event.recordedAt, parts: event.parts, region: event.region)
        let texts = [event.atText, event.claimant, event.source, event.url ?? "", event.note ?? ""].map { Array($0.utf8) }
        let fields = texts[0].withUnsafeBufferPointer { at in texts[1].withUnsafeBufferPointer { claimant in
            texts[2].withUnsafeBufferPointer { source in texts[3].withUnsafeBufferPointer { url in
                texts[4].withUnsafeBufferPointer { note in
                    fromBytes.eventBody(atUTC: event.atUTC, atText: at, kind: event.kind, placeID: event.placeID,
                                        geometryWKB: event.geometryWKB, side: event.side, status: event.status,
                                        claimant: claimant, source: source, url: event.url == nil ? nil : url,
                                        note: event.note == nil ? nil : note, recordedAt: event.recordedAt,
                                        parts: event.parts, region: event.region)
                } } } } }
        let body = fromBytes.bytes
        let values: [String?] = [event.atText, event.kind, event.side, event.status, event.claimant, event.source, event.url, event.note]
        for (field, value) in zip(CanonicalForm.TextFields.Field.allCases, values) {
            let start = Int(fields.starts[field.rawValue]), length = Int(fields.lengths[field.rawValue])
            let found = length < 0 ? nil : String(decoding: body[start..<start + length], as: UTF8.self)
            if found != value {
                Issue.record("\(label()): \(field) at \(start) is \(found.debugDescription), not \(value.debugDescription)", sourceLocation: sourceLocation)
                return false
            }
        }
        guard fromStrings.bytes == body, reference.utf8.elementsEqual(
            Array(CanonicalForm.Reference.field("frontline-event-1").utf8) + Array(CanonicalForm.Reference.field(event.seq).utf8)
                + Array(CanonicalForm.Reference.field(event.id).utf8) + body
                + Array(CanonicalForm.Reference.field(event.prevHash).utf8)) else {
            Issue.record("\(label()): the body from bytes or strings is not the reference's", sourceLocation: sourceLocation)
            return false
        }
        return true
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func generatedEventsAreWrittenAsTheReferenceWritesThem(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        for n in 0..<500 {
            guard Self.compare(Self.event(&random), label: "seed \(seed), event \(n)") else { return }
        }
    }

    @Test func generatedOtherEntriesAreWrittenAsTheReferenceWritesThem() {
        var random = SplitMix64(seed: 7)
        var form = CanonicalForm()
        func check(_ hash: String, _ reference: String, _ n: Int, _ kind: String) {
            #expect(form.bytes == Array(reference.utf8), "\(kind) \(n): \(form.text.debugDescription)")
            #expect(hash == CanonicalForm.Reference.hash(reference), "\(kind) \(n)")
        }
        for n in 0..<300 {
            let retraction = RetractionContent(seq: Self.integer(&random), eventID: Self.text(&random), reason: Self.text(&random),
                                               recordedAt: Self.text(&random), prevHash: Self.text(&random))
            check(retraction.hash(using: &form), CanonicalForm.Reference.form(of: retraction), n, "retraction")
            let side = SideDeclarationContent(seq: Self.integer(&random), code: Self.text(&random), name: Self.text(&random),
                                              recordedAt: Self.text(&random), prevHash: Self.text(&random))
            check(side.hash(using: &form), CanonicalForm.Reference.form(of: side), n, "side")
            let place = PlaceContent(seq: Self.integer(&random), id: Int(Self.integer(&random)), name: Self.text(&random),
                                     lat: .random(in: -90...90, using: &random), lon: .random(in: -180...180, using: &random),
                                     area: Self.text(&random), source: Self.text(&random), alternates: Self.text(&random),
                                     recordedAt: Self.text(&random), prevHash: Self.text(&random))
            check(place.hash(using: &form), CanonicalForm.Reference.form(of: place), n, "place")
            let placeRetraction = PlaceRetractionContent(seq: Self.integer(&random), placeID: Int(Self.integer(&random)),
                                                         reason: Self.text(&random), recordedAt: Self.text(&random),
                                                         prevHash: Self.text(&random))
            check(placeRetraction.hash(using: &form), CanonicalForm.Reference.form(of: placeRetraction), n, "place retraction")
        }
    }

    /// The scenario's rows as the events they record.
    @Test func theKharkivScenarioIsWrittenAsTheReferenceWritesIt() throws {
        let records = CSVReader.Reference.records(in: try RealData.bytes(RealData.kharkivScenario)).dropFirst()
        #expect(records.count > 10)
        var prevHash = CanonicalForm.genesisHash
        for (n, record) in records.enumerated() {
            let f = record.fields
            let event = EventContent(seq: Int64(n + 1), id: "01HF7YAT00ABCDEFGHJKMN\(1000 + n)", atUTC: 1_662_768_000_000 + Int64(n),
                                     atText: f[0], kind: "place", placeID: Int(f[1]), geometryWKB: nil, side: f[2], status: f[3],
                                     claimant: f[4], source: f[5], url: f[6].isEmpty ? nil : f[6], note: f[7].isEmpty ? nil : f[7],
                                     recordedAt: "2024-01-01T00:00:00.000Z", region: nil, parts: [], prevHash: prevHash)
            guard Self.compare(event, label: "line \(record.line)") else { return }
            prevHash = CanonicalForm.Reference.hash(CanonicalForm.Reference.form(of: event))
        }
    }

    /// Real maps' geometries (as WKB, hex in the form) and names, as area and snapshot events.
    @Test(arguments: [RealData.deepState[1], RealData.isw[0]])
    func realMapsAreWrittenAsTheReferenceWritesThem(path: String) throws {
        let features = try RealData.features(path)
        var parts: [(side: String, wkb: [UInt8])] = []
        for (n, feature) in features.enumerated() {
            guard let json = feature["geometry"], !(json is NSNull) else { continue }
            let text = try JSONSerialization.data(withJSONObject: json)
            let wkb = WKB.encode(try GeoJSONReader.geometry(from: JSONParser.parse([UInt8](text))))
            let name = ((feature["properties"] as? [String: Any]) ?? [:]).values.compactMap { $0 as? String }.joined(separator: "|")
            parts.append((side: name, wkb: wkb))
            let event = EventContent(seq: Int64(n + 1), id: "01HF7YAT00ABCDEFGHJKMNPQRS", atUTC: 1_662_817_875_000, atText: "2022-09-10T13:51:15Z",
                                     kind: "area", placeID: nil, geometryWKB: wkb, side: "RU", status: "confirmed",
                                     claimant: "DeepStateMap", source: path, url: nil, note: name,
                                     recordedAt: "2024-01-01T00:00:00.000Z", region: nil, parts: [], prevHash: CanonicalForm.genesisHash)
            guard Self.compare(event, label: "\(path) feature \(n)") else { return }
        }
        #expect(parts.count > 10)
        let snapshot = EventContent(seq: 1, id: "01HF7YAT00ABCDEFGHJKMNPQRS", atUTC: 1_662_817_875_000, atText: "2022-09-10T13:51:15Z",
                                    kind: "snapshot", placeID: nil, geometryWKB: nil, side: "*", status: "confirmed",
                                    claimant: "DeepStateMap", source: path, url: nil, note: nil,
                                    recordedAt: "2024-01-01T00:00:00.000Z", region: "UA", parts: parts, prevHash: CanonicalForm.genesisHash)
        #expect(Self.compare(snapshot, label: "\(path) as a snapshot"))
    }
}
