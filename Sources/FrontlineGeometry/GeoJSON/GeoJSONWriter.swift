#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FrontlineJSON

/// Writes RFC 7946 GeoJSON for web maps, QGIS and GDAL.
///
/// - Positions are `[lon, lat]`; exterior rings are written counter-clockwise and holes clockwise
///   (RFC 7946 §3.1.6), reoriented by the sign of the planar shoelace area on longitude/latitude.
/// - No `crs` member (RFC 7946 §4: WGS84 longitude/latitude only).
/// - Every Feature writes `"type"`, then `"id"` when it has one, `"geometry"` and `"properties"`
///   (either may be `null`).
/// - Coordinates are written with at most `precision` decimals (correctly rounded by `snprintf`),
///   trailing zeros trimmed, never in exponent notation, and `-0` as `0`. Numbers in ids and
///   properties are written exactly (the shortest digits that read back as the same `Double`),
///   also without exponent notation. NaN and infinities are rejected with
///   ``GeoJSONError/nonFiniteNumber(path:value:)``.
/// - Object members keep their stored order; strings are escaped as RFC 8259 requires (quote,
///   backslash, control characters) and non-ASCII text is written as UTF-8.
/// - Layout is stable for golden files: a FeatureCollection is written with one feature per line
///   and a final newline; everything else is compact.
public struct GeoJSONWriter: Sendable {
    /// Decimal places kept in coordinates (clamped to 0...17). 6 decimals is about 0.1 m.
    public var precision: Int

    public init(precision: Int = 6) {
        self.precision = precision
    }

    public func write(_ collection: FeatureCollection) throws(GeoJSONError) -> [UInt8] {
        var output = GeoJSONOutput(precision: precision)
        output.reserve(collection.features.count * 256)
        try output.run { (o) throws(GeoJSONOutput.Failure) in
            o.raw("{\"type\":\"FeatureCollection\",\"features\":[")
            for (i, feature) in collection.features.enumerated() {
                o.raw(i == 0 ? "\n" : ",\n")
                try o.at(.key("features")) { (o) throws(GeoJSONOutput.Failure) in
                    try o.at(.index(i)) { (o) throws(GeoJSONOutput.Failure) in try o.feature(feature) }
                }
            }
            o.raw(collection.features.isEmpty ? "]}\n" : "\n]}\n")
        }
        return output.bytes
    }

    public func write(_ feature: Feature) throws(GeoJSONError) -> [UInt8] {
        var output = GeoJSONOutput(precision: precision)
        try output.run { (o) throws(GeoJSONOutput.Failure) in try o.feature(feature) }
        return output.bytes
    }

    /// A bare geometry object.
    public func write(_ geometry: Geometry) throws(GeoJSONError) -> [UInt8] {
        var output = GeoJSONOutput(precision: precision)
        try output.run { (o) throws(GeoJSONOutput.Failure) in try o.geometry(geometry) }
        return output.bytes
    }

    public func string(_ collection: FeatureCollection) throws(GeoJSONError) -> String {
        String(decoding: try write(collection), as: UTF8.self)
    }

    public func string(_ feature: Feature) throws(GeoJSONError) -> String {
        String(decoding: try write(feature), as: UTF8.self)
    }

    public func string(_ geometry: Geometry) throws(GeoJSONError) -> String {
        String(decoding: try write(geometry), as: UTF8.self)
    }
}

/// The writer's buffer and number formatting; also writes single JSON values.
struct GeoJSONOutput {
    /// A non-finite number, with the path to it (outermost first), filled in as the error unwinds.
    struct Failure: Error {
        var path: [PathComponent]
        var value: Double
    }

    var bytes: [UInt8] = []
    let precision: Int

    init(precision: Int) {
        self.precision = max(0, min(17, precision))
    }

    mutating func reserve(_ n: Int) { bytes.reserveCapacity(n) }

    mutating func run(_ body: (inout GeoJSONOutput) throws(Failure) -> Void) throws(GeoJSONError) {
        do { try body(&self) } catch {
            throw .nonFiniteNumber(path: PathComponent.render(error.path), value: "\(error.value)")
        }
    }

