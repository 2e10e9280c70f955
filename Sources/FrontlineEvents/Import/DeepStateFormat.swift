import Foundation
import FrontlineGeoData
import FrontlineGeometry
import FrontlineSupport
import FrontlineJSON

/// DeepStateMap snapshots as archived (one GeoJSON file per published map, named by its UTC unix
/// time): each file becomes one snapshot event of region `UA`, claimant "DeepStateMap", status
/// confirmed.
///
/// Features are classified by fill colour, with the name where the colours drifted:
///
/// | fill | meaning | side |
/// |---|---|---|
/// | `#a52714` | occupied after 24 Feb 2022 | RU |
/// | `#880e4f`, `#000000` | occupied before 24 Feb 2022 (Crimea, ORDLO) | RU |
/// | `#0f9d58`, `#0288d1`, `#01579b`, `#0097a7` | liberated / recaptured | UA |
/// | `#bcaaa4`, `#bdbdbd` | unknown status, contested | contested |
/// | `#ff5252`, and Transnistria under any colour | territories outside Ukraine | left out |
///
/// Any other colour is an error naming the feature: a new convention must be classified, not
/// guessed. Point features (arrows, units, cities) are not control data and are skipped.
///
/// Each side's polygons are merged (overlap-free); where sides overlap, RU is drawn over
/// contested and contested over UA (parts in that order). What no part covers is, by the
/// snapshot's definition, held by UA: the UA part is the liberated areas as drawn, not all the
/// land Ukraine holds.
///
/// A classified polygon that reaches far beyond the theatre (DeepState's maps of February to
/// November 2023 have a grey triangle in the Arabian Sea) is kept as drawn, with a warning
/// naming the feature and the km² of it beyond ``theatre``.
public final class DeepStateFormat: ConcurrentEventFileFormat, @unchecked Sendable {
    public let name = "deepstate"
    public let fileExtensions: [String] = []
    /// Overrides the time taken from the file name.
    let at: EventTime?
    /// Where the war's maps may draw: what a classified polygon has beyond this box is reported
    /// (nil: the embedded GeoData's, ``theatre(of:)``).
    let theatre: BoundingBox?
    /// Each file's report, as the import submits it.
    private let fileReports = MapFileReports<Report>()

    /// What one snapshot says, measured as drawn: overlap-free, geodesic, before any clipping.
    public struct Report: Sendable {
        public let file: String
        public let at: EventTime
        public let km2BySide: [Side: Double]
        /// Features left out as territory outside Ukraine (Transnistria, …).
        public let outsideUkraine: Int
        /// Whether the import left the snapshot out as already in the log (``SkippedEvent``).
        public var skipped = false
    }

    public var reports: [Report] { fileReports.all }

    /// `theatre`: by default ``theatre(of:)`` the embedded GeoData.
    public init(at: EventTime? = nil, theatre: BoundingBox? = nil) {
        self.at = at
        self.theatre = theatre
    }

    private static let embeddedTheatre = Result { theatre(of: try GeoData.embedded()) }

    /// How far, in degrees of longitude and latitude, the theatre reaches beyond GeoData's areas.
    public static let theatreMargin = 1.0

    /// The theatre of `geoData`: the box of its admin areas (Ukraine's and Russia's border
    /// oblasts: lon 22.1–44.3, lat 44.4–54.0 for the embedded GeoData), grown by
    /// ``theatreMargin`` on every side. Generous on purpose: what lies beyond it is far from
    /// any front (another continent's coast, a stray vertex), not a drawing that differs from
    /// GeoData's generalised borders.
    public static func theatre(of geoData: GeoData) -> BoundingBox {
        let box = BoundingBox(enclosing: geoData.areas.compactMap(\.geometry.boundingBox))
            ?? BoundingBox(minLon: -180, minLat: -90, maxLon: 180, maxLat: 90)
        return box.expanded(by: theatreMargin)
    }

    static let sideOfFill: [String: String] = [
        "#a52714": "RU", "#880e4f": "RU", "#000000": "RU",
        "#0f9d58": "UA", "#0288d1": "UA", "#01579b": "UA", "#0097a7": "UA",
        "#bcaaa4": Side.contested.code, "#bdbdbd": Side.contested.code,
    ]
    static let outsideFill = "#ff5252"
    /// Painting order: later parts are drawn over earlier ones.
    static let partOrder = ["UA", Side.contested.code, "RU"]

    static let formatHint = "this looks like a DeepStateMap snapshot: use --format deepstate"

