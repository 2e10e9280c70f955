import Foundation
import FrontlineGeometry

/// Writes events in the formats `import` reads, so that `events --format jsonl|csv` and `import`
/// round-trip without loss: `at` at its precision in UTC, `place` as the GeoNames id, area
/// geometries (JSON Lines only) with exact coordinates.
public enum EventWriter {
    /// One JSON Lines record, keys sorted, no trailing newline.
    public static func jsonLine(_ event: ControlEvent) -> String {
        var members: [(String, String)] = [
            ("at", quote(event.at.iso8601)),
            ("claimant", quote(event.claimant)),
            ("note", event.note.map(quote) ?? "null"),
            ("side", quote(event.side.storedCode)),
            ("source", quote(event.source)),
            ("status", quote(event.status.rawValue)),
            ("url", event.url.map(quote) ?? "null"),
        ]
        switch event.subject {
        case .place(let id):
            members.append(("place", String(id)))
        case .area(let geometry):
            members.append(("geometry", GeoJSONGeometry.json(geometry)))
        case .snapshot(let snapshot):
            let parts = snapshot.parts.map { "{\"geometry\":\(GeoJSONGeometry.json($0.geometry)),\"side\":\(quote($0.side.code))}" }
            members.append(("snapshot", "{\"parts\":[\(parts.joined(separator: ","))],\"region\":\(quote(snapshot.region))}"))
        }
        members.sort { $0.0 < $1.0 }
        return "{" + members.map { "\(quote($0.0)):\($0.1)" }.joined(separator: ",") + "}"
    }

    public static let csvHeader = CSVEventFormat.header.joined(separator: ",")

    /// One CSV record (place events only; nil for areas and snapshots, which CSV cannot carry).
    public static func csvLine(_ event: ControlEvent) -> String? {
        guard case .place(let id) = event.subject else { return nil }
        return [event.at.iso8601, String(id), event.side.storedCode, event.status.rawValue, event.claimant, event.source,
                event.url ?? "", event.note ?? ""].map(CSVReader.quote).joined(separator: ",")
    }

    /// A JSON string literal.
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
