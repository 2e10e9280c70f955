/// The gazetteer's keys indexed for the two forgiving matches a search makes besides an exact
/// one: keys that start with the query (a sorted list, found by binary search) and keys within a
/// small edit distance of it (a bigram index). Both give exactly the keys a scan of every key
/// would, in a few hundred microseconds instead of milliseconds.
///
/// Near misses: a key within edit distance `d` of the query has a length within `d` of the
/// query's, and shares at least `g − 2d` of the query's `g` distinct bigrams (pairs of adjacent
/// scalars), since one edit breaks at most two bigrams (the q-gram lemma, for q = 2). The index
/// lists, per bigram, the keys that hold it; counting over the query's bigrams leaves the keys
/// that pass, and only those are compared by edit distance. Where the bound is 0 or less (a
/// short query), every key of a fitting length is compared.
struct NearMissIndex: Sendable {
    /// Each key's scalars, by key number.
    let scalars: [[Unicode.Scalar]]
    /// Each key's UTF-8 bytes, and the key numbers sorted by them.
    private let bytes: [[UInt8]]
    private let sorted: [Int32]
    /// Key numbers by length in scalars.
    private let byLength: [[Int32]]
    /// Key numbers holding each bigram (once per key), the bigram packed as `first << 32 | second`.
    private let postings: [UInt64: [Int32]]

    init(keys: [String]) {
        scalars = keys.map { Array($0.unicodeScalars) }
        let bytes = keys.map { Array($0.utf8) }
        self.bytes = bytes
        sorted = (0..<Int32(keys.count)).sorted { bytes[Int($0)].lexicographicallyPrecedes(bytes[Int($1)]) }
        var byLength: [[Int32]] = []
        var postings: [UInt64: [Int32]] = [:]
        for (number, key) in scalars.enumerated() {
            while byLength.count <= key.count { byLength.append([]) }
            byLength[key.count].append(Int32(number))
            for bigram in Self.bigrams(key) { postings[bigram, default: []].append(Int32(number)) }
        }
        self.byLength = byLength
        self.postings = postings
    }

    static func bigrams(_ key: [Unicode.Scalar]) -> Set<UInt64> {
        guard key.count >= 2 else { return [] }
        var set = Set<UInt64>(minimumCapacity: key.count)
        for i in 1..<key.count { set.insert(UInt64(key[i - 1].value) << 32 | UInt64(key[i].value)) }
        return set
    }

    /// The keys that start with `key` (itself included, when it is a key).
    func keys(withPrefix key: String) -> [Int] {
        let prefix = Array(key.utf8)
        var low = 0, high = sorted.count
        while low < high {  // the first key not before the prefix
            let mid = (low + high) / 2
            if bytes[Int(sorted[mid])].lexicographicallyPrecedes(prefix) { low = mid + 1 } else { high = mid }
        }
        var found: [Int] = []
        while low < sorted.count, bytes[Int(sorted[low])].starts(with: prefix) {
            found.append(Int(sorted[low]))
            low += 1
        }
        return found
    }

    /// The keys within `limit` edits of `key`, with their distance.
    func keys(near key: [Unicode.Scalar], limit: Int) -> [(number: Int, distance: Int)] {
        guard limit > 0 else { return [] }
        let lengths = max(0, key.count - limit)...(key.count + limit)
        let grams = Self.bigrams(key)
        let needed = grams.count - 2 * limit
        var candidates: [Int32] = []
        if needed <= 0 {
            for length in lengths where length < byLength.count { candidates += byLength[length] }
        } else {
            var counts: [Int32: Int] = [:]
            for gram in grams {
                for number in postings[gram] ?? [] where lengths.contains(scalars[Int(number)].count) {
                    counts[number, default: 0] += 1
                }
            }
            for (number, count) in counts where count >= needed { candidates.append(number) }
        }
        var found: [(number: Int, distance: Int)] = []
        for number in candidates {
            let d = Gazetteer.editDistance(key, scalars[Int(number)], limit: limit)
            if d <= limit { found.append((Int(number), d)) }
        }
        return found
    }
}