    /// Runs `body`, prefixing `component` to the path of a failure inside it.
    @inline(__always)
    mutating func at(_ component: PathComponent, body: (inout GeoJSONOutput) throws(Failure) -> Void) throws(Failure) {
        do { try body(&self) } catch {
            var e = error
            e.path.insert(component, at: 0)
            throw e
        }
    }

    @inline(__always) mutating func raw(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always) mutating func byte(_ b: UInt8) { bytes.append(b) }

    // MARK: Features and geometries

    mutating func feature(_ feature: Feature) throws(Failure) {
        raw("{\"type\":\"Feature\",")
        if let id = feature.id {
            raw("\"id\":")
            try at(.key("id")) { (o) throws(Failure) in try o.value(id) }
            byte(UInt8(ascii: ","))
        }
        raw("\"geometry\":")
        if let geometry = feature.geometry {
            try at(.key("geometry")) { (o) throws(Failure) in try o.geometry(geometry) }
        } else {
            raw("null")
        }
        raw(",\"properties\":")
        if let properties = feature.properties {
            try at(.key("properties")) { (o) throws(Failure) in try o.object(properties) }
        } else {
            raw("null")
        }
        byte(UInt8(ascii: "}"))
    }

    mutating func geometry(_ geometry: Geometry) throws(Failure) {
        raw("{\"type\":")
        string(geometry.typeName)
        if case .collection(let members) = geometry {
            raw(",\"geometries\":[")
            for (i, member) in members.enumerated() {
                if i > 0 { byte(UInt8(ascii: ",")) }
                try at(.key("geometries")) { (o) throws(Failure) in
                    try o.at(.index(i)) { (o) throws(Failure) in try o.geometry(member) }
                }
            }
            raw("]}")
            return
        }
        raw(",\"coordinates\":")
        try at(.key("coordinates")) { (o) throws(Failure) in
            switch geometry {
            case .point(let c): try o.position(c)
            case .multiPoint(let cs): try o.positions(cs)
            case .lineString(let line): try o.positions(line.coordinates)
            case .multiLineString(let lines):
                try o.list(lines) { (o, line) throws(Failure) in try o.positions(line.coordinates) }
            case .polygon(let polygon): try o.polygon(polygon)
            case .multiPolygon(let polygons):
                try o.list(polygons) { (o, polygon) throws(Failure) in try o.polygon(polygon) }
            case .collection: break
            }
        }
        byte(UInt8(ascii: "}"))
    }

    mutating func list<T>(_ items: [T], _ each: (inout GeoJSONOutput, T) throws(Failure) -> Void) throws(Failure) {
        byte(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            try at(.index(i)) { (o) throws(Failure) in try each(&o, item) }
        }
        byte(UInt8(ascii: "]"))
    }

