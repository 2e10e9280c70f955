import FrontlineGeometry
import FrontlineSupport

/// A side declared in a log (`frontline sides add CODE --name NAME`): an entry of the hash
/// chain, like an event or a retraction, and never removed.
public struct SideDeclaration: Hashable, Sendable {
    /// The normalised code (``side``'s).
    public var code: String
    public var name: String
    public var recordedAt: EventTime
    /// The declaration's position in the log's hash chain.
    public var sequence: Int64

    public init(code: String, name: String, recordedAt: EventTime, sequence: Int64) {
        self.code = code
        self.name = name
        self.recordedAt = recordedAt
        self.sequence = sequence
    }

    /// The side declared (``code`` as the log keeps it: normalised).
    public var side: Side { Side(normalized: code) }
}

/// The sides a log accepts in new events: UA (Ukraine), RU (Russia) and `contested`, which every
/// log knows; the sides declared in it; and the codes its events already use (a log written
/// before sides were declared). Anything else is refused, naming the known sides, so that a
/// typo or a spelled-out name ("Ukraine" is UA, but "Ukrain" is nothing) never becomes a side.
public struct KnownSides: Hashable, Sendable {
    public enum Origin: String, Hashable, Sendable {
        case builtIn = "built-in", declared, inUse = "in-use"
    }

    public struct Entry: Hashable, Sendable {
        public var code: String
        /// The built-in or declared name; nil for a code only in use.
        public var name: String?
        public var origin: Origin
    }

    /// Built-in sides first, then declared ones and codes in use, by code.
    public let entries: [Entry]
    private let codes: Set<String>

    /// `inUse`: the codes the log's events and snapshot parts use (`*` is left out).
    public init(declared: [SideDeclaration] = [], inUse: [String] = []) {
        var entries = Side.builtIn.map { Entry(code: $0.side.code, name: $0.name, origin: .builtIn) }
        var codes = Set(entries.map(\.code))
        var others: [Entry] = []
        for declaration in declared where codes.insert(declaration.code).inserted {
            others.append(Entry(code: declaration.code, name: declaration.name, origin: .declared))
        }
        for code in inUse where code != Side.snapshotCode && codes.insert(code).inserted {
            others.append(Entry(code: code, name: nil, origin: .inUse))
        }
        entries += others.sorted { $0.code < $1.code }
        self.entries = entries
        self.codes = codes
    }

    public func contains(_ code: String) -> Bool { codes.contains(code) }

    public func contains(_ side: Side) -> Bool { codes.contains(side.code) }

    /// The side `raw` stands for (``Side/init(_:)``: any case, or a built-in side's name), when
    /// the log knows it; else an error naming the known sides.
    public func side(for raw: String) throws -> Side {
        Side(normalized: try code(for: raw))
    }

    /// The code of ``side(for:)``.
    public func code(for raw: String) throws -> String {
        let code = try Side.normalizedCode(raw)
        guard codes.contains(code) else {
            let shown = VisibleText.escaped(raw.trimmingCharacters(in: .whitespaces))
            throw EventFieldError("'\(shown)' is not a known side (known: \(listing)); a new side is declared once, "
                                  + "with `frontline sides add \(VisibleText.escaped(code)) --name NAME`")
        }
        return code
    }

    /// "UA (Ukraine), RU (Russia), contested, TDF (Territorial Defence)".
    public var listing: String {
        entries.map { entry in
            guard let name = entry.name, name != entry.code else { return VisibleText.escaped(entry.code) }
            return "\(VisibleText.escaped(entry.code)) (\(VisibleText.escaped(name)))"
        }.joined(separator: ", ")
    }
}
