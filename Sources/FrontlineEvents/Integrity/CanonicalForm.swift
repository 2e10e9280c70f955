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
public struct CanonicalForm: Sendable {
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

    /// A field whose bytes are already UTF-8.
    mutating func field(bytes value: UnsafeBufferPointer<UInt8>) {
        appendDecimal(value.count)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: value)
        bytes.append(UInt8(ascii: "\n"))
    }

    mutating func field(_ text: String?) {
        if let text { field(text) } else { absent() }
    }

    mutating func field(_ value: Int64) {
        withDecimal(value) { form, digits in
            form.appendDecimal(digits.count)
            form.bytes.append(UInt8(ascii: ":"))
            form.bytes.append(contentsOf: digits)
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
        withDecimal(value) { form, digits in form.bytes.append(contentsOf: digits) }
    }

    /// `value`'s decimal digits (and sign), written backwards into a buffer on the stack: no
    /// allocation, no reversal.
    private mutating func withDecimal(_ value: Int64, _ body: (inout CanonicalForm, UnsafeRawBufferPointer) -> Void) {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: an Int64 has 19 digits and a sign
        withUnsafeMutableBytes(of: &buffer) { buffer in
            var magnitude = value.magnitude
            var i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { i -= 1; buffer[i] = UInt8(ascii: "-") }
            body(&self, UnsafeRawBufferPointer(rebasing: buffer[i...]))
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)

    /// SHA-256 of the form so far, in lowercase hex.
    public func sha256() -> String {
        String(unsafeUninitializedCapacity: 64) { hex in
            sha256(into: hex)
            return 64
        }
    }

    /// SHA-256 of the form so far, as 64 lowercase hex digits written over `hex` (64 bytes long).
    func sha256(into hex: UnsafeMutableBufferPointer<UInt8>) {
        // Through raw buffers: `SHA256.hash(data:)` over an array, and iterating the digest as a
        // sequence, went through generic code that cost twice the hashing itself (`perf`).
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        hasher.finalize().withUnsafeBytes { digest in
            for (i, byte) in digest.enumerated() {
                hex[2 * i] = CanonicalForm.hexDigits[Int(byte >> 4)]
                hex[2 * i + 1] = CanonicalForm.hexDigits[Int(byte & 15)]
            }
        }
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
        var body = CanonicalForm()
        body.eventBody(atUTC: atUTC, atText: atText, kind: kind, placeID: placeID, geometryWKB: geometryWKB,
                       side: side, status: status, claimant: claimant, source: source, url: url, note: note,
                       recordedAt: recordedAt, parts: parts, region: region)
        return form.eventHash(seq: seq, id: id, body: body.bytes, prevHash: prevHash)
    }
}

extension CanonicalForm {
    /// An event's fields from `at_utc` to the region: everything its position in the chain
    /// (`seq`, `id`, `prev_hash`) does not decide, so that it can be written on another thread
    /// before the event is numbered (``PreparedEvent``).
    mutating func eventBody(atUTC: Int64, atText: String, kind: String, placeID: Int?, geometryWKB: [UInt8]?,
                            side: String, status: String, claimant: String, source: String, url: String?,
                            note: String?, recordedAt: String, parts: [(side: String, wkb: [UInt8])], region: String?) {
        bytes.removeAll(keepingCapacity: true)
        field(atUTC)
        field(atText)
        field(kind)
        field(placeID)
        field(hex: geometryWKB)
        field(side)
        field(status)
        field(claimant)
        field(source)
        field(url)
        field(note)
        field(recordedAt)
        field(Int64(parts.count))
        for part in parts {
            field(part.side)
            field(hex: part.wkb)
        }
        field(region)
    }

    /// The hash of an event whose body (``eventBody``) is already written: the tag, its position,
    /// the body and the previous hash, in the order of version 1.
    mutating func eventHash(seq: Int64, id: String, body: [UInt8], prevHash: String) -> String {
        let id = Array(id.utf8), prevHash = Array(prevHash.utf8)
        return String(unsafeUninitializedCapacity: 64) { hex in
            id.withUnsafeBufferPointer { id in
                body.withUnsafeBufferPointer { body in
                    prevHash.withUnsafeBufferPointer { prevHash in
                        eventHash(seq: seq, id: id, body: body, prevHash: prevHash, into: hex)
                    }
                }
            }
            return 64
        }
    }

    /// ``eventHash(seq:id:body:prevHash:)`` over bytes, writing the hash's 64 hex digits into
    /// `hex`: the import's hot path, which makes no string.
    mutating func eventHash(seq: Int64, id: UnsafeBufferPointer<UInt8>, body: UnsafeBufferPointer<UInt8>,
                            prevHash: UnsafeBufferPointer<UInt8>, into hex: UnsafeMutableBufferPointer<UInt8>) {
        reset(tag: "frontline-event-1")
        field(seq)
        field(bytes: id)
        bytes.append(contentsOf: body)
        field(bytes: prevHash)
        sha256(into: hex)
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
