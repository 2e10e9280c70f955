import Foundation
import FrontlineGeometry
import FrontlineJSON

/// The keys of an event object in JSON Lines and of a feature's properties in GeoJSON.
enum EventJSON {
    static let keys: Set<String> = ["at", "place", "side", "status", "claimant", "source", "url", "note", "geometry", "snapshot"]

    /// Reads the event keys of `object`, reporting problems with `report(field, problem)`.
    /// `geometry` and `snapshot` are given as parsed, so their geometries are read by
    /// ``GeoJSONReader/geometry(from:zeroSign:)``.
    static func fields(_ object: [String: Any], geometry: JSONValue?, snapshot: JSONValue?,
                       report: (String, String) -> Void) -> EventFields {
        var fields = EventFields()
        func text(_ key: String) -> String? {
            switch object[key] {
            case nil, is NSNull: return nil
            case let s as String: return s
            case let n as NSNumber where key == "place": return n.stringValue
            default:
                report(key, "must be a string")
                return nil
            }
        }
        fields.at = text("at"); fields.place = text("place"); fields.side = text("side"); fields.status = text("status")
        fields.claimant = text("claimant"); fields.source = text("source"); fields.url = text("url"); fields.note = text("note")
        if let geometry, geometry != .null {
            do { fields.geometry = try self.geometry(geometry) } catch {
                report("geometry", (error as? EventFieldError)?.problem ?? "\(error)")
            }
        }
        if let snapshot, snapshot != .null {
            do { fields.snapshot = try self.snapshot(snapshot) } catch {
                report("snapshot", (error as? EventFieldError)?.problem ?? "\(error)")
            }
        }
        return fields
    }

    /// `{"region": "UA", "parts": [{"side": "RU", "geometry": {…}}, …]}`
    static func snapshot(_ json: JSONValue) throws -> Snapshot {
        guard let object = json.objectValue, let region = object["region"]?.stringValue, !region.isEmpty,
              let parts = object["parts"]?.arrayValue
        else { throw EventFieldError("must be {\"region\": …, \"parts\": [{\"side\": …, \"geometry\": …}]}") }
        return Snapshot(region: region, parts: try parts.enumerated().map { index, part in
            guard let part = part.objectValue, let side = part["side"]?.stringValue, let geometry = part["geometry"] else {
                throw EventFieldError("part \(index + 1) must have \"side\" and \"geometry\"")
            }
            do {
                let checked = try AreaCheck.prepare(try self.geometry(geometry))
                return Snapshot.Part(side: try Side(side), geometry: checked.geometry)
            } catch let error as EventFieldError {
                throw EventFieldError("part \(index + 1): \(error.problem)")
            }
        })
    }

    /// A GeoJSON geometry object of an event file; errors are ``EventFieldError``s. Numbers come
    /// as Foundation's did when events were read through it: -0 reads as 0, `true` as 1.
    static func geometry(_ json: JSONValue) throws -> Geometry {
        do { return try GeoJSONReader.geometry(from: json, zeroSign: false) } catch {
            throw EventFieldError(error.problem)
        }
    }

    /// Parses JSON into Foundation values (`[String: Any]`, `[Any]`, `String`, `NSNumber`, `Bool`,
    /// `NSNull`) with the shared byte-level parser, whose numbers are exact (JSONSerialization on
    /// Linux can be one ulp off, which would break lossless round trips of coordinates). A key
    /// given twice in one object is refused: `{"side":"UA","side":"RU"}` would otherwise be
    /// recorded as RU without a word.
    static func parse(_ bytes: [UInt8]) throws -> Any {
        try parseValue(bytes).foundation
    }

    /// The parsed value itself, for the members read as ``JSONValue`` (geometries).
    static func parseValue(_ bytes: [UInt8]) throws -> JSONValue {
        try JSONParser.parse(bytes, rejectingDuplicateKeys: true)
    }

    static func describe(_ error: Error) -> String {
        if let error = error as? JSONSyntaxError {
            return "malformed JSON: column \(error.column): \(error.message)"
        }
        return "malformed JSON: \(error)"
    }

    /// Reports a JSON text that did not parse, at `line` (its line in the file): a repeated key
    /// as a problem of that key, anything else as malformed JSON.
    static func report(_ error: Error, at line: String, to context: ImportContext) {
        if let error = error as? JSONSyntaxError, let key = error.duplicateKey {
            let shown = key.utf8.count <= 64 ? FieldRules.escaped(key) : "json"
            context.report(line, shown, "appears twice in one object (column \(error.column)); give each key once")
        } else {
            context.report(line, "json", describe(error))
        }
    }
}

private extension JSONValue {
    /// Integral numbers become integer NSNumbers, so a GeoNames id reads back as "707292".
    var foundation: Any {
        switch self {
        case .null: NSNull()
        case .bool(let b): b
        case .number(let d): d == d.rounded() && abs(d) < 9e15 ? NSNumber(value: Int64(d)) : NSNumber(value: d)
        case .string(let s): s
        case .array(let a): a.map(\.foundation)
        case .object(let o): Dictionary(o.map { ($0.key, $0.value.foundation) }, uniquingKeysWith: { _, last in last })
        }
    }
}

/// JSON Lines: one event object per line with the CSV's keys (`place` a string or a number), plus
/// an optional GeoJSON `geometry` for area events (then no `place`), or a `snapshot`.
public struct JSONLinesEventFormat: EventFileFormat {
    public let name = "jsonl"
    public let fileExtensions = ["jsonl", "ndjson"]

