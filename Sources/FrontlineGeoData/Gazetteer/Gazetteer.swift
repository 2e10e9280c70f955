import Foundation
import FrontlineGeometry
import FrontlineSupport

/// Finds settlements by any of their spellings.
///
/// Ranking: an exact match of the place's own name beats an exact match of an alternate name,
/// which beats a prefix match, which beats a near miss (edit distance 1–3 on the folded key, growing with
/// length); within a tier larger places come first.
///
/// Resolution (``resolve(_:area:)``) must name one place: a GeoNames id always does; a name does
/// when its best tier holds one place, or one place at least ten times as populous as any other
/// (Kharkiv the city, not a hamlet of the same name). Otherwise it is ambiguous, and the error
/// lists the candidates with their areas, so the user can add the area or give the id.
public struct Gazetteer: Sendable {
    public let settlements: [Settlement]
    private let areas: [AreaName]
    private let byID: [Int: Int]
    /// Folded key → (settlement index, whether the key is the place's own name).
    private let exact: [String: [Entry]]
    /// Every key once, and each key's entries.
    let keys: [String]
    private let entries: [[Entry]]
    /// Prefixes and near misses of the keys, found without a scan of them all; built on first
    /// use (about 15 ms), which a command resolving exact names never needs.
    private let lazyIndex = Once<NearMissIndex>()
    var index: NearMissIndex { lazyIndex.value { NearMissIndex(keys: keys) } }

    struct Entry: Sendable { let index: Int; let isOwnName: Bool }
    struct AreaName: Sendable { let iso: String; let name: String; let keys: [String] }

    /// How a query met a place, best first.
    public enum Quality: Comparable, Sendable {
        case id, exactName, exactAlternate, prefix
        case nearMiss(distance: Int)
    }

    public struct Match: Sendable {
        public let settlement: Settlement
        /// The spelling that matched (the name or an alternate).
        public let matchedName: String
        public let quality: Quality
    }

    public init(settlements: [Settlement], areas: [(iso: String, name: String)]) {
        self.settlements = settlements
        self.areas = areas.map { AreaName(iso: $0.iso, name: $0.name, keys: Gazetteer.areaKeys($0.name)) }
        var byID: [Int: Int] = [:]
        byID.reserveCapacity(settlements.count)
        var exact: [String: [Entry]] = [:]
        exact.reserveCapacity(settlements.count * 4)
        for (index, folded) in Gazetteer.foldNames(of: settlements).enumerated() {
            byID[settlements[index].id] = index
            let own = folded[0]
            exact[own, default: []].append(Entry(index: index, isOwnName: true))
            var seen: Set<String> = [own]
            for key in folded.dropFirst() {
                guard !key.isEmpty, seen.insert(key).inserted else { continue }
                exact[key, default: []].append(Entry(index: index, isOwnName: false))
            }
        }
        self.byID = byID
        self.exact = exact
        self.keys = Array(exact.keys)  // their order does not matter: results are ranked
        self.entries = keys.map { exact[$0]! }
    }

    /// The longest query a search or a resolution takes, in characters: the longest name in the
    /// gazetteer has 40; a longer query is a mistake (a pasted paragraph, a field shifted by a
    /// bad quote), and checking it against every name would only cost time.
    public static let maximumQueryLength = 200

    /// Each settlement's folded name, then its folded alternate names. Folding some 40,000
    /// spellings is most of a place search's start-up, and each is independent: the work is split
    /// over the cores.
    static func foldNames(of settlements: [Settlement]) -> [[String]] {
        @Sendable func fold(_ place: Settlement) -> [String] { [NameKey.fold(place.name)] + place.alternateNames.map(NameKey.fold) }
        let chunks = min(ProcessInfo.processInfo.activeProcessorCount, 8)
        guard chunks > 1, settlements.count > 1_000 else { return settlements.map(fold) }
        let size = (settlements.count + chunks - 1) / chunks
        return Concurrently.map(chunks) { chunk in
            settlements[(chunk * size)..<min((chunk + 1) * size, settlements.count)].map(fold)
        }.flatMap { $0 }
    }

    public func settlement(id: Int) -> Settlement? {
        byID[id].map { settlements[$0] }
    }

