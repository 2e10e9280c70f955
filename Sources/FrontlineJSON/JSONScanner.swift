#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure at a byte offset, before it is turned into a line and column (only on error, so the
/// hot path never counts lines). `path` collects JSON path components innermost first, added as
/// the error unwinds through arrays that do not keep a path stack (coordinates).
package struct OffsetError: Error {
    package enum Kind { case syntax, semantic }
    package var kind: Kind
    package var offset: Int
    package var message: String
    package var innerPath: [PathComponent] = []
    package var duplicateKey: String? = nil

    package init(kind: Kind, offset: Int, message: String, innerPath: [PathComponent] = [], duplicateKey: String? = nil) {
        self.kind = kind
        self.offset = offset
        self.message = message
        self.innerPath = innerPath
        self.duplicateKey = duplicateKey
    }
}

/// One step of a JSON path: a member key or an array index.
package enum PathComponent: Equatable {
    case key(String)
    case index(Int)

    /// Renders `features[3].geometry.coordinates[0][2]`; the empty path is `$`.
    package static func render(_ components: some Sequence<PathComponent>) -> String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index):
                text += "[\(index)]"
            }
        }
        return text.isEmpty ? "$" : text
    }
}

/// A byte-level JSON scanner over memory the caller keeps alive (used inside
/// `withUnsafeBufferPointer`). It reads values into ``JSONValue`` trees, skips values without
/// building them, and exposes strings and numbers so the GeoJSON reader can decode
/// coordinates straight into `[Coordinate]`.
///
/// Numbers take an exact fast path for decimals whose significand fits in 53 bits with a
/// power-of-ten exponent up to 22 (Clinger's fast path: one correctly rounded multiplication or
/// division of two exact doubles); anything else goes to `strtod` on a NUL-terminated stack copy.
package struct JSONScanner {
    package let base: UnsafePointer<UInt8>
    package let end: Int
    package var position = 0
    /// Whether a key given twice in one object is an error (RFC 8259 leaves it to the reader;
    /// where a repeated key would silently replace a value that is recorded, it is refused).
    package var rejectsDuplicateKeys = false
    /// Nesting limit: deeper input is rejected instead of overflowing the stack.
    package static let maximumDepth = 512

    package init(_ buffer: UnsafeBufferPointer<UInt8>) {
        // An empty buffer may have a nil base address; point at a static empty byte instead.
        base = buffer.baseAddress ?? JSONScanner.emptyBase
        end = buffer.count
    }

    // Never written: a one-byte allocation that lives as long as the process.
    nonisolated(unsafe) private static let emptyBase: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    // MARK: Bytes

    @inlinable @inline(__always) package var atEnd: Bool { position >= end }

    /// The byte at the current position, or 0 at the end (0 is never valid JSON outside strings,
    /// and strings check the end explicitly).
    @inlinable @inline(__always) package var current: UInt8 { position < end ? base[position] : 0 }

    @inlinable @inline(__always) package mutating func skipWhitespace() {
        while position < end {
            switch base[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Skips whitespace and returns the next byte (0 at the end) without consuming it.
    @inlinable @inline(__always) package mutating func peek() -> UInt8 {
        skipWhitespace()
        return current
    }

    package func error(_ message: String, at offset: Int? = nil) -> OffsetError {
        OffsetError(kind: .syntax, offset: min(offset ?? position, end), message: message)
    }

    /// Describes the byte at the position for messages: `'x'`, or "end of input".
    package var found: String {
        guard position < end else { return "end of input" }
        let b = base[position]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    /// Consumes `byte` after optional whitespace, or throws naming what was expected.
    @inlinable @inline(__always) package mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(OffsetError) {
        skipWhitespace()
        guard position < end, base[position] == byte else { throw error("expected \(what()), found \(found)") }
        position += 1
    }

    /// After an element of an array or a member of an object: consumes ',' and returns true, or
    /// consumes `close` and returns false.
    @inlinable @inline(__always) package mutating func continues(_ close: UInt8) throws(OffsetError) -> Bool {
        skipWhitespace()
        if position < end {
            let b = base[position]
            if b == 0x2C { position += 1; return true }
            if b == close { position += 1; return false }
        }
        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))', found \(found)")
    }

    /// Consumes `open` and then, if the container is empty, its close; returns whether elements follow.
    @inlinable @inline(__always) package mutating func open(_ open: UInt8, _ close: UInt8, _ what: @autoclosure () -> String) throws(OffsetError) -> Bool {
        try expect(open, what())
        skipWhitespace()
        if position < end && base[position] == close { position += 1; return false }
        return true
    }

    /// Throws unless only whitespace remains.
    package mutating func expectEnd() throws(OffsetError) {
        skipWhitespace()
        guard atEnd else { throw error("unexpected \(found) after the JSON value") }
    }

    // MARK: Values

    /// Reads any JSON value into a tree.
    package mutating func parseValue(depth: Int = 0) throws(OffsetError) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "{"): return .object(try parseObject(depth: depth))
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            var elements: [JSONValue] = []
            if try open(UInt8(ascii: "["), UInt8(ascii: "]"), "'['") {
                repeat { elements.append(try parseValue(depth: depth + 1)) } while try continues(UInt8(ascii: "]"))
            }
            return .array(elements)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw error("expected a JSON value, found \(found)")
        }
    }

    /// Reads an object (the position is at optional whitespace before '{').
    package mutating func parseObject(depth: Int = 0) throws(OffsetError) -> JSONObject {
        guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        var object = JSONObject()
        var keys: Set<String>?  // for a large object's duplicates, once it has some keys
        if try open(UInt8(ascii: "{"), UInt8(ascii: "}"), "'{'") {
            repeat {
                skipWhitespace()
                let keyOffset = position
                let key = try parseKey()
                if rejectsDuplicateKeys {
                    let repeated: Bool
                    if object.count < 8 {
                        repeated = object.members.contains { $0.key == key }
                    } else {
                        if keys == nil { keys = Set(object.keys) }
                        repeated = !keys!.insert(key).inserted
                    }
                    if repeated {
                        throw OffsetError(kind: .syntax, offset: keyOffset, message: "the key '\(key)' appears twice in one object",
                                          duplicateKey: key)
                    }
                }
                object.append(key: key, value: try parseValue(depth: depth + 1))
            } while try continues(UInt8(ascii: "}"))
        }
        return object
    }

    /// Reads a member name and the ':' after it.
    package mutating func parseKey() throws(OffsetError) -> String {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes, found \(found)") }
        let key = try parseString()
        try expect(UInt8(ascii: ":"), "':' after a member name")
        return key
    }

    /// Reads a member name and ':' and returns the raw bytes of the name when it has no escapes
    /// (for comparing with known keys without allocating), or nil after decoding an escaped name
    /// into `decoded`.
    package mutating func parseKeyBytes(decoded: inout String) throws(OffsetError) -> UnsafeBufferPointer<UInt8>? {
        guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes, found \(found)") }
        let start = position + 1
        var i = start
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                position = i + 1
                try expect(UInt8(ascii: ":"), "':' after a member name")
                return UnsafeBufferPointer(start: base + start, count: i - start)
            }
            if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { break }
            i += 1
        }
        decoded = try parseKey()
        return nil
    }

    package mutating func literal(_ word: StaticString) throws(OffsetError) {
        let count = word.utf8CodeUnitCount
        let start = position
        if end - position >= count && memcmp(base + position, word.utf8Start, count) == 0 {
            position += count
            return
        }
        throw error("invalid literal (expected \(word))", at: start)
    }

    // MARK: Strings

    /// Reads a string (the position is at the opening quote), decoding every escape including
    /// `\uXXXX` surrogate pairs. Raw control characters and invalid UTF-8 are errors.
    package mutating func parseString() throws(OffsetError) -> String {
        let start = position + 1
        var i = start
        var ascii = true
        // Fast path: no escapes.
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") {
                position = i + 1
                let bytes = UnsafeBufferPointer(start: base + start, count: i - start)
                if ascii { return String(decoding: bytes, as: UTF8.self) }
                guard let s = String(validating: bytes, as: UTF8.self) else {
                    throw error("invalid UTF-8 in a string", at: start - 1)
                }
                return s
            }
            if b == UInt8(ascii: "\\") { break }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16, uppercase: true)) in a string", at: i) }
            if b >= 0x80 { ascii = false }
            i += 1
        }
        guard i < end else { throw error("unterminated string", at: start - 1) }
        // Slow path: copy what was scanned, then decode escapes.
        var utf8 = Array(UnsafeBufferPointer(start: base + start, count: i - start))
        while true {
            guard i < end else { throw error("unterminated string", at: start - 1) }
            let b = base[i]
            if b == UInt8(ascii: "\"") { break }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16, uppercase: true)) in a string", at: i) }
            if b != UInt8(ascii: "\\") { utf8.append(b); i += 1; continue }
            guard i + 1 < end else { throw error("unterminated string", at: start - 1) }
            let escape = base[i + 1]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var unit = try hex4(at: i + 2)
                var consumed = 6
                if (0xD800...0xDBFF).contains(unit) {
                    // A high surrogate must be followed by an escaped low surrogate.
                    guard i + 7 < end, base[i + 6] == UInt8(ascii: "\\"), base[i + 7] == UInt8(ascii: "u") else {
                        throw error("unpaired high surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: i)
                    }
                    let low = try hex4(at: i + 8)
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw error("high surrogate \\u\(String(unit, radix: 16, uppercase: true)) followed by \\u\(String(low, radix: 16, uppercase: true)), not a low surrogate", at: i)
                    }
                    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    consumed = 12
                } else if (0xDC00...0xDFFF).contains(unit) {
                    throw error("unpaired low surrogate \\u\(String(unit, radix: 16, uppercase: true))", at: i)
                }
                utf8.append(contentsOf: Unicode.Scalar(unit)!.utf8)
                i += consumed
                continue
            default:
                throw error("invalid escape '\\\(Character(Unicode.Scalar(escape)))' in a string", at: i)
            }
            i += 2
        }
        position = i + 1
        guard let s = String(validating: utf8, as: UTF8.self) else { throw error("invalid UTF-8 in a string", at: start - 1) }
        return s
    }

    private func hex4(at offset: Int) throws(OffsetError) -> UInt32 {
        guard offset + 4 <= end else { throw error("truncated \\u escape", at: offset - 2) }
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = base[offset + k]
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw error("invalid hex digit in a \\u escape", at: offset + k)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Numbers

    /// 10^k as an exact double for 0 ≤ k ≤ 22 (10^22 is the largest exactly representable); a
    /// switch over literals compiles to a constant table, with no lazy-global check.
    @inlinable @inline(__always) package static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// Reads a number with JSON's grammar (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`),
    /// without allocating. Out-of-range magnitudes become ±infinity or ±0, as with `strtod`.
    @inlinable package mutating func parseNumber() throws(OffsetError) -> Double {
        skipWhitespace()
        let start = position
        var i = position
        let negative = i < end && base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        // All digits go into one 64-bit significand; more than 19 digits (which may have
        // wrapped) take the slow path.
        var mantissa: UInt64 = 0
        let integerStart = i
        while i < end {
            let d = base[i] &- UInt8(ascii: "0")
            guard d < 10 else { break }
            mantissa = mantissa &* 10 &+ UInt64(d)
            i += 1
        }
        let integerDigits = i - integerStart
        guard integerDigits > 0 else { throw error("invalid number: expected a digit", at: i) }
        if integerDigits > 1 && base[integerStart] == UInt8(ascii: "0") {
            throw error("invalid number: leading zero", at: start)
        }
        var fractionDigits = 0
        if i < end && base[i] == UInt8(ascii: ".") {
            i += 1
            let fractionStart = i
            while i < end {
                let d = base[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                mantissa = mantissa &* 10 &+ UInt64(d)
                i += 1
            }
            fractionDigits = i - fractionStart
            guard fractionDigits > 0 else { throw error("invalid number: expected a digit after '.'", at: i) }
        }
        var exponent = -fractionDigits
        if i < end && (base[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end && (base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-")) {
                exponentNegative = base[i] == UInt8(ascii: "-")
                i += 1
            }
            let firstExponentDigit = i
            var explicit = 0
            while i < end {
                let d = base[i] &- UInt8(ascii: "0")
                guard d < 10 else { break }
                if explicit < 100_000 { explicit = explicit * 10 + Int(d) }
                i += 1
            }
            guard i > firstExponentDigit else { throw error("invalid number: expected a digit in the exponent", at: i) }
            exponent += exponentNegative ? -explicit : explicit
        }
        position = i
        // Clinger's fast path: both the significand and 10^|exponent| are exact doubles, so one
        // IEEE multiplication or division gives the correctly rounded result.
        if integerDigits + fractionDigits <= 19 && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= Self.powerOfTen(-exponent) } else { value *= Self.powerOfTen(exponent) }
            return negative ? -value : value
        }
        return slowNumber(from: start, count: i - start)
    }

    /// `strtod` on a NUL-terminated copy of the number's bytes (already validated as JSON).
    @usableFromInline package func slowNumber(from start: Int, count: Int) -> Double {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for k in 0..<count { buffer[k] = CChar(bitPattern: base[start + k]) }
            buffer[count] = 0
            return strtod(buffer.baseAddress!, nil)
        }
    }

    // MARK: Skipping

    /// Consumes one value of any kind, checking its syntax but building nothing.
    package mutating func skipValue(depth: Int = 0) throws(OffsetError) {
        switch peek() {
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            if try open(UInt8(ascii: "{"), UInt8(ascii: "}"), "'{'") {
                repeat {
                    guard peek() == UInt8(ascii: "\"") else { throw error("expected a member name in double quotes, found \(found)") }
                    try skipString()
                    try expect(UInt8(ascii: ":"), "':' after a member name")
                    try skipValue(depth: depth + 1)
                } while try continues(UInt8(ascii: "}"))
            }
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            if try open(UInt8(ascii: "["), UInt8(ascii: "]"), "'['") {
                repeat { try skipValue(depth: depth + 1) } while try continues(UInt8(ascii: "]"))
            }
        case UInt8(ascii: "\""): try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): _ = try parseNumber()
        default: throw error("expected a JSON value, found \(found)")
        }
    }

    /// Skips a string, checking escapes and control characters (and UTF-8 only when it must
    /// decode, so skipped strings are checked for structure, not encoding).
    package mutating func skipString() throws(OffsetError) {
        let start = position
        var i = position + 1
        while i < end {
            let b = base[i]
            if b == UInt8(ascii: "\"") { position = i + 1; return }
            if b == UInt8(ascii: "\\") {
                // Let the full decoder validate the escapes of this (rare) string.
                position = start
                _ = try parseString()
                return
            }
            if b < 0x20 { throw error("unescaped control character 0x\(String(b, radix: 16, uppercase: true)) in a string", at: i) }
            i += 1
        }
        throw error("unterminated string", at: start)
    }

    // MARK: Locations

    /// 1-based line and byte column of `offset`.
    package func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        var line = 1
        var lineStart = 0
        var i = 0
        let limit = min(offset, end)
        while i < limit {
            if base[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
        return (line, limit - lineStart + 1)
    }
}