    /// Rings oriented as RFC 7946 §3.1.6 asks: exterior counter-clockwise, holes clockwise.
    mutating func polygon(_ polygon: Polygon) throws(Failure) {
        if polygon.exterior.isEmpty {
            raw("[]")
            return
        }
        byte(UInt8(ascii: "["))
        try at(.index(0)) { (o) throws(Failure) in try o.ring(polygon.exterior, counterClockwise: true) }
        for (i, hole) in polygon.holes.enumerated() {
            byte(UInt8(ascii: ","))
            try at(.index(i + 1)) { (o) throws(Failure) in try o.ring(hole, counterClockwise: false) }
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func ring(_ ring: Ring, counterClockwise: Bool) throws(Failure) {
        let area = RingOrientation.signedArea(ring)
        if area != 0 && (area > 0) != counterClockwise {
            try positions(ring.reversed())
        } else {
            try positions(ring)
        }
    }

    mutating func positions(_ coordinates: some Collection<Coordinate>) throws(Failure) {
        byte(UInt8(ascii: "["))
        var i = 0
        for c in coordinates {
            if i > 0 { byte(UInt8(ascii: ",")) }
            do { try position(c) } catch {
                var e = error
                e.path.insert(.index(i), at: 0)
                throw e
            }
            i += 1
        }
        byte(UInt8(ascii: "]"))
    }

    mutating func position(_ c: Coordinate) throws(Failure) {
        guard c.lon.isFinite else { throw Failure(path: [.index(0)], value: c.lon) }
        guard c.lat.isFinite else { throw Failure(path: [.index(1)], value: c.lat) }
        byte(UInt8(ascii: "["))
        try fixed(c.lon)
        byte(UInt8(ascii: ","))
        try fixed(c.lat)
        byte(UInt8(ascii: "]"))
    }

    // MARK: JSON values

    mutating func value(_ value: JSONValue) throws(Failure) {
        switch value {
        case .null: raw("null")
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .number(let n): try exact(n)
        case .string(let s): string(s)
        case .array(let elements):
            try list(elements) { (o, element) throws(Failure) in try o.value(element) }
        case .object(let object): try self.object(object)
        }
    }

    mutating func object(_ object: JSONObject) throws(Failure) {
        byte(UInt8(ascii: "{"))
        for (i, member) in object.enumerated() {
            if i > 0 { byte(UInt8(ascii: ",")) }
            string(member.key)
            byte(UInt8(ascii: ":"))
            try at(.key(member.key)) { (o) throws(Failure) in try o.value(member.value) }
        }
        byte(UInt8(ascii: "}"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A JSON string: quote, backslash and control characters escaped, everything else as UTF-8.
    mutating func string(_ s: String) {
        byte(UInt8(ascii: "\""))
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: s.utf8)
            byte(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                byte(Self.hexDigits[Int(b >> 4)])
                byte(Self.hexDigits[Int(b & 0xF)])
            default: byte(b)
            }
        }
        byte(UInt8(ascii: "\""))
    }

    // MARK: Numbers

    /// Exact powers of ten as doubles and integers, 10^0 ... 10^17.
    private static let scales: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17]
    private static let integerScales: [UInt64] = (0...17).map { k in (0..<k).reduce(1) { r, _ in r * 10 } }

    /// At most `precision` decimals, correctly rounded; trailing zeros and a bare '.' trimmed;
    /// `-0` (including negatives that round to zero) written as `0`.
    ///
    /// Rounds the exact binary value, as `printf("%.*f")` does: `p = |x| · 10^precision` is
    /// computed with its exact rounding error `e = fma(|x|, 10^precision, -p)` (10^precision is an
    /// exact double), so `p + e` is the exact product; its distance from the tie `floor(p) + ½`
    /// decides the rounding (exact ties go to even). Products of 2^52 and more are left to `snprintf`.
    mutating func fixed(_ x: Double) throws(Failure) {
        guard x.isFinite else { throw Failure(path: [], value: x) }
        let magnitude = x.magnitude
        let scale = Self.scales[precision]
        let product = magnitude * scale
        guard product < 4_503_599_627_370_496 else {  // 2^52
            formatted(x)
            return
        }
        let error = (-product).addingProduct(magnitude, scale)  // exact: x·10^k − p
        let floor = product.rounded(.down)
        // (fraction − ½) is exact; adding the tiny error keeps the sign of the exact sum.
        let offset = (product - floor - 0.5) + error
        var units = UInt64(floor)
        if offset > 0 || (offset == 0 && units & 1 == 1) { units += 1 }
        if units == 0 {
            byte(UInt8(ascii: "0"))
            return
        }
        let integerScale = Self.integerScales[precision]
        var decimals = units % integerScale
        var width = precision
        if decimals != 0 {
            while decimals % 10 == 0 {
                decimals /= 10
                width -= 1
            }
        }
        digits(negative: x < 0, units / integerScale, decimals: decimals, width: decimals == 0 ? 0 : width)
    }

    /// Appends `-`? integer (`.` decimals zero-padded to `width`)? in one append.
    @inline(__always)
    mutating func digits(negative: Bool, _ integer: UInt64, decimals: UInt64, width: Int) {
        // Up to 20 integer digits, a sign, a point and 17 decimals.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var end = 48
            var v = decimals
            for _ in 0..<width {
                end -= 1
                buffer[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            }
            if width > 0 {
                end -= 1
                buffer[end] = UInt8(ascii: ".")
            }
            v = integer
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
                v /= 10
            } while v > 0
            if negative {
                end -= 1
                buffer[end] = UInt8(ascii: "-")
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[end..<48]))
        }
    }