    /// Places matching `query`, best first. `query` may be "NAME, AREA", or `area` (an ISO code or
    /// an area name) names the area: that area's places come first (ranked among themselves),
    /// then the other areas' (the village meant may lie just across an oblast boundary, or the
    /// user may have the oblast wrong). A GeoNames id must lie in the area.
    public func search(_ query: String, area: String? = nil, limit: Int = 10) throws -> [Match] {
        try search(query, area: area, limit: limit, onlyInArea: false)
    }

    private func search(_ query: String, area: String?, limit: Int, onlyInArea: Bool) throws -> [Match] {
        try Gazetteer.checkLength(query)
        let parsed = try parse(query, area: area)
        if let id = Int(parsed.name.trimmingCharacters(in: .whitespaces)) {
            guard let place = settlement(id: id), parsed.areaISO.map({ $0 == place.areaISO }) ?? true else { return [] }
            return [Match(settlement: place, matchedName: place.name, quality: .id)]
        }
        let key = NameKey.fold(parsed.name)
        guard let areaISO = parsed.areaISO, !onlyInArea else {
            return ranked(key: key, areaISO: parsed.areaISO, limit: limit)
        }
        let inArea = ranked(key: key, areaISO: areaISO, limit: limit)
        guard inArea.count < limit else { return inArea }
        // `limit` may be .max (every match): the sum saturates.
        let (wanted, overflow) = limit.addingReportingOverflow(inArea.count)
        let others = ranked(key: key, areaISO: nil, limit: overflow ? .max : wanted).filter { $0.settlement.areaISO != areaISO }
        return inArea + others.prefix(limit - inArea.count)
    }

    /// For a query nothing matches: the places whose spellings are nearest to it (edit distance
    /// up to half its length, at most 6), nearest first, then larger places.
    public func nearest(_ query: String, area: String? = nil, limit: Int = 5) throws -> [Match] {
        try Gazetteer.checkLength(query)
        let parsed = try parse(query, area: area)
        let key = NameKey.fold(parsed.name)
        guard key.count >= 3 else { return [] }
        let maxDistance = min(6, max(3, key.count / 2))
        var best: [Int: Int] = [:]
        for (number, d) in index.keys(near: Array(key.unicodeScalars), limit: maxDistance) {
            for entry in entries[number] where best[entry.index].map({ d < $0 }) ?? true {
                best[entry.index] = d
            }
        }
        let inArea = { (i: Int) in parsed.areaISO.map { settlements[i].areaISO == $0 } ?? true }
        let sorted = best.sorted { a, b in
            let (x, y) = (settlements[a.key], settlements[b.key])
            if inArea(a.key) != inArea(b.key) { return inArea(a.key) }
            if a.value != b.value { return a.value < b.value }
            if x.population != y.population { return x.population > y.population }
            return x.id < y.id
        }
        return sorted.prefix(max(0, limit)).map { index, d in
            let place = settlements[index]
            let query = Array(key.unicodeScalars)
            let spelling = ([place.name] + place.alternateNames).first {
                Gazetteer.editDistance(Array(NameKey.fold($0).unicodeScalars), query, limit: d) <= d
            } ?? place.name
            return Match(settlement: place, matchedName: spelling, quality: .nearMiss(distance: d))
        }
    }

