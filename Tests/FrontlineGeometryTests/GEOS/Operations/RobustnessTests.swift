import CGEOS
import Foundation
import Testing
@testable import FrontlineGeometry

/// Predicates and overlays on real geometry where GEOS's first algorithm fails (fixtures in
/// GEOS/Robustness, with their story).
@Suite struct RobustnessTests {
    static func fixture(_ name: String, context: GEOSContext) throws -> GEOSGeometry {
        let url = try #require(Bundle.module.url(forResource: "Robustness/\(name)", withExtension: "wkt"))
        return try GEOSGeometry(wkt: try String(contentsOf: url, encoding: .utf8), context: context)
    }

    @Test func intersectsAnswersWhereRelateFails() throws {
        let context = try GEOSContext()
        let ru = try Self.fixture("kupiansk-2023-11-ru", context: context)
        let ua = try Self.fixture("kupiansk-2024-11-ua", context: context)
        #expect(try ru.isValid && ua.isValid)
        // The graph-based answer is what failed.
        #expect(GEOSIntersectsRaw(ru, ua) == 2, "GEOS answered this time: the fixture no longer tests the fallback")
        #expect(try ru.intersects(ua))
        #expect(try ua.intersects(ru))
        #expect(try !ru.disjoint(ua))
        #expect(context.robustFallbacks >= 3)
        // The same answer as the overlay's: they share territory (what changed hands).
        let shared = try ru.intersection(ua)
        #expect(try !shared.isEmpty)
        #expect(try shared.isValid)
        #expect(try !ru.covers(ua) && !ua.coveredBy(ru))
    }

    @Test func theFallbackGridCostsNothingMeasurable() throws {
        // The overlay on the fallback's grid against the floating one, on the same real pair.
        let context = try GEOSContext()
        let ru = try Self.fixture("kupiansk-2023-11-ru", context: context)
        let ua = try Self.fixture("kupiansk-2024-11-ua", context: context)
        let floating = try ru.intersection(ua).geometry().drawnAreaKm2
        let gridded = try ru.intersection(ua, gridSize: GEOSGeometry.robustGridSize).geometry().drawnAreaKm2
        #expect(floating > 1)
        #expect(abs(gridded - floating) / floating < 1e-6, "\(floating) km² floating, \(gridded) km² on the grid")
    }

    @Test func clipIsValidWhereTheRectangleClipIsNot() throws {
        let context = try GEOSContext()
        let part = try Self.fixture("deepstate-2022-spring-part", context: context)
        #expect(try part.isValid)
        let box = BoundingBox(minLon: 35, minLat: 45, maxLon: 36, maxLat: 46)
        // GEOSClipByRect_r alone gives a ring that touches itself.
        let raw = try GEOSGeometry(owning: #require(GEOSClipByRect_r(context.handle, part.pointer, 35, 45, 36, 46)), context: context)
        #expect(try !raw.isValid, "GEOS clipped this validly: the fixture no longer tests the fallback")
        let clipped = try part.clip(to: box)
        #expect(try clipped.isValid)
        #expect(context.robustFallbacks == 1)
        // The same territory as the rectangle clip drew.
        #expect(abs(try clipped.planarArea - raw.planarArea) < 1e-12)
    }

    @Test func clipAnswersWhereTheRectangleClipThrows() throws {
        let context = try GEOSContext()
        let sliver = try Self.fixture("isw-2023-06-01-sliver", context: context)
        #expect(try sliver.isValid)
        // The window LayerClipping cut ISW's map of 2023-06-01 with.
        let box = BoundingBox(minLon: 35.9075, minLat: 47.27881, maxLon: 41.9075, maxLat: 51.27881)
        let raw = GEOSClipByRect_r(context.handle, sliver.pointer, box.minLon, box.minLat, box.maxLon, box.maxLat)
        _ = context.takeErrorMessage()
        #expect(raw == nil, "GEOS clipped this one: the fixture no longer tests the fallback")
        if let raw { GEOSGeom_destroy_r(context.handle, raw) }
        let clipped = try sliver.clip(to: box)
        #expect(try clipped.isValid)
        let kind = try clipped.kind
        #expect(kind.isPolygonal, "a polygon's clip stays polygonal: \(kind)")
        #expect(context.robustFallbacks == 1)
        // The overlay's answer, polygons only: the sliver is a line where the box cuts it.
        let overlay = try sliver.intersection(GEOSGeometry(box: box, context: context)).polygonalPart()
        #expect(abs(try clipped.planarArea - overlay.planarArea) < 1e-15)
    }

    @Test func setPrecisionAnswersWhereTheSnapRoundingThrows() throws {
        let context = try GEOSContext()
        let sliver = try Self.fixture("deepstate-2023-change-sliver", context: context)
        #expect(try sliver.isValid)
        let raw = GEOSGeom_setPrecision_r(context.handle, sliver.pointer, 1e-6, Int32(GEOS_PREC_VALID_OUTPUT.rawValue))
        _ = context.takeErrorMessage()
        #expect(raw == nil, "GEOS snapped this one: the fixture no longer tests the fallback")
        if let raw { GEOSGeom_destroy_r(context.handle, raw) }
        let snapped = try sliver.setPrecision(gridSize: 1e-6)
        #expect(try snapped.isValid)
        #expect(context.robustFallbacks == 1)
        // A sliver thinner than the grid collapses, as GEOS 3.14's snap-rounding has it.
        // Polygons on the grid, as thin as the sliver: moving each vertex by at most half a step
        // changes the area by at most the perimeter times a step.
        let polygons = try snapped.polygonalPart()
        #expect(try polygons.isValid)
        let wkt = try polygons.wkt()
        #expect(wkt.firstMatch(of: /\.\d{7}/) == nil, "off the grid: \(wkt)")
        #expect(abs(try polygons.planarArea - sliver.planarArea) <= (try sliver.planarLength) * 1e-6)
        // Where snap-rounding works, the fallback is not taken.
        let square = try GEOSGeometry(wkt: "POLYGON ((30 40, 30.0000004 40, 30.0000004 40.0000004, 30 40.0000004, 30 40))", context: context)
        _ = try square.setPrecision(gridSize: 1e-6)
        #expect(context.robustFallbacks == 1)
    }
}

/// `GEOSIntersects_r` itself, without the fallback: 1, 0, or 2 on an exception.
private func GEOSIntersectsRaw(_ a: GEOSGeometry, _ b: GEOSGeometry) -> Int8 {
    let result = GEOSIntersects_r(a.context.handle, a.pointer, b.pointer)
    _ = a.context.takeErrorMessage()
    return Int8(result)
}
