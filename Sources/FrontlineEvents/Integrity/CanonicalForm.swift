import Crypto

/// The bytes an entry's SHA-256 is computed over. Events, retractions and side declarations share one chain: each
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
/// Side declaration, version 1:
///
///     "frontline-side-1", seq, code, name, recorded_at, prev_hash
///
/// Changing anything here changes every hash: add a new version tag instead. ``Reference`` builds
/// the same forms as strings, field by field; the tests hold the writer here to it.
public struct CanonicalForm: Sendable {
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The form is the first ``count`` bytes; the rest is room already made, so that fields are
    /// written straight into memory rather than appended one piece at a time (which cost most
    /// of an event's preparation, callgrind).
    private var storage: [UInt8]
    private(set) var count = 0

    /// The form's bytes (a copy).
    var bytes: [UInt8] { Array(storage[..<count]) }

    public init() { self.init(capacity: 512) }

    /// An empty form with room for `capacity` bytes.
    init(capacity: Int) { storage = [UInt8](repeating: 0, count: capacity) }

    mutating func reset(tag: String) {
        count = 0
        field(tag)
    }

    /// Runs `body` with a writer at the end of the form that may write up to `capacity` bytes.
    @discardableResult
    mutating func write<R>(capacity: Int, _ body: (inout FieldWriter) -> R) -> R {
        if storage.count < count + capacity {
            if storage.isEmpty {
                storage = [UInt8](repeating: 0, count: capacity)
            } else {
                storage.append(contentsOf: repeatElement(0, count: max(count + capacity - storage.count, storage.count)))
            }
        }
        let start = count
        return storage.withUnsafeMutableBufferPointer { storage in
            var writer = FieldWriter(base: storage.baseAddress!, count: start, end: start + capacity)
            let result = body(&writer)
            count = writer.count
            return result
        }
    }

    mutating func field(_ text: String) {
        write(capacity: FieldWriter.capacity(text)) { _ = $0.field(text) }
    }

    /// A field whose bytes are already UTF-8.
    mutating func field(bytes value: UnsafeBufferPointer<UInt8>) {
        write(capacity: FieldWriter.capacity(bytes: value.count)) { _ = $0.field(bytes: value) }
    }

    mutating func field(_ text: String?) {
        if let text { field(text) } else { absent() }
    }

    mutating func field(_ value: Int64) {
        write(capacity: FieldWriter.integerCapacity) { $0.field(value) }
    }

    mutating func field(_ value: Int?) {
        if let value { field(Int64(value)) } else { absent() }
    }

    /// Bytes as lowercase hex.
    mutating func field(hex: [UInt8]?) {
        write(capacity: FieldWriter.capacity(hex: hex)) { $0.field(hex: hex) }
    }

    mutating func absent() {
        write(capacity: FieldWriter.absentCapacity) { $0.absent() }
    }

    /// Bytes as they are, without a length (a body written by ``eventBody``).
    mutating func append(raw value: UnsafeBufferPointer<UInt8>) {
        write(capacity: value.count) { $0.raw(value) }
    }

    /// The form's bytes with `zeros` more after them, leaving the form empty: its own storage,
    /// not a copy, when that has the room.
    mutating func takeBytes(followedByZeros zeros: Int) -> [UInt8] {
        let end = count
        write(capacity: zeros) { $0.zeros(zeros) }
        count = end
        var taken = storage
        storage = []
        if taken.count > count + zeros { taken.removeLast(taken.count - count - zeros) }
        count = 0
        return taken
    }

    /// A nibble's lowercase hex digit, by arithmetic: 0–9 → '0'–'9', 10–15 → 'a'–'f'.
    @inline(__always)
    static func hexDigit(_ nibble: UInt8) -> UInt8 { nibble + (nibble < 10 ? 48 : 87) }

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
        storage.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[..<count])) }
        hasher.finalize().withUnsafeBytes { digest in
            for i in 0..<digest.count {
                let byte = digest[i]
                hex[2 * i] = Self.hexDigit(byte >> 4)
                hex[2 * i + 1] = Self.hexDigit(byte & 15)
            }
        }
    }

    /// The canonical form as text (for documentation and tests).
    public var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// Text a canonical form takes as a field: a string, or UTF-8 bytes where they lie (a CSV