    /// `snprintf("%.*f")`, trimmed.
    private mutating func formatted(_ x: Double) {
        // |x| < 1.8e308: at most 309 integer digits, a sign, a point, 17 decimals and a NUL.
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 340) { buffer in
            let n = Int(snprintf_double(buffer.baseAddress!, 340, Int32(precision), x))
            var end = n
            if precision > 0 {
                while end > 0 && buffer[end - 1] == CChar(UInt8(ascii: "0")) { end -= 1 }
                if end > 0 && buffer[end - 1] == CChar(UInt8(ascii: ".")) { end -= 1 }
            }
            var start = 0
            if buffer[0] == CChar(UInt8(ascii: "-")) {
                // "-0" after trimming: the number rounded to zero.
                if end == 2 && buffer[1] == CChar(UInt8(ascii: "0")) { start = 1 }
            }
            for k in start..<end { bytes.append(UInt8(bitPattern: buffer[k])) }
        }
    }

    mutating func integer(_ value: Int64) {
        digits(negative: value < 0, value.magnitude, decimals: 0, width: 0)
    }

    /// The shortest digits that read back as `x` (Swift's `description`), in plain notation.
    mutating func exact(_ x: Double) throws(Failure) {
        guard x.isFinite else { throw Failure(path: [], value: x) }
        if x == 0 {
            byte(UInt8(ascii: "0"))
            return
        }
        if x == x.rounded(), abs(x) < 1e15 {
            integer(Int64(x))
            return
        }
        bytes.append(contentsOf: plainDecimal(x.description).utf8)
    }
}

/// Rewrites Swift's shortest representation ("1.5e-07", "1e+16", "-2.5") without an exponent.
func plainDecimal(_ text: String) -> String {
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
    let exponent = Int(text[text.index(after: e)...])!
    var mantissa = Substring(text[..<e])
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa = mantissa.dropFirst() }
    let point = mantissa.firstIndex(of: ".")
    let integerDigits = point.map { String(mantissa[..<$0]) } ?? String(mantissa)
    let fractionDigits = point.map { String(mantissa[mantissa.index(after: $0)...]) } ?? ""
    var digits = integerDigits + fractionDigits
    // The decimal point sits after `pointAt` digits.
    let pointAt = integerDigits.count + exponent
    var result: String
    if pointAt <= 0 {
        result = "0." + String(repeating: "0", count: -pointAt) + digits
    } else if pointAt >= digits.count {
        result = digits + String(repeating: "0", count: pointAt - digits.count)
    } else {
        digits.insert(".", at: digits.index(digits.startIndex, offsetBy: pointAt))
        result = digits
    }
    if result.contains(".") {
        while result.hasSuffix("0") { result.removeLast() }
        if result.hasSuffix(".") { result.removeLast() }
    }
    return negative ? "-" + result : result
}

/// `snprintf(buffer, size, "%.*f", precision, x)`: Swift cannot call C variadic functions directly.
@inline(__always)
private func snprintf_double(_ buffer: UnsafeMutablePointer<CChar>, _ size: Int, _ precision: Int32, _ x: Double) -> Int32 {
    withVaList([precision, x]) { vsnprintf(buffer, size, "%.*f", $0) }
}

/// Ring orientation by the planar shoelace formula on longitude/latitude (good for orientation,
/// never for areas: those are ``Geodesic/area(of:)``).
public enum RingOrientation {
    /// The signed planar area in square degrees, positive for counter-clockwise rings.
    public static func signedArea(_ ring: Ring) -> Double {
        guard ring.count >= 3 else { return 0 }
        // Relative to the first vertex, to keep precision for small rings far from (0, 0).
        let origin = ring[0]
        var sum = 0.0
        for i in 1..<(ring.count - 1) {
            let a = ring[i], b = ring[i + 1]
            sum += (a.lon - origin.lon) * (b.lat - origin.lat) - (b.lon - origin.lon) * (a.lat - origin.lat)
        }
        return sum / 2
    }

    public static func isCounterClockwise(_ ring: Ring) -> Bool { signedArea(ring) > 0 }
}
