import Crypto

/// The bytes an entry's SHA-256 is computed over. Events and retractions share one chain: each
/// entry's hash covers its own canonical form, which ends with the previous entry's hash (64 `0`s
/// for the first entry).
///
/// The form is a sequence of fields, each written as its UTF-8 byte count in decimal, `:`, the
/// bytes, and `\n` (so no value can be confused with a separator); an absent value is `~\n`.
/// Integers are plain decimal (no sign for positives, no leading zeros); geometries are their
/// ISO WKB (little-endian, 2D) in lowercase hex. Text is hashed exactly as stored (UTF-8, no
/// normalisation). The derived bounding-box columns are not hashed; `verify` recomputes them.
///
/// Event, version 1 — fields in this order:
///
///     "frontline-event-1", seq, id, at_utc, at_text, kind, place_id|~, geometry-hex|~,
///     side, status, claimant, source, url|~, note|~, recorded_at,
///     part-count, then per snapshot part: side, geometry-hex,
///     (snapshot region, or ~), prev_hash
///
/// Retraction, version 1:
///
///     "frontline-retraction-1", seq, event_id, reason, recorded_at, prev_hash
///
/// Changing anything here changes every hash: add a new version tag instead.
public struct CanonicalForm {
    public static let genesisHash = String(repeating: "0", count: 64)

    private(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(512) }

    mutating func reset(tag: String) {
        bytes.removeAll(keepingCapacity: true)
        field(tag)
    }

    mutating func field(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            appendDecimal(utf8.count)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(contentsOf: utf8)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ text: String?) {
        if let text { field(text) } else { absent() }
    }

    mutating func field(_ value: Int64) {
        let start = bytes.count
        bytes.append(contentsOf: [0, UInt8(ascii: ":")])  // placeholder for the length
        let digitsStart = bytes.count
        appendDecimal(value)
        let length = bytes.count - digitsStart
        // A decimal integer is at most 20 characters, so its length has one or two digits.
        if length < 10 {
            bytes[start] = UInt8(ascii: "0") + UInt8(length)
        } else {
            bytes[start] = UInt8(ascii: "0") + UInt8(length / 10)
            bytes.insert(UInt8(ascii: "0") + UInt8(length % 10), at: start + 1)
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ value: Int?) {
        if let value { field(Int64(value)) } else { absent() }
    }

    /// Bytes as lowercase hex.
    mutating func field(hex: [UInt8]?) {
        guard let hex else { return absent() }
        appendDecimal(hex.count * 2)
        bytes.append(UInt8(ascii: ":"))
        for byte in hex {
            bytes.append(CanonicalForm.hexDigits[Int(byte >> 4)])
            bytes.append(CanonicalForm.hexDigits[Int(byte & 15)])
        }
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func absent() {
        bytes.append(UInt8(ascii: "~"))
        bytes.append(UInt8(ascii: "\n"))
    }

    private mutating func appendDecimal(_ value: Int) { appendDecimal(Int64(value)) }

    private mutating func appendDecimal(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude == 0 { bytes.append(UInt8(ascii: "0")); return }
        let start = bytes.count
        while magnitude > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        bytes[start...].reverse()
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// SHA-256 of the form so far, in lowercase hex.
    public func sha256() -> String {
        let digest = SHA256.hash(data: bytes)
        var hex = [UInt8]()
        hex.reserveCapacity(64)
        for byte in digest {
            hex.append(CanonicalForm.hexDigits[Int(byte >> 4)])
            hex.append(CanonicalForm.hexDigits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The canonical form as text (for documentation and tests).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// An event's stored content, as the chain hashes it.
struct EventContent {
    var seq: Int64
    var id: String
    var atUTC: Int64
    var atText: String
    var kind: String
    var placeID: Int?
    var geometryWKB: [UInt8]?
    var side: String
    var status: String
    var claimant: String
    var source: String
    var url: String?
    var note: String?
    var recordedAt: String
    var region: String?
    var parts: [(side: String, wkb: [UInt8])]
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-event-1")
        form.field(seq)
        form.field(id)
        form.field(atUTC)
        form.field(atText)
        form.field(kind)
        form.field(placeID)
        form.field(hex: geometryWKB)
        form.field(side)
        form.field(status)
        form.field(claimant)
        form.field(source)
        form.field(url)
        form.field(note)
        form.field(recordedAt)
        form.field(Int64(parts.count))
        for part in parts {
            form.field(part.side)
            form.field(hex: part.wkb)
        }
        form.field(region)
        form.field(prevHash)
        return form.sha256()
    }
}

/// A retraction's stored content, as the chain hashes it.
struct RetractionContent {
    var seq: Int64
    var eventID: String
    var reason: String
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-retraction-1")
        form.field(seq)
        form.field(eventID)
        form.field(reason)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}
