import FrontlineGeometry

/// Reads GeoData/settlements.tsv: a header `id name lat lon population area alternates`
/// (tab-separated), then one place per line; alternates are joined with `|`.
enum SettlementsTSV {
    static let header = ["id", "name", "lat", "lon", "population", "area", "alternates"]

    static func parse(_ bytes: UnsafeRawBufferPointer, file: String) throws -> [Settlement] {
        let text = String(decoding: bytes, as: UTF8.self)
        var settlements: [Settlement] = []
        settlements.reserveCapacity(8_000)
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            if lineNumber == 1 {
                guard fields.map(String.init) == header else {
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
            guard let id = Int(fields[0]) else { throw fail("id", "'\(fields[0])' is not an integer") }
            guard let lat = Double(fields[2]), (-90...90).contains(lat) else { throw fail("lat", "'\(fields[2])' is not a latitude") }
            guard let lon = Double(fields[3]), (-180...180).contains(lon) else { throw fail("lon", "'\(fields[3])' is not a longitude") }
            guard let population = Int(fields[4]), population >= 0 else { throw fail("population", "'\(fields[4])' is not a count") }
            guard !fields[5].isEmpty else { throw fail("area", "empty") }
            settlements.append(Settlement(
                id: id, name: String(fields[1]), coordinate: Coordinate(lon: lon, lat: lat),
                population: population, areaISO: String(fields[5]),
                alternateNames: fields[6].isEmpty ? [] : fields[6].split(separator: "|").map(String.init)))
        }
        return settlements
    }
}
