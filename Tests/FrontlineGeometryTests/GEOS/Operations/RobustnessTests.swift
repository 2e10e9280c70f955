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
}

/// `GEOSIntersects_r` itself, without the fallback: 1, 0, or 2 on an exception.
private func GEOSIntersectsRaw(_ a: GEOSGeometry, _ b: GEOSGeometry) -> Int8 {
    let result = GEOSIntersects_r(a.context.handle, a.pointer, b.pointer)
    _ = a.context.takeErrorMessage()
    return Int8(result)
}
