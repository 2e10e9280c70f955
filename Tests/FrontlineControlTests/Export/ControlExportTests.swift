import Foundation
import FrontlineEvents
import FrontlineGeometry
import Testing
@testable import FrontlineControl
import FrontlineJSON

struct ControlExportTests {
    /// Every layer of a map with cells, a drawn area and territory outside: valid geometries,
    /// exterior rings counter-clockwise and holes clockwise (RFC 7946 §3.1.6), measures of the
    /// very geometry written.
    @Test func everyLayerIsValidRFC7946() throws {
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        try theatre.record(.place(geonameID: SyntheticTheatre.east), "Y", at: "2022-03-01")
        // A hole-making area inside the west cell, and a part outside every area.
        try theatre.record(.area(SyntheticTheatre.square(-1.5, 0.5, -1.2, 0.8)), "Z", at: "2022-03-02")
        try theatre.record(.area(SyntheticTheatre.square(5, 0, 6, 1)), "Y", at: "2022-03-02")
        let before = try theatre.map(at: "2022-02-01")
        let map = try theatre.map(at: "2022-03-03")
        let change = try ControlChange.compute(from: before, to: map, territory: theatre.territory, withGeometry: true)
        let features = try ControlExport.features(map: map, change: change, layers: ControlExport.Layer.allCases,
                                                  territory: theatre.territory)
        let bytes = try GeoJSONWriter().write(FeatureCollection(features: features))

        let document = try GeoJSONReader(repair: false, checkValidity: true).read(bytes, source: "export")
        #expect(document.warnings.isEmpty)
        let layers = Dictionary(grouping: document.features, by: { $0.properties?["layer"]?.stringValue ?? "?" })
        #expect(Set(layers.keys) == ["control", "changes", "frontline", "places", "areas", "cells"])
        #expect(layers["cells"]?.count == 3)
        #expect(layers["control"]?.count == 3)  // X, Y, Z
        #expect(layers["places"]?.count == 3)
        for feature in document.features {
            guard let geometry = feature.geometry else { Issue.record("feature without geometry"); continue }
            if !geometry.polygons.isEmpty {
                let reason = try geometry.validityReason
                #expect(try geometry.isValid, "\(feature.properties?["layer"]?.stringValue ?? "?"): \(reason)")
                let km2 = try #require(feature.properties?["km2"]?.numberValue)
                #expect(relative(km2, geometry.drawnAreaKm2) < 1e-12)
            }
            if !geometry.lineStrings.isEmpty {
                let km = try #require(feature.properties?["km"]?.numberValue)
                #expect(relative(km, Geodesic.wgs84.length(of: geometry) / 1000) < 1e-12)
            }
        }

        // Winding, read from the raw JSON (the reader could reorient).
        let json = try JSONParser.parse(bytes)
        var rings = 0
        for feature in json["features"]?.arrayValue ?? [] {
            guard let geometry = feature["geometry"]?.objectValue, let type = geometry["type"]?.stringValue else { continue }
            let polygons: [JSONValue]
            switch type {
            case "Polygon": polygons = [geometry["coordinates"]!]
            case "MultiPolygon": polygons = geometry["coordinates"]!.arrayValue!
            default: continue
            }
            for polygon in polygons {
                for (index, ring) in polygon.arrayValue!.enumerated() {
                    let points = ring.arrayValue!.map { ($0.arrayValue![0].numberValue!, $0.arrayValue![1].numberValue!) }
                    var twiceArea = 0.0
                    for i in 0..<(points.count - 1) {
                        twiceArea += points[i].0 * points[i + 1].1 - points[i + 1].0 * points[i].1
                    }
                    #expect(index == 0 ? twiceArea > 0 : twiceArea < 0, "ring \(index) of a \(type) has the wrong winding")
                    rings += 1
                }
            }
        }
        #expect(rings > 5)
        let outside = try #require(layers["changes"]?.first { $0.properties?["to"]?.stringValue == "Z" })
        #expect(outside.properties?["from"]?.stringValue == "X")
    }
}
