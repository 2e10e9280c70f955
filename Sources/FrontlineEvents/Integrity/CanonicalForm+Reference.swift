import Crypto

extension CanonicalForm {
    /// The canonical forms written the readable way, as strings put together field by field:
    /// what ``CanonicalForm`` (which writes the bytes straight into memory made ready for them,
    /// an event's body apart from its position in the chain) is tested against. Slow; for tests
    /// and for reading.
    ///
    /// The rule: a form is its tag and then its fields in a fixed order (listed on
    /// ``CanonicalForm``), each written as its UTF-8 byte count in decimal, `:`, the bytes and
    /// `\n`; an absent value is `~\n`. Integers are plain decimal, text is as stored (no
    /// normalisation), geometries are their WKB in lowercase hex. An entry's hash is the SHA-256
    /// of its form, in lowercase hex.
    enum Reference {
        static func field(_ text: String?) -> String {
            guard let text else { return "~\n" }
            return "\(text.utf8.count):\(text)\n"
        }

        static func field(_ value: Int64) -> String { field(String(value)) }

        static func field(_ value: Int?) -> String { field(value.map { String($0) }) }

        static func field(hex bytes: [UInt8]?) -> String {
            field(bytes.map { $0.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() })
        }

        static func form(of event: EventContent) -> String {
            var form = field("frontline-event-1")
            form += field(event.seq)
            form += field(event.id)
            form += field(event.atUTC)
            form += field(event.atText)
            form += field(event.kind)
            form += field(event.placeID)
            form += field(hex: event.geometryWKB)
            form += field(event.side)
            form += field(event.status)
            form += field(event.claimant)
            form += field(event.source)
            form += field(event.url)
            form += field(event.note)
            form += field(event.recordedAt)
            form += field(Int64(event.parts.count))
            for part in event.parts {
                form += field(part.side)
                form += field(hex: part.wkb)
            }
            form += field(event.region)
            form += field(event.prevHash)
            return form
        }

        static func form(of retraction: RetractionContent) -> String {
            field("frontline-retraction-1") + field(retraction.seq) + field(retraction.eventID)
                + field(retraction.reason) + field(retraction.recordedAt) + field(retraction.prevHash)
        }

        static func form(of side: SideDeclarationContent) -> String {
            field("frontline-side-1") + field(side.seq) + field(side.code) + field(side.name)
                + field(side.recordedAt) + field(side.prevHash)
        }

        static func form(of place: PlaceContent) -> String {
            field("frontline-place-1") + field(place.seq) + field(Int64(place.id)) + field(place.name)
                + field(place.lat.description) + field(place.lon.description) + field(place.area)
                + field(place.source) + field(place.alternates) + field(place.recordedAt) + field(place.prevHash)
        }

        static func form(of retraction: PlaceRetractionContent) -> String {
            field("frontline-place-retraction-1") + field(retraction.seq) + field(Int64(retraction.placeID))
                + field(retraction.reason) + field(retraction.recordedAt) + field(retraction.prevHash)
        }

        /// SHA-256 of `form`'s UTF-8, in lowercase hex.
        static func hash(_ form: String) -> String {
            SHA256.hash(data: Array(form.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
    }
}
