import Foundation
import FrontlineGeometry
import FrontlineSupport

/// A side: who holds a place. A normalised code, `contested` or a short code of letters, digits,
/// `-` and `_` (UA, RU, UA-TDF, …). Codes are case-insensitive and stored upper-case, except
/// `contested`; the names of the two built-in sides stand for their codes (`Ukraine` is UA,
/// `Russia` RU, in any case). A snapshot event has no side of its own (its parts carry the
/// sides): its ``ControlEvent/side`` is nil. Which codes a log accepts in new events is
/// ``KnownSides``' business.
public struct Side: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The normalised code, as stored and printed ("UA", "RU", "contested", "UA-TDF").
    public let code: String

    public static let ukraine = Side(normalized: "UA")
    public static let russia = Side(normalized: "RU")
    public static let contested = Side(normalized: contestedCode)
    public static let maxLength = 16
    /// The sides every log knows, with their names.
    public static let builtIn: [(side: Side, name: String)] = [(.ukraine, "Ukraine"), (.russia, "Russia"), (.contested, "contested")]

    /// `raw` normalised: trimmed, upper-case, a built-in side's name for its code. Throws an
    /// ``EventFieldError`` for an empty text or what is not a side code.
    public init(_ raw: String) throws {
        self.code = try Self.normalizedCode(raw)
    }

    /// A code already normalised (read back from a log, or cached by the importer).
    package init(normalized code: String) {
        self.code = code
    }

    public var description: String { code }

    public static func < (a: Side, b: Side) -> Bool { a.code < b.code }

    static let contestedCode = "contested"
    /// What the store writes in its `side` column for a snapshot event (never a ``Side``).
    package static let snapshotCode = "*"

    /// The normalised code of `raw`, as ``init(_:)`` makes it.
    package static func normalizedCode(_ raw: String) throws -> String {
        let code = raw.trimmingCharacters(in: .whitespaces)
        guard !code.isEmpty else { throw EventFieldError("is empty; give a side code such as UA or RU, or 'contested'") }
        switch code.lowercased() {
        case contestedCode: return contestedCode
        case "ukraine": return "UA"
        case "russia": return "RU"
        default: break
        }
        guard code.utf8.count <= maxLength,
              code.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" })
        else {
            throw EventFieldError("'\(VisibleText.escaped(code))' is not a side code (up to \(maxLength) letters, digits, '-' or '_', or 'contested')")
        }
        return code.uppercased()
    }
}


extension Optional where Wrapped == Side {
    /// The code the store keeps for an event's side: the side's, or `*` for a snapshot (nil).
    package var storedCode: String { self?.code ?? Side.snapshotCode }
}
