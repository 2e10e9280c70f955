import Foundation
import FrontlineGeometry
import FrontlineSupport

/// What the map formats that read one GeoJSON layer file per map (``ISWFormat``,
/// ``LayerFormat``) share: the time in a file's name, and reading the file with its problems
/// located at `LINE:COLUMN`.
enum MapFileReading {
    /// The time a file's name gives: the first `YYYYMMDD`, `YYYY-MM-DD` (a day, UTC) or unix
    /// time (9 or 10 digits: seconds UTC) in it, left to right; a run of digits that is none of
    /// these ("v3", "2023" alone) is passed over. Nil when there is none.
    static func time(inFileName fileName: String) -> EventTime? {
        let stem = Array((fileName as NSString).deletingPathExtension.utf8)
        func isDigit(_ i: Int) -> Bool { i < stem.count && stem[i] >= 48 && stem[i] <= 57 }
        func number(_ range: Range<Int>) -> Int64 { range.reduce(0) { $0 * 10 + Int64(stem[$1] - 48) } }
        func day(_ y: Int64, _ m: Int64, _ d: Int64) -> EventTime? {
            guard (1900...2100).contains(y), (1...12).contains(m), (1...31).contains(d) else { return nil }
            let text = String(format: "%04d-%02d-%02d", y, m, d)
            guard let time = try? EventTime(parsing: text), time.iso8601.hasPrefix(text) else { return nil }
            return time
        }
        var i = 0
        while i < stem.count {
            guard isDigit(i), i == 0 || !isDigit(i - 1) else { i += 1; continue }
            var end = i
            while isDigit(end) { end += 1 }
            let run = end - i
            // YYYY-MM-DD
            func byte(_ j: Int) -> UInt8? { j < stem.count ? stem[j] : nil }
            if run == 4, byte(end) == 45, isDigit(end + 1), isDigit(end + 2), byte(end + 3) == 45,
               isDigit(end + 4), isDigit(end + 5), !isDigit(end + 6),
               let time = day(number(i..<end), number(end + 1..<end + 3), number(end + 4..<end + 6)) {
                return time
            }
            if run == 8, let time = day(number(i..<i + 4), number(i + 4..<i + 6), number(i + 6..<i + 8)) { return time }
            if run == 9 || run == 10 {
                return EventTime(millisecondsSinceEpoch: number(i..<end) * 1000, precision: .second)
            }
            i = end
        }
        return nil
    }

    /// A GeoJSON map file, read and repaired as DeepState's are; a problem (`LINE:COLUMN`,
    /// field, message) when it cannot be, or an I/O error when it cannot be read at all.
    static func document(path: String) throws -> Result<GeoJSONDocument, Problem> {
        do {
            return .success(try GeoJSONReader(repair: true, checkValidity: true).read(contentsOfFile: path))
        } catch let error as GeoJSONError {
            if let location = error.location {
                return .failure(Problem(location: DeepStateFormat.position(location),
                                        field: location.path.isEmpty ? "geojson" : VisibleText.escaped(location.path),
                                        message: error.message))
            }
            return .failure(Problem(location: "1", field: "geojson", message: error.description))
        } catch {
            throw ImportIOError(path: path, reason: "\(error)")
        }
    }

    /// A map file's time (`at` when given, else its name's) and its document, with the
    /// document's warnings appended to `warnings`; nil after appending to `problems` what stops it.
    static func open(path: String, at: EventTime?,
                     problems: inout [(location: String, field: String, problem: String)],
                     warnings: inout [(location: String, field: String, message: String)]) throws -> (at: EventTime, document: GeoJSONDocument)? {
        let fileName = (path as NSString).lastPathComponent
        guard let at = at ?? time(inFileName: fileName) else {
            problems.append(("1", "file name", "'\(DeepStateFormat.printable(fileName))' has no date (YYYYMMDD, YYYY-MM-DD) or unix time; give --at"))
            return nil
        }
        switch try document(path: path) {
        case .success(let document):
            for warning in document.warnings {
                warnings.append((DeepStateFormat.position(warning.location), VisibleText.escaped(warning.location.path), warning.message))
            }
            return (at, document)
        case .failure(let problem):
            problems.append((problem.location, problem.field, problem.message))
            return nil
        }
    }

    struct Problem: Error, Sendable {
        let location: String
        let field: String
        let message: String
    }

    /// `LINE:COLUMN: features[N]`: where a feature starts.
    static func whereFeature(_ index: Int, in document: GeoJSONDocument) -> String {
        index < document.featureLocations.count
            ? DeepStateFormat.position(document.featureLocations[index]) + ": features[\(index)]" : "features[\(index)]"
    }

    /// The union of polygons as one valid MultiPolygon (nil for none), and its km² as drawn.
    static func merged(_ polygons: [Polygon], context: GEOSContext) throws -> (geometry: Geometry, km2: Double)? {
        guard !polygons.isEmpty else { return nil }
        let union = try GEOSGeometry.dissolve(try polygons.map { try GEOSGeometry(.polygon($0), context: context) }, context: context)
        let parts = try union.geometry().polygons
        guard !parts.isEmpty else { return nil }
        return (.multiPolygon(parts), try union.drawnAreaKm2)
    }
}
