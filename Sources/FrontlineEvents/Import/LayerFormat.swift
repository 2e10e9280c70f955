import Foundation
import FrontlineGeometry
import FrontlineSupport

/// Any polygon layer as one side's map: each file (GeoJSON: a FeatureCollection, a Feature or a
/// bare geometry) is one snapshot of region `rest`, whose one part is the union of the file's
/// polygons, held by `side`; what the layer leaves of the region is `rest`'s (the snapshot's
/// convention: the rest of a region is its own country's). The time is `--at`'s or the file
/// name's (the first `YYYYMMDD`, `YYYY-MM-DD` or unix time in it).
///
/// Properties are not read. Features with a null geometry, points and lines are skipped with a
/// warning; a file with no polygon at all is an error (its snapshot would give the whole region
/// to `rest`).
public final class LayerFormat: ConcurrentEventFileFormat, @unchecked Sendable {
    public let name = "layer"
    public let fileExtensions: [String] = []
    let at: EventTime?
    public let side: Side
    public let rest: String
    let status: EventStatus
    let claimant: String
    let source: String?
    /// Each file's report, as the import submits it.
    private let fileReports = MapFileReports<Report>()

    public struct Report: Sendable {
        public let file: String
        public let at: EventTime
        /// The layer's km², as drawn (its polygons merged, geodesic).
        public let km2: Double
        public var skipped = false
    }

    public var reports: [Report] { fileReports.all }

    /// `side` and `rest`: sides already checked against the log (`rest` a region's code); `source`: by default
    /// "CLAIMANT layer FILE NAME".
    public init(side: Side, rest: String, status: EventStatus = .confirmed, claimant: String, source: String? = nil,
                at: EventTime? = nil) {
        self.side = side
        self.rest = rest
        self.status = status
        self.claimant = claimant
        self.source = source
        self.at = at
    }

    struct Reading: Sendable {
        var problems: [(location: String, field: String, problem: String)] = []
        var warnings: [(location: String, field: String, message: String)] = []
        var draft: EventDraft?
        var digest: String?
        var report: Report?
    }

    public func prepare(path: String) throws -> @Sendable (ImportContext) throws -> Void {
        let reading = try read(path: path)
        return { context in
            MapFileReading.deliver(reading.problems, reading.warnings, to: context)
            guard let draft = reading.draft, var report = reading.report else { return }
            let skippedBefore = context.skipped.count
            try context.submit(draft, at: "1", contentDigest: reading.digest)
            report.skipped = context.skipped.count > skippedBefore
            self.fileReports.append(report)
        }
    }

    func read(path: String) throws -> Reading {
        var reading = Reading()
        let fileName = (path as NSString).lastPathComponent
        guard let (at, document) = try MapFileReading.open(path: path, at: at, problems: &reading.problems,
                                                            warnings: &reading.warnings) else { return reading }
        var polygons: [Polygon] = []
        for (index, feature) in document.features.enumerated() {
            let location = MapFileReading.whereFeature(index, in: document)
            guard let geometry = feature.geometry else {
                reading.warnings.append((location, "geometry", "null geometry: feature skipped"))
                continue
            }
            let drawn = geometry.polygons
            guard !drawn.isEmpty else {
                reading.warnings.append((location, "geometry", "a \(geometry.typeName), not a polygon: feature skipped"))
                continue
            }
            polygons += drawn
        }
        let geos = try GEOSContext()
        guard let merged = try Trace.total("import: merge the layer (GEOS zero buffer)", { try MapFileReading.merged(polygons, context: geos) }) else {
            reading.problems.append(("1", "geometry", "no polygon in the layer: its snapshot would give all of \(rest) to \(rest); nothing imported"))
            return reading
        }
        let draft = try EventDraft(at: at, subject: .snapshot(Snapshot(region: rest, parts: [.init(side: side, geometry: merged.geometry)])),
                                   side: nil, status: status, claimant: claimant,
                                   source: source ?? "\(claimant) layer \(fileName)")
        reading.draft = draft
        reading.digest = CanonicalForm.contentDigest(of: draft)
        reading.report = Report(file: path, at: at, km2: merged.km2)
        return reading
    }
}