/// import writes its plain rows from the file's bytes, without a string per field).
protocol CanonicalText {
    var utf8Count: Int { get }
    /// Writes `self` as a field; returns where its bytes start.
    func write(into writer: inout FieldWriter) -> Int
}

extension String: CanonicalText {
    var utf8Count: Int { utf8.count }
    func write(into writer: inout FieldWriter) -> Int { writer.field(self) }
}

extension UnsafeBufferPointer<UInt8>: CanonicalText {
    var utf8Count: Int { count }
    func write(into writer: inout FieldWriter) -> Int { writer.field(bytes: self) }
}

/// Writes fields (``CanonicalForm``'s encoding) into memory made ready for them, checking each
/// write against the room it was given.
struct FieldWriter {
    private let base: UnsafeMutablePointer<UInt8>
    private(set) var count: Int
    private let end: Int

    init(base: UnsafeMutablePointer<UInt8>, count: Int, end: Int) {
        self.base = base; self.count = count; self.end = end
    }

    /// Room for a field of an integer: its length (two digits), `:`, up to 20 characters, `\n`.
    static let integerCapacity = 24
    static let absentCapacity = 2
    /// Room for a field of `count` bytes: up to 20 digits of length, `:`, the bytes, `\n`.
    static func capacity(bytes count: Int) -> Int { count + 22 }
    static func capacity(_ text: some CanonicalText) -> Int { capacity(bytes: text.utf8Count) }
    static func capacity(_ text: (some CanonicalText)?) -> Int { text.map { capacity(bytes: $0.utf8Count) } ?? absentCapacity }
    static func capacity(hex: [UInt8]?) -> Int { hex.map { capacity(bytes: 2 * $0.count) } ?? absentCapacity }

    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        precondition(count < end, "a canonical form written past its room")
        base[count] = value
        count += 1
    }

    /// `value` in decimal (a `-` first when negative).
    private mutating func decimal(_ value: Int64) {
        // Most are lengths of one or two digits.
        if value >= 0 && value < 100 {
            precondition(count + 2 <= end, "a canonical form written past its room")
            if value >= 10 {
                base[count] = UInt8(ascii: "0") + UInt8(value / 10)
                count += 1
            }
            base[count] = UInt8(ascii: "0") + UInt8(value % 10)
            count += 1
            return
        }
        Self.withDecimal(value) { raw($0) }
    }

    /// `value`'s decimal digits (a `-` first when negative), made once from the last digit back
    /// in a buffer on the stack: their count, which a field writes first, is then known without
    /// dividing twice.
    @inline(__always)
    private static func withDecimal<R>(_ value: Int64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: 20 digits and a sign fit
        return withUnsafeMutableBytes(of: &buffer) { buffer in
            var magnitude = value.magnitude, i = buffer.count
            repeat {
                i -= 1
                buffer[i] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 { i -= 1; buffer[i] = UInt8(ascii: "-") }
            return body(UnsafeBufferPointer(rebasing: buffer.bindMemory(to: UInt8.self)[i...]))
        }
    }

    mutating func raw(_ value: UnsafeBufferPointer<UInt8>) {
        precondition(count + value.count <= end, "a canonical form written past its room")
        if let source = value.baseAddress, !value.isEmpty { (base + count).update(from: source, count: value.count) }
        count += value.count
    }

    /// A field of bytes; returns where they start (after the length and `:`).
    @discardableResult
    mutating func field(bytes value: UnsafeBufferPointer<UInt8>) -> Int {
        decimal(Int64(value.count))
        byte(UInt8(ascii: ":"))
        let start = count
        raw(value)
        byte(UInt8(ascii: "\n"))
        return start
    }

    /// A field of text, hashed exactly as stored (UTF-8); returns where its bytes start.
    @discardableResult
    mutating func field(_ text: String) -> Int {
        if let start = text.utf8.withContiguousStorageIfAvailable({ field(bytes: $0) }) { return start }
        return Array(text.utf8).withUnsafeBufferPointer { field(bytes: $0) }
    }

    /// A field of text or, for nil, the absent mark; returns where its bytes start (nil when absent).
    @discardableResult
    mutating func field(_ text: String?) -> Int? {
        guard let text else { absent(); return nil }
        return field(text)
    }

    mutating func field(_ value: Int64) {
        _ = Self.withDecimal(value) { field(bytes: $0) }
    }

    mutating func field(_ value: Int?) {
        if let value { field(Int64(value)) } else { absent() }
    }

    /// Bytes as lowercase hex.
    mutating func field(hex: [UInt8]?) {
        guard let hex else { return absent() }
        decimal(Int64(hex.count * 2))
        byte(UInt8(ascii: ":"))
        precondition(count + 2 * hex.count <= end, "a canonical form written past its room")
        for value in hex {
            base[count] = CanonicalForm.hexDigit(value >> 4)
            base[count + 1] = CanonicalForm.hexDigit(value & 15)
            count += 2
        }
        byte(UInt8(ascii: "\n"))
    }

    mutating func absent() {
        byte(UInt8(ascii: "~"))
        byte(UInt8(ascii: "\n"))
    }

    /// `n` zero bytes (room left for what is written later, such as an event's link).
    mutating func zeros(_ n: Int) {
        precondition(count + n <= end, "a canonical form written past its room")
        (base + count).update(repeating: 0, count: n)
        count += n
    }
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
    @discardableResult
    mutating func eventBody<Text: CanonicalText, AtText: CanonicalText>(
        atUTC: Int64, atText: AtText, kind: String, placeID: Int?, geometryWKB: [UInt8]?, side: String,
        status: String, claimant: Text, source: Text, url: Text?, note: Text?, recordedAt: String,
        parts: [(side: String, wkb: [UInt8])], region: String?, room: Int = 0
    ) -> TextFields {
        count = 0
        var capacity = room + 4 * FieldWriter.integerCapacity + FieldWriter.capacity(hex: geometryWKB)
        capacity += FieldWriter.capacity(atText) + FieldWriter.capacity(kind) + FieldWriter.capacity(side)
        capacity += FieldWriter.capacity(status) + FieldWriter.capacity(recordedAt) + FieldWriter.capacity(region)
        capacity += FieldWriter.capacity(claimant) + FieldWriter.capacity(source)
        capacity += FieldWriter.capacity(url) + FieldWriter.capacity(note)
        for part in parts { capacity += FieldWriter.capacity(part.side) + FieldWriter.capacity(hex: part.wkb) }
        return write(capacity: capacity) { w in
            var fields = TextFields()
            func text(_ field: TextFields.Field, _ value: (some CanonicalText)?) {
                guard let value else { return w.absent() }
                fields.starts[field.rawValue] = Int32(value.write(into: &w))
                fields.lengths[field.rawValue] = Int32(value.utf8Count)
            }
            w.field(atUTC)
            text(.atText, atText)
            text(.kind, kind)
            w.field(placeID)
            w.field(hex: geometryWKB)
            text(.side, side)
            text(.status, status)
            text(.claimant, claimant)
            text(.source, source)
            text(.url, url)
            text(.note, note)
            w.field(recordedAt)
            w.field(Int64(parts.count))
            for part in parts {
                w.field(part.side)
                w.field(hex: part.wkb)
            }
            w.field(region)
            return fields
        }
    }

    /// Where an event body's text fields lie in it (the bytes after the length and `:`), in the
    /// order of ``Field``; lengths are -1 for an absent field.
    struct TextFields: Sendable {
        enum Field: Int, CaseIterable {
            case atText, kind, side, status, claimant, source, url, note
        }
        var starts = SIMD8<Int32>(repeating: 0)
        var lengths = SIMD8<Int32>(repeating: -1)
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
        count = 0
        let capacity = FieldWriter.capacity(CanonicalForm.eventTag) + FieldWriter.integerCapacity
            + FieldWriter.capacity(bytes: id.count) + body.count + FieldWriter.capacity(bytes: prevHash.count)
        write(capacity: capacity) { w in
            w.field(CanonicalForm.eventTag)
            w.field(seq)
            w.field(bytes: id)
            w.raw(body)
            w.field(bytes: prevHash)
        }
        sha256(into: hex)
    }

    static let eventTag = "frontline-event-1"
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

/// A side declaration's stored content, as the chain hashes it.
struct SideDeclarationContent {
    var seq: Int64
    var code: String
    var name: String
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-side-1")
        form.field(seq)
        form.field(code)
        form.field(name)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}

/// An added place's stored content, as the chain hashes it: the coordinates as the shortest
/// decimal text that reads back as the same double (Swift's `description`), the alternates as
/// stored (one a line).
struct PlaceContent {
    var seq: Int64
    var id: Int
    var name: String
    var lat: Double
    var lon: Double
    var area: String
    var source: String
    var alternates: String
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-place-1")
        form.field(seq)
        form.field(Int64(id))
        form.field(name)
        form.field(lat.description)
        form.field(lon.description)
        form.field(area)
        form.field(source)
        form.field(alternates)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}

/// An added place's retraction, as the chain hashes it.
struct PlaceRetractionContent {
    var seq: Int64
    var placeID: Int
    var reason: String
    var recordedAt: String
    var prevHash: String

    func hash(using form: inout CanonicalForm) -> String {
        form.reset(tag: "frontline-place-retraction-1")
        form.field(seq)
        form.field(Int64(placeID))
        form.field(reason)
        form.field(recordedAt)
        form.field(prevHash)
        return form.sha256()
    }
}

extension CanonicalForm {
    /// SHA-256 over what was recorded of an event, leaving out what the log gave it (position,
    /// id, recording time and the previous hash): `at` as an instant and as written, kind, place,
    /// geometry, side, status, claimant, source, url, note, each snapshot part's side and
    /// geometry in order, and the region, as fields in the canonical form's encoding (length,
    /// `:`, bytes, `\n`; `~` when absent) under their own tag, geometries as their WKB bytes
    /// (not hex: this is not stored, and hashing half the bytes matters for large snapshots).
    /// Geometries count to the byte. Two events with the same digest say the same thing about
    /// the same time; an import skips a snapshot whose digest the log already holds
    /// (``SnapshotLedger``). Not part of the chain.
    static func contentDigest(of draft: EventDraft) -> String {
        var hasher = ContentHasher()
        hasher.field(contentTag)
        hasher.field(String(draft.at.millisecondsSinceEpoch))
        hasher.field(draft.at.iso8601)
        hasher.field(draft.subject.kind.rawValue)
        switch draft.subject {
        case .place(let id):
            hasher.field(String(id)); hasher.absent()
        case .area(let area):
            hasher.absent(); hasher.field(bytes: WKB.encode(area))
        case .snapshot:
            hasher.absent(); hasher.absent()
        }
        hasher.field(draft.side.storedCode)
        hasher.field(draft.status.rawValue)
        hasher.field(draft.claimant)
        hasher.field(draft.source)
        hasher.field(draft.url)
        hasher.field(draft.note)
        if case .snapshot(let snapshot) = draft.subject {
            hasher.field(String(snapshot.parts.count))
            for part in snapshot.parts {
                hasher.field(part.side.code)
                hasher.field(bytes: WKB.encode(part.geometry))
            }
            hasher.field(snapshot.region)
        } else {
            hasher.field("0")
            hasher.absent()
        }
        return hasher.finish()
    }

    static let contentTag = "frontline-content-1"
}

/// Fields written straight into SHA-256, in the canonical form's encoding.
private struct ContentHasher {
    private var sha = SHA256()

    mutating func field(bytes: [UInt8]) {
        sha.update(data: Array("\(bytes.count):".utf8))
        bytes.withUnsafeBytes { sha.update(bufferPointer: $0) }
        sha.update(data: [UInt8(ascii: "\n")])
    }

    mutating func field(_ text: String?) {
        guard let text else { return absent() }
        field(bytes: Array(text.utf8))
    }

    mutating func absent() { sha.update(data: Array("~\n".utf8)) }

    mutating func finish() -> String {
        var hex: [UInt8] = []
        for byte in sha.finalize() {
            hex.append(CanonicalForm.hexDigit(byte >> 4))
            hex.append(CanonicalForm.hexDigit(byte & 15))
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
