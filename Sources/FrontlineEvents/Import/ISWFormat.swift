import Foundation
import FrontlineGeometry
import FrontlineSupport

/// The Institute for the Study of War's map layers, one GeoJSON file per day of ISW's map (as
/// snapshotted from ISW's ArcGIS feature services; `properties.layer` names each feature's
/// layer), named by that day (`20230615.geojson`; the first `YYYYMMDD`, `YYYY-MM-DD` or unix
/// time of the name) unless `--at` is given.
///
/// | ISW layer | side | status | claimant | recorded as |
/// |---|---|---|---|---|
/// | `VIEW_RussiaCoTinUkraine_V3` (assessed Russian control) | RU | confirmed | ISW | snapshot part |
/// | `MDS_AssessedRussianAdvanceInUkraine_view` (assessed advances) | contested | confirmed | ISW | snapshot part |
/// | `VIEW_ClaimedRussianTerritoryinUkraine_V2` | RU | claimed | Russian sources (per ISW) | area event |
/// | `VIEW_ClaimedUkrainianCounteroffensives_V2` | UA | claimed | Ukrainian sources (per ISW) | area event |
///
/// The snapshot is ISW's assessment, the confirmed map. ISW draws its layers apart (they meet
/// without overlapping: a claim is cut out of the assessed control), and so each layer has a
/// side in it too:
///
/// | layer | in the confirmed map |
/// |---|---|
/// | assessed control | RU, drawn over the others |
/// | assessed advances | contested (ISW assesses operations, not control) |
/// | claimed Ukrainian counteroffensives | contested (ISW has taken the area out of Russian control, and does not assess it Ukrainian) |
/// | claimed Russian territory | the rest: UA (not assessed as Russian-held) |
///
/// The early archive (to mid-May 2023) names the layers in Japanese: `ロシア軍支配エリア` is the
/// assessed control; `ロシア軍侵攻エリア` ("Russian advance area") holds the assessed advances
/// and the Russian claims together, and is taken as ISW's claimed Russian territory (a claim:
/// which parts ISW assessed cannot be told apart), contested in the confirmed map, as the
/// assessed advances it mostly is; `ウクライナ軍反撃エリア` is the claimed Ukrainian
/// counteroffensives, left to the rest (UA) in the confirmed map: that layer still held the
/// areas Ukraine regained in 2022 (on 1 May 2023, 13,786 km² of Kharkiv oblast and 8,115 km²
/// on the Dnipro's right bank), which ISW's control layer had long left Ukrainian.
///
/// Each file gives, at its time: the snapshot (region UA, status confirmed, claimant ISW); then
/// each claimed layer as one area event (the table's side, status claimed, the claimant),
/// recorded after the snapshot, so that a view including the claim paints it over ISW's map of
/// that day (`claimed:RU` adds the Russian claims, `claimed:UA` the Ukrainian ones, `claimant:NAME`
/// one source's; the confirmed view neither), and the next day's snapshot hides it in Ukraine.
/// Within a layer, overlapping polygons are merged. Features with a null geometry are skipped
/// with a warning; a layer name not in the table above is an error naming the feature.
public final class ISWFormat: ConcurrentEventFileFormat, @unchecked Sendable {
    public let name = "isw"
    public let fileExtensions: [String] = []
    let at: EventTime?
    /// Each file's report, as the import submits it.
    private let fileReports = MapFileReports<Report>()

    public struct Layer: Sendable, Hashable {
        /// ISW's name of the layer.
        public let name: String
        public let side: Side
        public let status: EventStatus
        public let claimant: String
    }

    public static let assessedControl = Layer(name: "VIEW_RussiaCoTinUkraine_V3", side: .russia, status: .confirmed, claimant: "ISW")
    public static let assessedAdvances = Layer(name: "MDS_AssessedRussianAdvanceInUkraine_view", side: .contested,
                                               status: .confirmed, claimant: "ISW")
    public static let claimedRussian = Layer(name: "VIEW_ClaimedRussianTerritoryinUkraine_V2", side: .russia, status: .claimed,
                                             claimant: "Russian sources (per ISW)")
    public static let claimedUkrainian = Layer(name: "VIEW_ClaimedUkrainianCounteroffensives_V2", side: .ukraine, status: .claimed,
                                               claimant: "Ukrainian sources (per ISW)")
    /// In the order they are recorded and painted: the snapshot's parts (later over earlier),
    /// then the claims.
    public static let layers = [assessedAdvances, assessedControl, claimedRussian, claimedUkrainian]

    /// The early archive's Japanese layer names, as ISW's.
    public static let japaneseNames: [String: Layer] = [
        "ロシア軍支配エリア": assessedControl,
        "ロシア軍侵攻エリア": claimedRussian,
        "ウクライナ軍反撃エリア": claimedUkrainian,
    ]

    /// ISW's layer a file's layer name stands for, and the side its areas have in the confirmed
    /// map (nil: the rest, UA); see the tables above.
    static func layer(named name: String) -> (layer: Layer, confirmedSide: Side?)? {
        switch name {
        case assessedControl.name, "ロシア軍支配エリア": (assessedControl, .russia)
        case assessedAdvances.name: (assessedAdvances, .contested)
        case claimedUkrainian.name: (claimedUkrainian, .contested)
        case claimedRussian.name: (claimedRussian, nil)
        case "ロシア軍侵攻エリア": (claimedRussian, .contested)
        case "ウクライナ軍反撃エリア": (claimedUkrainian, nil)
        default: nil
        }
    }

    static let formatHint = "this looks like an ISW map (its features name ISW's layers): use --format isw"