    /// The places whose spellings meet the folded `key`, best first (see the type's ranking).
    private func ranked(key: String, areaISO: String?, limit: Int) -> [Match] {
        guard !key.isEmpty else { return [] }
        var best: [Int: Quality] = [:]
        func offer(_ entries: [Entry], _ quality: Quality) {
            for entry in entries {
                let place = settlements[entry.index]
                if let areaISO, place.areaISO != areaISO { continue }
                let q: Quality = (quality == .exactAlternate && entry.isOwnName) ? .exactName : quality
                if let current = best[entry.index], current <= q { continue }
                best[entry.index] = q
            }
        }
        if let entries = exact[key] { offer(entries, .exactAlternate) }
        let length = key.count
        let maxDistance = length <= 3 ? 0 : length <= 8 ? 1 : length <= 12 ? 2 : 3
        // What a scan of every key would find: the keys (other than the query's own) that
        // start with it, and of the rest those within maxDistance edits.
        let index = self.index
        var prefixed = Set<Int>()
        if length >= 3 {
            for number in index.keys(withPrefix: key) where keys[number] != key {
                prefixed.insert(number)
                offer(entries[number], .prefix)
            }
        }
        for (number, d) in index.keys(near: Array(key.unicodeScalars), limit: maxDistance)
        where !prefixed.contains(number) && keys[number] != key {
            offer(entries[number], .nearMiss(distance: d))
        }
        let ranked = best.sorted { a, b in
            if a.value != b.value { return a.value < b.value }
            let (x, y) = (settlements[a.key], settlements[b.key])
            if x.population != y.population { return x.population > y.population }
            return x.id < y.id
        }
        // The spelling shown, only for the matches returned (it folds the place's names).
        return ranked.prefix(max(0, limit)).map { index, quality in
            let place = settlements[index]
            return Match(settlement: place, matchedName: quality == .exactName ? place.name : matchedSpelling(place, key: key),
                         quality: quality)
        }
    }

    /// The one settlement `query` names, or an error that says why there is not exactly one.
    /// Forgiving: a prefix or a near miss will do when nothing matches better (for commands that
    /// only look, such as `events --place`); commands that record use ``resolveExactly(_:area:)``.
    public func resolve(_ query: String, area: String? = nil) throws -> Settlement {
        let matches = try search(query, area: area, limit: .max, onlyInArea: true)
        guard let top = matches.first else { throw GeoDataError.unknownPlace(query) }
        let tier = matches.filter { $0.quality == top.quality }
        if tier.count == 1 { return top.settlement }
        if Gazetteer.dwarfs(top.settlement, tier[1].settlement) { return top.settlement }
        throw GeoDataError.ambiguousPlace(query, candidates: tier.prefix(20).map { candidate($0.settlement) })
    }

    /// The one settlement `query` names exactly, for commands that record: a GeoNames id, or a
    /// name or alternate name of the place in any spelling the name key folds together (case,
    /// diacritics, apostrophes, Latin transliterations, Cyrillic), optionally followed by
    /// ", OBLAST" (a name or ISO code) or restricted by `area`. Among the places that bear the
    /// name, those whose own name it is come first; one of them must be the only one, or at least
    /// ten times as populous as any other (Kharkiv the city), else the name is ambiguous.
    ///
    /// A prefix or a near miss is never taken: the error lists the closest places with their
    /// oblast (an exact match in another oblast first), so that a village missing from the
    /// gazetteer (Berdychi, near Avdiivka) is not recorded as a town elsewhere (Berdychiv).
    /// A name is one dictionary lookup.
    public func resolveExactly(_ query: String, area: String? = nil) throws -> Settlement {
        try Gazetteer.checkLength(query)
        let parsed = try parse(query, area: area)
        let name = parsed.name.trimmingCharacters(in: .whitespaces)
        if let id = Int(name) {
            guard let place = settlement(id: id), parsed.areaISO.map({ $0 == place.areaISO }) ?? true else {
                throw GeoDataError.unknownPlace(query)
            }
            return place
        }
        let key = NameKey.fold(name)
        let named = key.isEmpty ? [] : exact[key] ?? []
        let inArea = named.filter { entry in parsed.areaISO.map { settlements[entry.index].areaISO == $0 } ?? true }
        guard !inArea.isEmpty else {
            // Closest: the name in other areas, then prefixes and near misses in the area asked
            // for, then anywhere.
            var closest = named.map { settlements[$0.index] }.sorted(by: Gazetteer.larger)
            func add(_ matches: [Match]) {
                for match in matches where !closest.contains(where: { $0.id == match.settlement.id }) {
                    closest.append(match.settlement)
                }
            }
            add(ranked(key: key, areaISO: parsed.areaISO, limit: 5))
            if closest.isEmpty, parsed.areaISO != nil { add(ranked(key: key, areaISO: nil, limit: 5)) }
            guard !closest.isEmpty else { throw GeoDataError.unknownPlace(query) }
            throw GeoDataError.noSuchName(query, closest: closest.prefix(5).map(candidate))
        }
        let own = inArea.filter(\.isOwnName)
        let tier = (own.isEmpty ? inArea : own).map { settlements[$0.index] }.sorted(by: Gazetteer.larger)
        if tier.count == 1 || Gazetteer.dwarfs(tier[0], tier[1]) { return tier[0] }
        throw GeoDataError.ambiguousPlace(query, candidates: tier.prefix(20).map(candidate))
    }

