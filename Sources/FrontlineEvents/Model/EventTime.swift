import FrontlineGeometry
import Foundation
import FrontlineSupport

/// When something happened: an instant in UTC (milliseconds since 1970-01-01T00:00:00Z) and the
/// precision it was given with, so that it prints back as given, normalised to UTC.
///
/// Accepted forms (ISO 8601 / RFC 3339 profile):
/// - a date, `2022-09-10`: the start of that day UTC, precision `.day`;
/// - a date-time with `Z` or an offset: `2022-09-10T08:30Z`, `2022-09-10T08:30:15+03:00`,
///   `2022-09-10T08:30:15.250-0400`, `2022-09-10 08:30Z` (a space may replace the `T`);
///   minutes, seconds or milliseconds (1–3 fractional digits) give the precision.
///
/// A date-time without `Z` or an offset is refused: local time is ambiguous.
public struct EventTime: Hashable, Comparable, Sendable {
    public enum Precision: String, Sendable, CaseIterable, Comparable {
        case day, minute, second, millisecond

        public static func < (a: Precision, b: Precision) -> Bool { a.rank < b.rank }

        private var rank: Int {
            switch self {
            case .day: 0
            case .minute: 1
            case .second: 2
            case .millisecond: 3
            }
        }
    }

    /// Milliseconds since the Unix epoch, UTC.
    public let millisecondsSinceEpoch: Int64
    public let precision: Precision

    public init(millisecondsSinceEpoch: Int64, precision: Precision) {
        self.millisecondsSinceEpoch = millisecondsSinceEpoch
        self.precision = precision
    }

