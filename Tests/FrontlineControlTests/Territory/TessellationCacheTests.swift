import Foundation
import FrontlineGeoData
import Testing
@testable import FrontlineControl

struct TessellationCacheTests {
    @Test func theCacheRoundTripsEveryCellExactly() throws {
        let tessellation = TessellationTests.tessellation
        let data = TessellationCache.encode(tessellation)
        let decoded = try #require(TessellationCache.decode(data))
        #expect(decoded.cells == tessellation.cells)
        #expect(decoded.land == tessellation.land)
    }

    @Test func aTruncatedOrForeignFileIsNotRead() throws {
        let small = Tessellation(cells: Array(TessellationTests.tessellation.cells.prefix(20)), land: TessellationTests.tessellation.land)
        let data = TessellationCache.encode(small)
        #expect(TessellationCache.decode(data.dropLast(3)) == nil)
        #expect(TessellationCache.decode(Data("not a cache".utf8)) == nil)
        var otherVersion = data
        otherVersion[8] &+= 1
        #expect(TessellationCache.decode(otherVersion) == nil)
    }

    @Test func theCacheIsWrittenOnceAndThenRead() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("frontline-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let theatre = try SyntheticTheatre()
        defer { theatre.removeFiles() }
        let first = try TessellationCache.tessellation(for: theatre.geoData, directory: directory)
        let url = TessellationCache.fileURL(for: theatre.geoData, in: directory)
        #expect(FileManager.default.fileExists(atPath: url.path))
        #expect(url.lastPathComponent.contains(theatre.geoData.fingerprint))
        let second = try TessellationCache.tessellation(for: theatre.geoData, directory: directory)
        #expect(first.cells == second.cells)
        // A corrupt file is rebuilt, not trusted.
        try Data("garbage".utf8).write(to: url)
        let third = try TessellationCache.tessellation(for: theatre.geoData, directory: directory)
        #expect(third.cells == first.cells)
        #expect(TessellationCache.decode(try Data(contentsOf: url))?.cells == first.cells)
    }
}