    /// Whether a parsed GeoJSON document (Foundation values) is an ISW map rather than
    /// Frontline's GeoJSON of events: a FeatureCollection none of whose features carries an event
    /// property (`at`, `side`, `source`, `place`, `snapshot`) and some of whose features name one
    /// of ISW's layers (English or Japanese) in `layer`.
    static func looksLikeISW(_ root: [String: Any]) -> Bool {
        guard root["type"] as? String == "FeatureCollection", let features = root["features"] as? [Any] else { return false }
        var marked = false
        for case let feature as [String: Any] in features {
            guard let properties = feature["properties"] as? [String: Any] else { continue }
            if ["at", "side", "source", "place", "snapshot"].contains(where: { properties[$0] != nil }) { return false }
            if let name = properties["layer"] as? String, layer(named: name) != nil { marked = true }
        }
        return marked
    }

    /// What one file says, measured as drawn: each layer's polygons merged, geodesic km².
    public struct Report: Sendable {
        public let file: String
        public let at: EventTime
        /// Per ISW layer name present in the file.
        public let layers: [(layer: Layer, km2: Double)]
        /// How many of the file's events were left out as already in the log.
        public var skipped = 0
    }

    public var reports: [Report] { fileReports.all }

    public init(at: EventTime? = nil) {
        self.at = at
    }

    struct Reading: Sendable {
        var problems: [(location: String, field: String, problem: String)] = []
        var warnings: [(location: String, field: String, message: String)] = []
        var drafts: [(draft: EventDraft, digest: String)] = []
        var report: Report?
    }

    public func prepare(path: String) throws -> @Sendable (ImportContext) throws -> Void {
        let reading = try read(path: path)
        return { context in
            MapFileReading.deliver(reading.problems, reading.warnings, to: context)
            guard var report = reading.report else { return }
            let skippedBefore = context.skipped.count
            for (draft, digest) in reading.drafts {
                try context.submit(draft, at: "1", contentDigest: digest, skipsRecordedArea: true)
            }
            report.skipped = context.skipped.count - skippedBefore
            self.fileReports.append(report)
        }
    }

    func read(path: String) throws -> Reading {
        var reading = Reading()
        let fileName = (path as NSString).lastPathComponent
        guard let (at, document) = try MapFileReading.open(path: path, at: at, problems: &reading.problems,
                                                            warnings: &reading.warnings) else { return reading }
        var polygons: [Layer: [Polygon]] = [:]
        var confirmed: [Side: [Polygon]] = [:]
        for (index, feature) in document.features.enumerated() {
            let location = MapFileReading.whereFeature(index, in: document)
            guard let raw = feature.properties?["layer"] else {
                reading.problems.append((location, "properties.layer", "missing: an ISW feature names its layer (e.g. \(Self.assessedControl.name))"))
                continue
            }
            guard let name = raw.stringValue else {
                reading.problems.append((location, "properties.layer", "is not a string"))
                continue
            }
            guard let (layer, confirmedSide) = Self.layer(named: name) else {
                let known = (Self.layers.map(\.name) + Self.japaneseNames.keys.sorted()).joined(separator: ", ")
                reading.problems.append((location, "properties.layer", "unknown ISW layer '\(DeepStateFormat.printable(name))' (known: \(known))"))
                continue
            }
            guard let geometry = feature.geometry else {
                reading.warnings.append((location, "geometry", "null geometry (layer \(DeepStateFormat.printable(name))): feature skipped"))
                continue
            }
            let drawn = geometry.polygons
            guard !drawn.isEmpty else {
                reading.warnings.append((location, "geometry", "a \(geometry.typeName), not a polygon (layer \(DeepStateFormat.printable(name))): feature skipped"))
                continue
            }
            polygons[layer, default: []] += drawn
            if let confirmedSide { confirmed[confirmedSide, default: []] += drawn }
        }
        if polygons[Self.assessedControl] == nil && reading.problems.isEmpty {
            reading.problems.append(("1", "properties.layer", "no feature of ISW's assessed control (\(Self.assessedControl.name) or ロシア軍支配エリア): "
                + "not an ISW map (its snapshot would give all of Ukraine to UA)"))
        }
        guard reading.problems.isEmpty else { return reading }

        let geos = try GEOSContext()
        var merged: [Layer: (geometry: Geometry, km2: Double)] = [:]
        try Trace.total("import: merge each ISW layer (GEOS zero buffer)") {
            for layer in Self.layers {
                if let list = polygons[layer], let union = try MapFileReading.merged(list, context: geos) { merged[layer] = union }
            }
        }
        let source = "ISW map \(fileName)"
        let url = "https://www.understandingwar.org"
        // The confirmed map: contested (advances, Ukrainian claims), RU (assessed control) over it.
        var parts: [Snapshot.Part] = []
        for side in [Side.contested, .russia] {
            guard let list = confirmed[side], let union = try MapFileReading.merged(list, context: geos) else { continue }
            parts.append(Snapshot.Part(side: side, geometry: union.geometry))
        }
        var drafts = [try EventDraft(at: at, subject: .snapshot(Snapshot(region: "UA", parts: parts)), side: nil,
                                     status: .confirmed, claimant: Self.assessedControl.claimant, source: source, url: url)]
        for layer in [Self.claimedRussian, Self.claimedUkrainian] {
            guard let union = merged[layer] else { continue }
            drafts.append(try EventDraft(at: at, subject: .area(union.geometry), side: layer.side, status: layer.status,
                                         claimant: layer.claimant, source: source, url: url,
                                         note: "ISW layer \(layer.name): territory claimed, not assessed by ISW"))
        }
        reading.drafts = drafts.map { ($0, CanonicalForm.contentDigest(of: $0)) }
        reading.report = Report(file: path, at: at, layers: Self.layers.compactMap { layer in merged[layer].map { (layer, $0.km2) } })
        return reading
    }
}
