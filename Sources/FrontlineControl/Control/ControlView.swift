import Foundation
import FrontlineEvents

/// Whose account of events a map follows. Confirmed events count in every view; views differ in
/// which claims they add.
public enum ControlView: Hashable, Sendable, CustomStringConvertible {
    /// Confirmed events only: what independent assessment supports (the default).
    case confirmed
    /// Confirmed events plus every claim that `side` holds something: that side's maximalist map.
    case claimed(side: Side)
    /// Confirmed events plus the claims of one claimant (matched without regard to case).
    case claimant(String)

    /// Parses `confirmed`, `claimed:SIDE` or `claimant:NAME`.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "confirmed" {
            self = .confirmed
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { throw ControlError.badView(text) }
        let kind = trimmed[..<colon].lowercased()
        let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw ControlError.badView(text) }
        switch kind {
        case "claimed":
            do { self = .claimed(side: try Side(value)) } catch { throw ControlError.badView(text) }
        case "claimant":
            self = .claimant(value)
        default:
            throw ControlError.badView(text)
        }
    }

    public var description: String {
        switch self {
        case .confirmed: "confirmed"
        case .claimed(let side): "claimed:\(side)"
        case .claimant(let name): "claimant:\(name)"
        }
    }

    /// Whether `event` counts in this view. Retracted events never do.
    public func includes(_ event: ControlEvent) -> Bool {
        guard !event.isRetracted else { return false }
        if event.status == .confirmed { return true }
        switch self {
        case .confirmed:
            return false
        case .claimed(let side):
            if case .snapshot(let snapshot) = event.subject {
                return snapshot.parts.contains { $0.side == side }
            }
            return event.side == side
        case .claimant(let name):
            return event.claimant.caseInsensitiveCompare(name) == .orderedSame
        }
    }
}