    /// Whether a parsed GeoJSON document (Foundation values) is a DeepStateMap snapshot rather
    /// than Frontline's GeoJSON of events: a FeatureCollection none of whose features carries an
    /// event property (`at`, `side`, `source`, `place`, `snapshot`) and some of whose features
    /// carry a DeepState status colour (`fill`, see the table above) or a DeepState name
    /// ("Ukrainian /// English").
    static func looksLikeSnapshot(_ root: [String: Any]) -> Bool {
        guard root["type"] as? String == "FeatureCollection", let features = root["features"] as? [Any] else { return false }
        var marked = false
        for case let feature as [String: Any] in features {
            guard let properties = feature["properties"] as? [String: Any] else { continue }
            if ["at", "side", "source", "place", "snapshot"].contains(where: { properties[$0] != nil }) { return false }
            if let fill = (properties["fill"] as? String)?.lowercased(), sideOfFill[fill] != nil || fill == outsideFill { marked = true }
            if let name = properties["name"] as? String, name.contains("///") { marked = true }
        }
        return marked
    }

    /// The side of a feature, nil for territory outside Ukraine; throws for an unknown colour.
    static func classify(fill: String?, name: String?) throws -> String? {
        let name = name ?? ""
        if name.contains("Придністров") || name.localizedCaseInsensitiveContains("transnistria") { return nil }
        guard let fill = fill?.lowercased() else {
            throw EventFieldError("missing: cannot classify a polygon without its colour (name '\(printable(name))')", field: "fill")
        }
        if fill == outsideFill { return nil }
        guard let side = sideOfFill[fill] else {
            throw EventFieldError("unknown status colour '\(printable(fill))' (name '\(printable(name))'): classify it in DeepStateFormat", field: "fill")
        }
        return side
    }

    /// What reading one file found, before it meets the import: its problems and warnings (by
    /// location and field), and the snapshot with its report when there were no problems.
    struct Reading: Sendable {
        var problems: [(location: String, field: String, problem: String)] = []
        var warnings: [(location: String, field: String, message: String)] = []
        var draft: EventDraft?
        /// The draft's content digest (``CanonicalForm/contentDigest(of:)``), made here rather
        /// than on the import's reading thread, which runs one file after another.
        var contentDigest: String?
        var report: Report?
    }

    /// Parsing, classifying, merging and measuring, which need nothing of the import: on any
    /// thread (``ConcurrentEventFileFormat``).
    public func prepare(path: String) throws -> @Sendable (ImportContext) throws -> Void {
        let reading = try read(path: path)
        return { context in
            MapFileReading.deliver(reading.problems, reading.warnings, to: context)
            guard let draft = reading.draft, var report = reading.report else { return }
            let skippedBefore = context.skipped.count
            try context.submit(draft, at: "1", contentDigest: reading.contentDigest)
            report.skipped = context.skipped.count > skippedBefore
            self.fileReports.append(report)
        }
    }

    /// Each layer's km² as painted (later layers over earlier ones), without cutting the layers
    /// apart: what a layer shows is the union of it and the layers above, less the union of
    /// those above; the unions nest, so its area is the difference of their areas. Two unions
    /// for three sides; measuring the sides painted apart (``GEOSGeometry/overlapFree(_:)``: two
    /// differences and a union) was no faster.
    static func paintedKm2(_ layers: [(side: String, geometry: GEOSGeometry)]) throws -> [String: Double] {
        var km2: [String: Double] = [:]
        var above: GEOSGeometry?
        var aboveKm2 = 0.0
        for layer in layers.reversed() {
            let upTo = try above.map { try $0.union(layer.geometry) } ?? layer.geometry
            let upToKm2 = try upTo.drawnAreaKm2
            km2[layer.side] = max(0, upToKm2 - aboveKm2)
            (above, aboveKm2) = (upTo, upToKm2)
        }
        return km2
    }

    /// The warning for a classified feature whose polygons reach beyond ``theatre``: its name,
    /// side and the km² beyond (measured as drawn: the feature's polygons merged, less what of
    /// them lies within the box), or nil when nothing of them does.
    func farBeyond(_ polygons: [Polygon], box: BoundingBox, theatre: BoundingBox, feature: Feature, side: String,
                   context: GEOSContext) throws -> String? {
        let merged = try GEOSGeometry.dissolve(try polygons.map { try GEOSGeometry(.polygon($0), context: context) }, context: context)
        let beyond = try merged.drawnAreaKm2 - merged.clip(to: theatre).drawnAreaKm2
        guard beyond > 0 else { return nil }
        let name = feature.name.map { "'\(Self.printable($0))'" } ?? "(no name)"
        func degrees(_ a: Double, _ b: Double) -> String { String(format: "%.1f–%.1f", a, b) }
        return "\(name) (\(side)): \(Self.km2(beyond)) km² of it lies far beyond the theatre (outside "
            + "lon \(degrees(theatre.minLon, theatre.maxLon)), lat \(degrees(theatre.minLat, theatre.maxLat)); "
            + "the feature spans lon \(degrees(box.minLon, box.maxLon)), lat \(degrees(box.minLat, box.maxLat))); "
            + "kept as drawn, so the \(side) km² as drawn include it"
    }

    static func box(_ inner: BoundingBox, within outer: BoundingBox) -> Bool {
        inner.minLon >= outer.minLon && inner.maxLon <= outer.maxLon && inner.minLat >= outer.minLat && inner.maxLat <= outer.maxLat
    }

