/// Event ids are ULIDs (https://github.com/ulid/spec): 26 characters of Crockford base32, the
/// first 10 encoding the millisecond the event was recorded, the last 16 eighty random bits. They
/// sort by recording time, print and copy well, and need no coordination between processes.
///
/// Within one generator, ids made in the same millisecond increment the random part, so a batch's
/// ids sort in the order its events were recorded.
public struct EventIDGenerator: Sendable {
    /// The last id made (zero before the first): ids derived from a batch's first
    /// (``id(_:advancedBy:)``) count up with the same arithmetic.
    private var last = Value(millisecond: 0, randomHigh: 0, randomLow: 0)

    public init() {}

    /// A generator that goes on from `id` (26 characters of an id another generator made): its
    /// next id in the same millisecond is `id`'s successor, as if it had made `id` itself.
    init(continuingAfter id: some Collection<UInt8>) {
        guard let value = Value(id) else { preconditionFailure("an event id is 26 characters of Crockford base32") }
        last = value
    }

    /// The id `offset` places after `first` in one batch: what a generator that made `first`
    /// gives `offset` calls later in the same millisecond (the 80 random bits counted up, modulo
    /// 2⁸⁰). A log stores a batch's first id only, and derives the others from it. `first` itself
    /// for offset 0, as it is written; nil when a later id is asked of a text that is not an id.
    static func id(_ first: String, advancedBy offset: Int64) -> String? {
        precondition(offset >= 0, "an id is advanced forwards")
        if offset == 0 { return first }
        guard var value = Value(first.utf8) else { return nil }
        value.advance(by: UInt64(offset))
        return value.text
    }

    /// How many places after `first` `id` lies in one batch (``id(_:advancedBy:)``), or nil
    /// when it cannot follow it there: not ids, not the same millisecond, or before `first`.
    static func offset(of id: String, from first: String) -> Int64? {
        guard let id = Value(id.utf8), let first = Value(first.utf8), id.millisecond == first.millisecond else { return nil }
        // The random parts' difference modulo 2^80, as (high 16, low 64).
        let (low, borrow) = id.randomLow.subtractingReportingOverflow(first.randomLow)
        let high = id.randomHigh &- first.randomHigh &- (borrow ? 1 : 0)
        guard high == 0, low <= UInt64(Int64.max) else { return nil }
        return Int64(low)
    }

    /// An id as numbers: its millisecond and its 80 random bits.
    private struct Value {
        var millisecond: UInt64
        var randomHigh: UInt16
        var randomLow: UInt64

        init(millisecond: UInt64, randomHigh: UInt16, randomLow: UInt64) {
            self.millisecond = millisecond
            self.randomHigh = randomHigh
            self.randomLow = randomLow
        }

        /// The id `text` spells (26 Crockford base32 characters, upper case), or nil.
        init?(_ text: some Collection<UInt8>) {
            // 26 characters hold 130 bits; an id is 128, so the first is at most 7.
            guard text.count == 26, let first = text.first, EventIDGenerator.values[Int(first)] <= 7 else { return nil }
            var high: UInt64 = 0, low: UInt64 = 0
            for char in text {
                let value = UInt64(EventIDGenerator.values[Int(char)])
                guard value < 32 else { return nil }
                high = high << 5 | low >> 59
                low = low << 5 | value
            }
            millisecond = high >> 16
            randomHigh = UInt16(truncatingIfNeeded: high)
            randomLow = low
        }

        mutating func advance(by offset: UInt64) {
            let (low, carry) = randomLow.addingReportingOverflow(offset)
            randomLow = low
            if carry { randomHigh &+= 1 }
        }

        var text: String {
            String(unsafeUninitializedCapacity: 26) { chars in
                encode(into: chars)
                return 26
            }
        }

        /// The id in 26 characters over `chars`. As (high, low) 64-bit halves (48-bit time |
        /// 80-bit random): the last 12 characters are `low`'s low 60 bits, the 13th straddles the
        /// halves, the first 13 are `high`'s top 63 bits, with no 128-bit shift per character.
        func encode(into chars: UnsafeMutableBufferPointer<UInt8>) {
            precondition(chars.count == 26, "an event id is 26 characters")
            let high = millisecond << 16 | UInt64(randomHigh), low = randomLow
            EventIDGenerator.alphabet.withUnsafeBufferPointer { digits in
                for k in 0..<12 { chars[25 - k] = digits[Int(low >> (5 * UInt64(k)) & 31)] }
                chars[13] = digits[Int(low >> 60 | (high & 1) << 4)]
                for k in 0..<13 { chars[12 - k] = digits[Int(high >> (1 + 5 * UInt64(k)) & 31)] }
            }
        }
    }

    /// Each byte's value in ``alphabet``, or 0xFF.
    private static let values: [UInt8] = {
        var values = [UInt8](repeating: 0xFF, count: 256)
        for (value, char) in alphabet.enumerated() { values[Int(char)] = UInt8(value) }
        return values
    }()

    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// A new id for an event recorded at `millisecond` (ms since the Unix epoch).
    public mutating func next(millisecond: Int64) -> String {
        var chars = [UInt8](repeating: 0, count: 26)
        chars.withUnsafeMutableBufferPointer { next(millisecond: millisecond, into: $0) }
        return String(decoding: chars, as: UTF8.self)
    }

    /// ``next(millisecond:)`` written as 26 ASCII characters over `chars` (26 bytes long).
    mutating func next(millisecond: Int64, into chars: UnsafeMutableBufferPointer<UInt8>) {
        let ms = UInt64(max(0, millisecond)) & 0xFFFF_FFFF_FFFF
        if ms > last.millisecond {
            var rng = SystemRandomNumberGenerator()
            last = Value(millisecond: ms, randomHigh: UInt16.random(in: 0...UInt16.max, using: &rng), randomLow: rng.next())
        } else {
            // Same (or an earlier) millisecond: keep the last one and count up.
            last.advance(by: 1)
        }
        last.encode(into: chars)
    }

    /// Whether `text` looks like an event id (26 Crockford base32 characters, any case).
    public static func isWellFormed(_ text: String) -> Bool {
        text.utf8.count == 26 && text.uppercased().utf8.allSatisfy { alphabet.contains($0) }
    }
}
