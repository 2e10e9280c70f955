import Testing
@testable import FrontlineEvents

@Suite struct EventTimeTests {
    @Test(arguments: [
        ("2022-09-10", "2022-09-10", EventTime.Precision.day),
        ("2022-09-10T08:30Z", "2022-09-10T08:30Z", .minute),
        ("2022-09-10t08:30z", "2022-09-10T08:30Z", .minute),
        ("2022-09-10 08:30:15Z", "2022-09-10T08:30:15Z", .second),
        ("2022-09-10T08:30:15.25Z", "2022-09-10T08:30:15.250Z", .millisecond),
        ("2022-09-10T11:30+03:00", "2022-09-10T08:30Z", .minute),
        ("2022-09-10T01:30:00+0300", "2022-09-09T22:30:00Z", .second),
        ("2022-09-09T22:00-02", "2022-09-10T00:00Z", .minute),
        ("2024-02-29", "2024-02-29", .day),
        ("2000-02-29T23:59:59.999Z", "2000-02-29T23:59:59.999Z", .millisecond),
    ])
    func parsesAndPrintsBackInUTC(input: String, printed: String, precision: EventTime.Precision) throws {
        let time = try EventTime(parsing: input)
        #expect(time.iso8601 == printed)
        #expect(time.precision == precision)
        #expect(try EventTime(parsing: printed) == time)
    }

    /// Years 0–9999 print digit by digit; others through the general path, alike.
    @Test func printingCoversTheCalendarsEdges() throws {
        #expect(try EventTime(parsing: "0001-01-01T00:00:00.001Z").iso8601 == "0001-01-01T00:00:00.001Z")
        #expect(try EventTime(parsing: "9999-12-31T23:59:59.999Z").iso8601 == "9999-12-31T23:59:59.999Z")
        #expect(try EventTime(parsing: "2024-02-29").iso8601 == "2024-02-29")
        let y10000 = EventTime(millisecondsSinceEpoch: 253_402_300_800_000, precision: .minute)
        #expect(y10000.iso8601 == "10000-01-01T00:00Z")
    }

    @Test func dateIsStartOfDayUTC() throws {
        #expect(try EventTime(parsing: "1970-01-02").millisecondsSinceEpoch == 86_400_000)
        #expect(try EventTime(parsing: "2022-02-24").millisecondsSinceEpoch == 1_645_660_800_000)
        #expect(try EventTime(parsing: "1969-12-31T23:59Z").millisecondsSinceEpoch == -60_000)
        #expect(EventTime(millisecondsSinceEpoch: -60_000, precision: .minute).iso8601 == "1969-12-31T23:59Z")
    }

    @Test func queryBoundDateMeansEndOfDay() throws {
        let to = try EventTime.queryBound("2022-09-10", endOfDay: true)
        #expect(to.millisecondsSinceEpoch == (try EventTime(parsing: "2022-09-11")).millisecondsSinceEpoch - 1)
        let from = try EventTime.queryBound("2022-09-10", endOfDay: false)
        #expect(from == (try EventTime(parsing: "2022-09-10")))
        #expect(try EventTime.queryBound("2022-09-10T08:00Z", endOfDay: true) == (try EventTime(parsing: "2022-09-10T08:00Z")))
    }

    @Test func impossibleDatesAreRefusedWithTheReason() {
        #expect(throws: EventTimeError.impossibleDate("2022-02-30", "February 2022 has 28 days")) { try EventTime(parsing: "2022-02-30") }
        #expect(throws: EventTimeError.impossibleDate("2023-02-29", "February 2023 has 28 days")) { try EventTime(parsing: "2023-02-29") }
        #expect(throws: EventTimeError.impossibleDate("2022-04-31", "April 2022 has 30 days")) { try EventTime(parsing: "2022-04-31") }
        #expect(throws: EventTimeError.impossibleDate("2022-13-01", "there is no month 13")) { try EventTime(parsing: "2022-13-01") }
        #expect(throws: EventTimeError.impossibleDate("2022-09-10T24:00Z", "there is no time 24:00:00")) { try EventTime(parsing: "2022-09-10T24:00Z") }
    }

    @Test(arguments: ["", "yesterday", "10/09/2022", "2022-9-10", "2022-09-10T08Z", "2022-09-10T08:30:15.Z",
                      "2022-09-10T08:30Zjunk", "2022-09-10T08:30+3", " 2022-09-10"])
    func malformedTimesAreRefused(text: String) {
        #expect(throws: EventTimeError.self) { try EventTime(parsing: text) }
    }

    @Test func localTimesNeedAZone() {
        #expect(throws: EventTimeError.missingZone("2022-09-10T08:30")) { try EventTime(parsing: "2022-09-10T08:30") }
    }

