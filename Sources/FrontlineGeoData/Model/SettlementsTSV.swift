import FrontlineGeometry

/// Reads GeoData/settlements.tsv: a header `id name lat lon population area alternates`
/// (tab-separated), then one place per line; alternates are joined with `|`.
enum SettlementsTSV {
    static let header = ["id", "name", "lat", "lon", "population", "area", "alternates"]

    static func parse(_ raw: UnsafeRawBufferPointer, file: String) throws -> [Settlement] {
        // Works on bytes through pointers, not Characters or generic slices: this runs at every
        // start of the tool.
        let bytes = raw.assumingMemoryBound(to: UInt8.self)
        var settlements: [Settlement] = []
        settlements.reserveCapacity(8_000)
        var lineNumber = 0
        var lineStart = 0
        var fields: [Range<Int>] = []
        fields.reserveCapacity(header.count + 1)
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineNumber += 1
            defer { lineStart = lineEnd + 1 }
            if lineEnd == lineStart { continue }
            fields.removeAll(keepingCapacity: true)
            var fieldStart = lineStart
            for i in lineStart..<lineEnd where bytes[i] == 0x09 {
                fields.append(fieldStart..<i)
                fieldStart = i + 1
            }
            fields.append(fieldStart..<lineEnd)
            func field(_ i: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[fields[i]]) }
            func text(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }
            if lineNumber == 1 {
                guard fields.count == header.count, (0..<fields.count).allSatisfy({ text($0) == header[$0] }) else {
                    throw GeoDataError.malformed(file: file, line: 1, field: "header",
                                                 problem: "expected '\(header.joined(separator: "\\t"))'")
                }
                continue
            }
            func fail(_ field: String, _ problem: String) -> GeoDataError {
                .malformed(file: file, line: lineNumber, field: field, problem: problem)
            }
            guard fields.count == header.count else {
                throw fail("line", "expected \(header.count) tab-separated fields, found \(fields.count)")
            }
            guard let id = Int(text(0)) else { throw fail("id", "'\(text(0))' is not an integer") }
            guard let lat = Double(text(2)), (-90...90).contains(lat) else { throw fail("lat", "'\(text(2))' is not a latitude") }
            guard let lon = Double(text(3)), (-180...180).contains(lon) else { throw fail("lon", "'\(text(3))' is not a longitude") }
            guard let population = Int(text(4)), population >= 0 else { throw fail("population", "'\(text(4))' is not a count") }
            guard !fields[5].isEmpty else { throw fail("area", "empty") }
            var alternates: [String] = []
            let list = fields[6]
            if !list.isEmpty {
                var start = list.lowerBound
                for i in list where bytes[i] == 0x7C {
                    if start < i { alternates.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)) }
                    start = i + 1
                }
                if start < list.upperBound {  // empty names between bars are skipped
                    alternates.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<list.upperBound]), as: UTF8.self))
                }
            }
            settlements.append(Settlement(
                id: id, name: text(1), coordinate: Coordinate(lon: lon, lat: lat),
                population: population, areaISO: text(5), alternateNames: alternates))
        }
        return settlements
    }
}
