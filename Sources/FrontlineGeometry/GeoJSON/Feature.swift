import FrontlineJSON
/// A GeoJSON Feature (RFC 7946 §3.2): a geometry (or none) with properties.
public struct Feature: Hashable, Sendable {
    /// The feature's `id` member: a string or a number in RFC 7946, kept as read.
    public var id: JSONValue?
    /// nil for a feature whose `geometry` is null (or missing).
    public var geometry: Geometry?
    /// nil for `"properties": null` (or missing).
    public var properties: JSONObject?

    public init(id: JSONValue? = nil, geometry: Geometry?, properties: JSONObject? = nil) {
        self.id = id
        self.geometry = geometry
        self.properties = properties
    }

    /// `properties.name` when it is a string, with surrounding whitespace (including no-break
    /// spaces and trailing newlines, as in DeepStateMap names) trimmed.
    public var name: String? {
        guard case .string(let name)? = properties?["name"] else { return nil }
        let trimmed = name.trimmingWhitespace
        return trimmed.isEmpty ? nil : trimmed
    }
}

/// A GeoJSON FeatureCollection (RFC 7946 §3.3).
public struct FeatureCollection: Hashable, Sendable {
    public var features: [Feature]

    public init(features: [Feature]) { self.features = features }
}

/// What ``GeoJSONReader`` read from one text: the features (a single Feature or a bare geometry
/// becomes one feature) and what it had to repair.
public struct GeoJSONDocument: Hashable, Sendable {
    public var features: [Feature]
    public var warnings: [GeoJSONWarning]
    /// Where each feature starts (its `{`: file, line, column, JSON path), for messages about
    /// a feature that the reader accepted; one per feature when read by ``GeoJSONReader``.
    public var featureLocations: [GeoJSONLocation]

    public init(features: [Feature], warnings: [GeoJSONWarning] = [], featureLocations: [GeoJSONLocation] = []) {
        self.features = features
        self.warnings = warnings
        self.featureLocations = featureLocations
    }

    public var collection: FeatureCollection { FeatureCollection(features: features) }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