    public init() {}

    public func read(path: String, into context: ImportContext) throws {
        var lines = LineReader(input: try ChunkedInput(path: path))
        var bytes: [UInt8] = []
        while try lines.next(into: &bytes) {
            let location = String(lines.line)
            if lines.lineTooLong {
                context.report(location, "json", "the line is longer than the limit of \(CSVReader.describe(bytes: lines.maxLineBytes))")
                continue
            }
            if bytes.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            let value: JSONValue
            do { value = try EventJSON.parseValue(bytes) } catch {
                EventJSON.report(error, at: location, to: context)
                continue
            }
            let json = value.foundation
            guard let object = json as? [String: Any] else {
                context.report(location, "json", "each line must be a JSON object")
                continue
            }
            for key in object.keys.sorted() where !EventJSON.keys.contains(key) {
                context.report(location, FieldRules.escaped(key), "is not an event key (\(EventJSON.keys.sorted().joined(separator: ", ")))")
            }
            var rowProblems = false
            let fields = EventJSON.fields(object, geometry: value["geometry"], snapshot: value["snapshot"]) { field, problem in
                rowProblems = true
                context.report(location, field, problem)
            }
            if !rowProblems { try context.submit(fields, at: location) }
        }
    }
}

/// A GeoJSON FeatureCollection whose features carry the event keys as properties: a polygonal
/// geometry makes an area event; a Point (or no geometry) with a `place` property a place event.
/// GeoJSON is one JSON document, so it is read whole (use JSON Lines for very large files).
public struct GeoJSONEventFormat: EventFileFormat {
    public let name = "geojson"
    public let fileExtensions = ["geojson"]

    public init() {}

    public func read(path: String, into context: ImportContext) throws {
        let bytes = try ChunkedInput(path: path).readAll()
        let value: JSONValue
        do { value = try EventJSON.parseValue(bytes) } catch {
            // A repeated key is reported on its own line; other syntax errors as before.
            let duplicate = (error as? JSONSyntaxError).flatMap { $0.duplicateKey == nil ? nil : String($0.line) }
            EventJSON.report(error, at: duplicate ?? "1", to: context)
            return
        }
        let json = value.foundation
        let featureValues = value["features"]?.arrayValue ?? []
        guard let root = json as? [String: Any], root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [Any]
        else {
            context.report("1", "json", "expected a GeoJSON FeatureCollection")
            return
        }
        if DeepStateFormat.looksLikeSnapshot(root) {
            throw ImportFormatMismatch(file: path == "-" ? "<stdin>" : path, hint: DeepStateFormat.formatHint)
        }
        if ISWFormat.looksLikeISW(root) {
            throw ImportFormatMismatch(file: path == "-" ? "<stdin>" : path, hint: ISWFormat.formatHint)
        }
        let starts = Self.featureStarts(bytes)
        for (index, feature) in features.enumerated() {
            // `LINE:COLUMN: features[N]`, as the GeoJSON reader's own errors say where.
            let location = index < starts.count ? "\(starts[index].line):\(starts[index].column): features[\(index)]" : "features[\(index)]"
            guard let feature = feature as? [String: Any], feature["type"] as? String == "Feature" else {
                context.report(location, "feature", "is not a GeoJSON Feature")
                continue
            }
            let properties = feature["properties"] as? [String: Any] ?? [:]
            for key in properties.keys.sorted() where !EventJSON.keys.contains(key) || key == "geometry" {
                context.report(location, FieldRules.escaped(key), "is not an event property (\(EventJSON.keys.subtracting(["geometry"]).sorted().joined(separator: ", ")))")
            }
            var rowProblems = false
            let fields = EventJSON.fields(properties, geometry: featureValues[index]["geometry"],
                                          snapshot: featureValues[index]["properties"]?.objectValue?["snapshot"]) { field, problem in
                rowProblems = true
                context.report(location, field, problem)
            }
            if !rowProblems { try context.submit(fields, at: location) }
        }
    }

    /// The line and column (in bytes, from 1) at which each element of the root object's
    /// `features` array starts, found with a small scan of the JSON text (strings, nesting).
    static func featureStarts(_ bytes: [UInt8]) -> [(line: Int, column: Int)] {
        var lines: [(line: Int, column: Int)] = []
        var line = 1
        var lineStart = 0
        var depth = 0
        var featuresDepth: Int?  // depth inside the `features` array
        var inString = false, escaped = false
        var stringStart = 0
        var lastKey: String?
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 1 { lastKey = String(decoding: bytes[stringStart..<i], as: UTF8.self) }
                }
            } else {
                switch b {
                case UInt8(ascii: "\""):
                    inString = true
                    stringStart = i + 1
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    if let fd = featuresDepth, depth == fd { lines.append((line, i - lineStart + 1)) }
                    depth += 1
                    if b == UInt8(ascii: "["), depth == 2, lastKey == "features", featuresDepth == nil { featuresDepth = 2 }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if let fd = featuresDepth, depth < fd { return lines }
                default:
                    if featuresDepth == depth, depth == 2, !(b == 32 || b == 10 || b == 13 || b == 9 || b == UInt8(ascii: ",")) {
                        lines.append((line, i - lineStart + 1))  // a non-object element (null, a number): keep the count right
                        while i + 1 < bytes.count, ![UInt8(ascii: ","), UInt8(ascii: "]")].contains(bytes[i + 1]) { i += 1 }
                    }
                }
            }
            i += 1
        }
        return lines
    }
}