    /// The current time, to the millisecond.
    public static func now() -> EventTime {
        EventTime(millisecondsSinceEpoch: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)),
                  precision: .millisecond)
    }

    public static func < (a: EventTime, b: EventTime) -> Bool {
        a.millisecondsSinceEpoch < b.millisecondsSinceEpoch
    }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    static let millisecondsPerDay: Int64 = 86_400_000

    /// The years a query may name (``queryBound(_:endOfDay:)``), inclusive.
    public static let queryYears = 1900...2100
    /// 1900-01-01T00:00Z up to the last millisecond of 2100, UTC.
    static let queryRange: ClosedRange<Int64> = -2_208_988_800_000...4_133_980_799_999

    // MARK: Parsing

    /// Parses `text`; throws ``EventTimeError`` saying what is wrong.
    public init(parsing text: some StringProtocol) throws {
        var copy = String(text)
        let parsed = try copy.withUTF8 { try EventTime.parse($0) }
        self = parsed
    }

    /// The bound of a query: a date alone means the *end* of that day UTC when `endOfDay` is true
    /// ("as of 10 September" includes everything that happened on the 10th), its start otherwise.
    ///
    /// A query's years are 1900 to 2100 (``queryYears``): a bound beyond them is a typo
    /// (`0001-01-01`, `20222-09-10`), and would make `timeline` or `change` span millennia.
    public static func queryBound(_ text: String, endOfDay: Bool) throws -> EventTime {
        let time = try EventTime(parsing: text)
        guard queryRange.contains(time.millisecondsSinceEpoch) else { throw EventTimeError.outOfQueryRange(text) }
        guard endOfDay, time.precision == .day else { return time }
        return EventTime(millisecondsSinceEpoch: time.millisecondsSinceEpoch + millisecondsPerDay - 1,
                         precision: .millisecond)
    }

    static func parse(_ s: UnsafeBufferPointer<UInt8>) throws -> EventTime {
        let text = { String(decoding: s, as: UTF8.self) }
        var i = 0
        // Inlined: as ordinary local functions over the captured position, these cost most of
        // the parse (an import parses a time per row, callgrind).
        @inline(__always) func digits(_ count: Int) -> Int? {
            guard i + count <= s.count else { return nil }
            var value = 0
            for k in i..<(i + count) {
                let d = s[k] &- 48
                guard d < 10 else { return nil }
                value = value * 10 + Int(d)
            }
            i += count
            return value
        }
        @inline(__always) func expect(_ byte: UInt8) -> Bool {
            guard i < s.count, s[i] == byte else { return false }
            i += 1
            return true
        }
        guard !s.isEmpty else { throw EventTimeError.empty }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2),
              expect(UInt8(ascii: "-")), let day = digits(2)
        else { throw EventTimeError.malformed(text()) }
        guard (1...12).contains(month) else { throw EventTimeError.impossibleDate(text(), "there is no month \(month)") }
        let monthDays = daysIn(month: month, year: year)
        guard (1...monthDays).contains(day) else {
            throw EventTimeError.impossibleDate(text(), "\(monthNames[month - 1]) \(year) has \(monthDays) days")
        }
        let days = Int64(daysFromCivil(year, month, day))
        if i == s.count {
            return EventTime(millisecondsSinceEpoch: days * millisecondsPerDay, precision: .day)
        }
        guard s[i] == UInt8(ascii: "T") || s[i] == UInt8(ascii: "t") || s[i] == UInt8(ascii: " ") else {
            throw EventTimeError.malformed(text())
        }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2) else {
            throw EventTimeError.malformed(text())
        }
        var second = 0, millisecond = 0
        var precision = Precision.minute
        if expect(UInt8(ascii: ":")) {
            guard let sec = digits(2) else { throw EventTimeError.malformed(text()) }
            second = sec
            precision = .second
            if expect(UInt8(ascii: ".")) || expect(UInt8(ascii: ",")) {
                var count = 0
                var value = 0
                while i < s.count, (48...57).contains(s[i]) {
                    if count < 3 {
                        value = value * 10 + Int(s[i]) - 48
                    } else if s[i] != 48 {
                        throw EventTimeError.tooPrecise(text())
                    }
                    count += 1
                    i += 1
                }
                guard count > 0 else { throw EventTimeError.malformed(text()) }
                for _ in count..<max(count, 3) { value *= 10 }
                millisecond = value
                precision = .millisecond
            }
        }
        guard hour <= 23, minute <= 59, second <= 59 else {
            throw EventTimeError.impossibleDate(text(), "there is no time \(pad(hour)):\(pad(minute)):\(pad(second))")
        }
        // Zone: Z, ±HH:MM, ±HHMM or ±HH.
        guard i < s.count else { throw EventTimeError.missingZone(text()) }
        var offsetMinutes = 0
        if s[i] == UInt8(ascii: "Z") || s[i] == UInt8(ascii: "z") {
            i += 1
        } else if s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") {
            let sign = s[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = digits(2) else { throw EventTimeError.malformed(text()) }
            var om = 0
            if i < s.count {
                _ = expect(UInt8(ascii: ":"))
                guard let m = digits(2) else { throw EventTimeError.malformed(text()) }
                om = m
            }
            guard oh <= 18, om <= 59 else { throw EventTimeError.malformed(text()) }
            offsetMinutes = sign * (oh * 60 + om)
        } else {
            throw EventTimeError.malformed(text())
        }
        guard i == s.count else { throw EventTimeError.malformed(text()) }
        let ms = days * millisecondsPerDay
            + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond)
            - Int64(offsetMinutes) * 60_000
        return EventTime(millisecondsSinceEpoch: ms, precision: precision)
    }

    // MARK: Printing

    /// The time in UTC at its precision: `2022-09-10`, `2022-09-10T05:30Z`, `2022-09-10T05:30:15Z`,
    /// `2022-09-10T05:30:15.250Z`.
    public var iso8601: String {
        withISO8601 { String(decoding: $0, as: UTF8.self) }
    }

    /// Calls `body` with ``iso8601``'s bytes, written in a buffer on the stack for years 0–9999:
    /// an import writes one per row into its canonical form, and a string of more than 15 bytes
    /// is an allocation.
    func withISO8601<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let ms = millisecondsSinceEpoch
        let days = ms >= 0 ? ms / EventTime.millisecondsPerDay : (ms - EventTime.millisecondsPerDay + 1) / EventTime.millisecondsPerDay
        let rest = Int(ms - days * EventTime.millisecondsPerDay)
        let (y, m, d) = EventTime.civilFromDays(Int(days))
        guard (0...9999).contains(y) else {
            var out = "\(pad(y, 4))-\(pad(m))-\(pad(d))"
            if precision != .day {
                out += "T\(pad(rest / 3_600_000)):\(pad(rest / 60_000 % 60))"
                if precision >= .second { out += ":\(pad(rest / 1000 % 60))" }
                if precision == .millisecond { out += ".\(pad(rest % 1000, 3))" }
                out += "Z"
            }
            return Array(out.utf8).withUnsafeBufferPointer(body)
        }
        // Written digit by digit: interpolation costs more than the rest of a row's preparation.
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, the longest form
        return withUnsafeMutableBytes(of: &buffer) { raw in
            let out = raw.bindMemory(to: UInt8.self)
            var n = 0
            func put(_ value: Int, _ width: Int) {
                var value = value
                for i in stride(from: width - 1, through: 0, by: -1) {
                    out[n + i] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
                n += width
            }
            func put(_ ascii: Unicode.Scalar) { out[n] = UInt8(ascii: ascii); n += 1 }
            put(y, 4); put("-"); put(m, 2); put("-"); put(d, 2)
            if precision != .day {
                put("T"); put(rest / 3_600_000, 2); put(":"); put(rest / 60_000 % 60, 2)
                if precision >= .second { put(":"); put(rest / 1000 % 60, 2) }
                if precision == .millisecond { put("."); put(rest % 1000, 3) }
                put("Z")
            }
            return body(UnsafeBufferPointer(rebasing: out[..<n]))
        }
    }

    // MARK: Calendar arithmetic (proleptic Gregorian; H. Hinnant's days_from_civil)

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July",
                             "August", "September", "October", "November", "December"]

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

private func pad(_ value: Int, _ width: Int = 2) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension EventTime: CustomStringConvertible {
    public var description: String { iso8601 }
}

/// Why a time was refused.
public enum EventTimeError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case malformed(String)
    case impossibleDate(String, String)
    case missingZone(String)
    case tooPrecise(String)
    case inFuture(String)
    /// A query bound outside ``EventTime/queryYears``.
    case outOfQueryRange(String)

    public var description: String {
        switch self {
        case .empty: "is empty; give a date (2022-09-10) or a date-time (2022-09-10T08:30Z)"
        case let .malformed(text): "'\(VisibleText.escaped(text))' is not an ISO 8601 date (2022-09-10) or date-time with Z or an offset (2022-09-10T08:30Z, 2022-09-10T11:30+03:00)"
        case let .impossibleDate(text, why): "'\(VisibleText.escaped(text))' is not a real date or time: \(why)"
        case let .missingZone(text): "'\(VisibleText.escaped(text))' has no time zone; add Z for UTC or an offset such as +03:00"
        case let .tooPrecise(text): "'\(VisibleText.escaped(text))' is more precise than a millisecond"
        case let .inFuture(text): "'\(VisibleText.escaped(text))' is more than a day in the future"
        case let .outOfQueryRange(text):
            "'\(VisibleText.escaped(text))' is outside the years a query may name (\(EventTime.queryYears.lowerBound)–\(EventTime.queryYears.upperBound), UTC)"
        }
    }
}
