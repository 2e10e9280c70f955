import Foundation
import Testing

/// Real data the reference tests read: the project's own scenario and the shared test data
/// (`../shared/data` beside the repository, described by its README files). A missing file
/// fails the test that needs it.
enum RealData {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var kharkivScenario: URL { repository.appendingPathComponent("GeoData/scenarios/kharkiv-2022.csv") }

    static func shared(_ path: String) -> URL {
        repository.deletingLastPathComponent().appendingPathComponent("shared/data").appendingPathComponent(path)
    }

    /// A file's bytes, failing the test when it is missing.
    static func bytes(_ url: URL, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let data = try #require(FileManager.default.contents(atPath: url.path), "missing \(url.path)", sourceLocation: sourceLocation)
        return [UInt8](data)
    }

    /// The features of a GeoJSON FeatureCollection from the shared data.
    static func features(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(try bytes(shared(path), sourceLocation: sourceLocation)))
        let collection = try #require(json as? [String: Any], sourceLocation: sourceLocation)
        return try #require(collection["features"] as? [[String: Any]], sourceLocation: sourceLocation)
    }

    /// Every string among the features' properties (DeepState's names with their trailing
    /// newlines and no-break spaces, ISW's layer names in English and Japanese, colours).
    static func propertyTexts(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [String] {
        try features(path, sourceLocation: sourceLocation).flatMap { feature -> [String] in
            ((feature["properties"] as? [String: Any]) ?? [:]).values.compactMap { $0 as? String }
        }
    }

    static let deepState = ["deepstate/1648989208.geojson", "deepstate/1662817875.geojson", "deepstate/1754077960.geojson"]
    static let isw = ["isw/20230501.geojson", "isw/20230615.geojson"]
}