    static func checkLength(_ query: String) throws {
        // Counted only as far as needed: a megabyte of text is refused as fast as 201 characters.
        guard query.utf8.count > maximumQueryLength,
              query.index(query.startIndex, offsetBy: maximumQueryLength + 1, limitedBy: query.endIndex) != nil
        else { return }
        throw GeoDataError.queryTooLong(query, limit: maximumQueryLength)
    }

    /// Whether `a` has at least ten times the people of `b`. A place of unknown population (0: a
    /// village from the postal-code list, not in GeoNames' cities500) counts as up to 499 people,
    /// so it never dwarfs another, and is dwarfed only by a town of 4,990 or more. A place a user
    /// added is never dwarfed: they added it to tell it apart, so its bare name stays ambiguous.
    static func dwarfs(_ a: Settlement, _ b: Settlement) -> Bool {
        guard a.population > 0, !b.isAdded else { return false }
        return a.population >= 10 * (b.population > 0 ? b.population : 499)
    }

    /// Larger places first; the GeoNames id breaks ties.
    private static func larger(_ a: Settlement, _ b: Settlement) -> Bool {
        a.population != b.population ? a.population > b.population : a.id < b.id
    }

    private func candidate(_ place: Settlement) -> GeoDataError.Candidate {
        GeoDataError.Candidate(id: place.id, name: place.name, areaISO: place.areaISO,
                               areaName: areas.first { $0.iso == place.areaISO }?.name ?? place.areaISO,
                               population: place.population)
    }

    /// The ISO code of the admin area that `query` names: an ISO code ("UA-63", any case), or a
    /// name in any common spelling ("Kharkiv", "Kharkiv Oblast", "Kharkivska", "Харківська").
    public func areaISO(for query: String) throws -> String {
        let trimmed = query.trimmingCharacters(in: .whitespaces)
        if let area = areas.first(where: { $0.iso.equalsIgnoringCase(trimmed) }) { return area.iso }
        let key = Gazetteer.areaKeys(trimmed).first ?? ""
        if let area = areas.first(where: { $0.keys.contains(key) }) { return area.iso }
        // Adjectival forms: "Kharkivska oblast" starts with the stem of "Kharkiv".
        let stems = areas.filter { area in area.keys.contains { !$0.isEmpty && key.hasPrefix($0) } }
        if stems.count == 1 { return stems[0].iso }
        throw GeoDataError.unknownArea(query)
    }

    private func parse(_ query: String, area: String?) throws -> (name: String, areaISO: String?) {
        var name = query
        var iso: String? = try area.map { try areaISO(for: $0) }
        if let comma = query.lastIndex(of: ",") {
            let areaPart = String(query[query.index(after: comma)...])
            if !areaPart.trimmingCharacters(in: .whitespaces).isEmpty {
                let fromQuery = try areaISO(for: areaPart)
                if let iso, iso != fromQuery { throw GeoDataError.unknownPlace("\(query) in \(iso)") }
                iso = fromQuery
            }
            name = String(query[..<comma])
        }
        return (name, iso)
    }

    private func matchedSpelling(_ place: Settlement, key: String) -> String {
        place.alternateNames.first { NameKey.fold($0) == key } ?? place.name
    }

    /// Keys an area name answers to: the folded name with and without "oblast"/"city"/"republic".
    static func areaKeys(_ name: String) -> [String] {
        let folded = NameKey.fold(name)
        let noise: Set<Substring> = ["oblast", "oblasti", "city", "autonomous", "republic", "of", "misto", "obl"]
        let core = folded.split(separator: " ").filter { !noise.contains($0) }.joined(separator: " ")
        return core == folded ? [folded] : [folded, core]
    }

    /// Levenshtein distance, giving up (returning limit + 1) once every path exceeds `limit`.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var rowMin = current[0]
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                rowMin = min(rowMin, current[j])
            }
            if rowMin > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

private extension String {
    func equalsIgnoringCase(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
