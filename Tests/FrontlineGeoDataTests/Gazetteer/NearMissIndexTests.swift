import Testing
@testable import FrontlineGeoData

/// The index must find exactly what a scan of every key finds: the search's ranking rests on it.
struct NearMissIndexTests {
    let gazetteer = try! GeoData.embedded().gazetteer

    /// Queries near real keys (each edit a typo makes, at several places) and far from any.
    func queries() -> [String] {
        var queries: [String] = ["", "a", "ab", "kup", "izyu", "zzzzzzzzzz", "berdychi", "xqjwvk", "shevchenkove", "novooleksandrivka"]
        var generator = SystemRandomNumberGenerator()
        let keys = gazetteer.keys.filter { !$0.isEmpty }
        let letters = Array("abcdefghijklmnopqrstuvwxyz '-").map(String.init)
        for _ in 0..<100 {
            var key = Array(keys.randomElement(using: &generator)!)
            for _ in 0..<Int.random(in: 1...3, using: &generator) where !key.isEmpty {
                let i = Int.random(in: 0..<key.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: key.remove(at: i)
                case 1: key[i] = Character(letters.randomElement(using: &generator)!)
                case 2: key.insert(Character(letters.randomElement(using: &generator)!), at: i)
                default: if i + 1 < key.count { key.swapAt(i, i + 1) }
                }
            }
            queries.append(String(key))
            queries.append(String(key.prefix(Int.random(in: 3...max(3, key.count), using: &generator))))
        }
        return queries
    }

    @Test func nearMissesAreThoseOfAScanOfEveryKey() {
        let index = gazetteer.index
        for query in queries() {
            let scalars = Array(query.unicodeScalars)
            for limit in 1...3 {
                var scanned: [Int: Int] = [:]
                for (number, key) in index.scalars.enumerated() where abs(key.count - scalars.count) <= limit {
                    let d = Gazetteer.editDistance(scalars, key, limit: limit)
                    if d <= limit { scanned[number] = d }
                }
                let found = Dictionary(uniqueKeysWithValues: index.keys(near: scalars, limit: limit).map { ($0.number, $0.distance) })
                #expect(found == scanned, "\(query) within \(limit)")
            }
        }
    }

    @Test func prefixesAreThoseOfAScanOfEveryKey() {
        for query in queries() where !query.isEmpty {
            let scanned = Set(gazetteer.keys.indices.filter { gazetteer.keys[$0].hasPrefix(query) })
            #expect(Set(gazetteer.index.keys(withPrefix: query)) == scanned, "\(query)")
        }
    }

    @Test func aQueryLongerThanTheLimitIsRefused() throws {
        let long = String(repeating: "Kupiansk", count: 26)  // 208 characters
        #expect(throws: GeoDataError.queryTooLong(long, limit: 200)) { try gazetteer.resolveExactly(long) }
        #expect(throws: GeoDataError.queryTooLong(long, limit: 200)) { try gazetteer.search(long) }
        #expect(throws: GeoDataError.unknownPlace("Kupiansk" + String(repeating: "x", count: 192))) {
            try gazetteer.resolveExactly("Kupiansk" + String(repeating: "x", count: 192))
        }
        let message = GeoDataError.queryTooLong(long + "\u{1B}", limit: 200).description
        #expect(message.hasPrefix("a settlement's name has at most 200 characters; this one has 209 (it begins \"KupianskKupiansk"))
    }
}