    /// Whole km² with thousands separators ("less than 1" below one).
    static func km2(_ value: Double) -> String {
        let whole = Int(value.rounded())
        guard whole >= 1 else { return "less than 1" }
        let digits = String(whole)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }

    /// `LINE:COLUMN` of a location in the file (the file's name is the import's to give).
    static func position(_ location: GeoJSONLocation) -> String { "\(location.line):\(location.column)" }

    /// `text` with control characters shown as escapes (`\n`, `\u{1B}`), for messages.
    static func printable(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control {
                out += scalar == "\n" ? "\\n" : scalar == "\t" ? "\\t" : "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    func read(path: String) throws -> Reading {
        var reading = Reading()
        let fileName = (path as NSString).lastPathComponent
        var at = self.at
        if at == nil {
            let stem = (fileName as NSString).deletingPathExtension
            guard let seconds = Int64(stem), seconds > 0 else {
                reading.problems.append(("1", "file name", "'\(Self.printable(fileName))' is not a UTC unix time (e.g. 1662817875.geojson); give --at"))
                return reading
            }
            at = EventTime(millisecondsSinceEpoch: seconds * 1000, precision: .second)
        }
        let document: GeoJSONDocument
        do {
            document = try Trace.total("import: read and parse GeoJSON, check and repair validity") {
                try GeoJSONReader(repair: true, checkValidity: true).read(contentsOfFile: path)
            }
        } catch let error as GeoJSONError {
            if let location = error.location {
                reading.problems.append((Self.position(location), location.path.isEmpty ? "geojson" : VisibleText.escaped(location.path), error.message))
            } else {
                reading.problems.append(("1", "geojson", error.description))
            }
            return reading
        } catch {
            throw ImportIOError(path: path, reason: "\(error)")
        }
        for warning in document.warnings {
            reading.warnings.append((Self.position(warning.location), VisibleText.escaped(warning.location.path), warning.message))
        }
        /// `LINE:COLUMN: features[N]`: where the feature starts, as the GeoJSON reader's own
        /// errors say where (a document read otherwise has no locations: its index then).
        func whereFeature(_ index: Int) -> String {
            index < document.featureLocations.count ? Self.position(document.featureLocations[index]) + ": features[\(index)]"
                : "features[\(index)]"
        }

        let theatre = try self.theatre ?? Self.embeddedTheatre.get()
        let geos = try GEOSContext()
        var polygons: [String: [GEOSGeometry]] = [:]
        var outside = 0
        for (index, feature) in document.features.enumerated() {
            guard let geometry = feature.geometry else { continue }
            let drawn = geometry.polygons
            guard !drawn.isEmpty else { continue }  // points and lines: not control data
            let properties = feature.properties ?? JSONObject()
            let side: String?
            do {
                side = try Self.classify(fill: properties["fill"]?.stringValue, name: properties["name"]?.stringValue)
            } catch let error as EventFieldError {
                reading.problems.append((whereFeature(index), error.field ?? "fill", error.problem))
                continue
            }
            guard let side else { outside += 1; continue }
            for polygon in drawn {
                polygons[side, default: []].append(try GEOSGeometry(.polygon(polygon), context: geos))
            }
            if let box = geometry.boundingBox, !Self.box(box, within: theatre),
               let warning = try farBeyond(drawn, box: box, theatre: theatre, feature: feature, side: side, context: geos) {
                reading.warnings.append((whereFeature(index), "geometry", warning))
            }
        }
        guard reading.problems.isEmpty else { return reading }

        // Merge each side, then measure each as painted (later sides over earlier ones).
        var parts: [Snapshot.Part] = []
        var km2: [String: Double] = [:]
        var merged: [(side: String, geometry: GEOSGeometry)] = []
        try Trace.total("import: merge each side (GEOS zero buffer)") {
            for side in Self.partOrder {
                guard let list = polygons[side] else { continue }
                merged.append((side, try GEOSGeometry.dissolve(list, context: geos)))
            }
        }
        try Trace.total("import: measure each side as drawn (nested unions, geodesic km²)") {
            km2 = try Self.paintedKm2(merged)
        }
        for (side, geometry) in merged {
            let polygonsOnly = try geometry.geometry().polygons
            guard !polygonsOnly.isEmpty else { continue }
            parts.append(Snapshot.Part(side: Side(normalized: side), geometry: .multiPolygon(polygonsOnly)))
        }
        let draft = try EventDraft(at: at!, subject: .snapshot(Snapshot(region: "UA", parts: parts)), side: nil,
                                   status: .confirmed, claimant: "DeepStateMap", source: "DeepStateMap snapshot \(fileName)",
                                   url: "https://deepstatemap.live")
        reading.draft = draft
        reading.contentDigest = Trace.total("import: content digest of the snapshot") { CanonicalForm.contentDigest(of: draft) }
        reading.report = Report(file: path, at: at!, km2BySide: Dictionary(uniqueKeysWithValues: km2.map { (Side(normalized: $0.key), $0.value) }),
                               outsideUkraine: outside)
        return reading
    }
}