    @Test func subMillisecondPrecisionIsRefusedUnlessZero() throws {
        #expect(throws: EventTimeError.tooPrecise("2022-09-10T08:30:15.1234Z")) { try EventTime(parsing: "2022-09-10T08:30:15.1234Z") }
        #expect(try EventTime(parsing: "2022-09-10T08:30:15.123000Z").iso8601 == "2022-09-10T08:30:15.123Z")
    }
}

@Suite struct EventIDTests {
    @Test func idsAreULIDsSortedByRecordingTime() {
        var generator = EventIDGenerator()
        let a = generator.next(millisecond: 1_700_000_000_000)
        let b = generator.next(millisecond: 1_700_000_000_000)
        let c = generator.next(millisecond: 1_700_000_000_001)
        #expect([a, b, c].allSatisfy(EventIDGenerator.isWellFormed))
        #expect(a < b && b < c)
        #expect(a.hasPrefix("01HF7YAT00"))  // 1,700,000,000,000 ms in Crockford base32
        var other = EventIDGenerator()
        #expect(other.next(millisecond: 1_700_000_000_000) != a)
    }

    /// A generator taken up after another's id (a batch after its linker's events) goes on as
    /// that one would: the successor in the same millisecond, a new random part in a later one.
    @Test func aGeneratorGoesOnAfterAnotherOnesID() {
        var generator = EventIDGenerator()
        var ids: [String] = []
        for _ in 0..<3 { ids.append(generator.next(millisecond: 1_700_000_000_000)) }
        var resumed = EventIDGenerator(continuingAfter: Array(ids[1].utf8))
        #expect(resumed.next(millisecond: 1_700_000_000_000) == ids[2])
        #expect(resumed.next(millisecond: 1_699_999_999_999) == generator.next(millisecond: 1_700_000_000_000))
        let later = resumed.next(millisecond: 1_700_000_000_001)
        #expect(later.hasPrefix("01HF7YAT01") && later > ids[2])
        // The random part's carry: an id ending in the alphabet's last digit.
        var carry = EventIDGenerator(continuingAfter: Array("01HF7YAT00000000000000ZZZZ".utf8))
        #expect(carry.next(millisecond: 1_700_000_000_000) == "01HF7YAT000000000000010000")
    }

    /// A log keeps a batch's first id and derives the others: each must be the id its generator
    /// gave, across the carries out of the low 64 random bits and out of all 80.
    @Test func aBatchsIDsAreDerivedFromItsFirst() {
        for first in ["01HF7YAT00ABCDEFGHJKMNPQRS", "01HF7YAT000000FZZZZZZZZZZX", "01HF7YAT00ZZZZZZZZZZZZZZZX"] {
            var generator = EventIDGenerator(continuingAfter: Array(first.utf8))
            var ids = [first]
            for _ in 0..<5 { ids.append(generator.next(millisecond: 1_700_000_000_000)) }
            for (offset, id) in ids.enumerated() {
                #expect(EventIDGenerator.id(first, advancedBy: Int64(offset)) == id, "\(first) + \(offset)")
                #expect(EventIDGenerator.offset(of: id, from: first) == Int64(offset), "\(id) - \(first)")
            }
        }
        #expect(EventIDGenerator.id("01HF7YAT00ZZZZZZZZZZZZZZZZ", advancedBy: 1) == "01HF7YAT000000000000000000")
        #expect(EventIDGenerator.id("01HF7YAT00ABCDEFGHJKMNPQRS", advancedBy: 1_000_000) == "01HF7YAT00ABCDEFGHJKMPN8AS")
        // Not after it in the same millisecond, or not an id at all.
        #expect(EventIDGenerator.offset(of: "01HF7YAT00ABCDEFGHJKMNPQRR", from: "01HF7YAT00ABCDEFGHJKMNPQRS") == nil)
        #expect(EventIDGenerator.offset(of: "01HF7YAT01ABCDEFGHJKMNPQRT", from: "01HF7YAT00ABCDEFGHJKMNPQRS") == nil)
        #expect(EventIDGenerator.offset(of: "81HF7YAT00ABCDEFGHJKMNPQRT", from: "81HF7YAT00ABCDEFGHJKMNPQRS") == nil)
        #expect(EventIDGenerator.id("01HF7YAT00ABCDEFGHJKMNPQR!", advancedBy: 0) == "01HF7YAT00ABCDEFGHJKMNPQR!")
        #expect(EventIDGenerator.id("01HF7YAT00ABCDEFGHJKMNPQR!", advancedBy: 1) == nil)
    }
}
