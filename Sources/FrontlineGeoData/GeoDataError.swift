import FrontlineGeometry
import FrontlineSupport

/// Problems with GeoData's files or with a lookup in them.
public enum GeoDataError: Error, Equatable, Sendable {
    /// A GeoData file is malformed: `file:line: field: problem`.
    case malformed(file: String, line: Int, field: String, problem: String)
    case unknownArea(String)
    case unknownPlace(String)
    /// More than one settlement fits: the candidates, best first, so the user can pick one.
    case ambiguousPlace(String, candidates: [Candidate])
    /// No settlement bears the name (``Gazetteer/resolveExactly(_:area:)``): the closest ones,
    /// by a prefix or a near miss, or bearing it in another area.
    case noSuchName(String, closest: [Candidate])
    /// A place query longer than ``Gazetteer/maximumQueryLength`` characters.
    case queryTooLong(String, limit: Int)

    /// A settlement offered to resolve an ambiguity.
    public struct Candidate: Equatable, Sendable {
        public let id: Int
        public let name: String
        public let areaISO: String
        public let areaName: String
        public let population: Int
    }
}

extension GeoDataError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .malformed(file, line, field, problem):
            return "\(file):\(line): \(field): \(problem)"
        case let .unknownArea(query):
            return "no admin area matches '\(VisibleText.escaped(query))' (try `frontline places areas`)"
        case let .unknownPlace(query):
            return "no settlement matches '\(VisibleText.escaped(query))' (try `frontline places search`)"
        case let .ambiguousPlace(query, candidates):
            let list = candidates.map { "  \($0.id)  \($0.name), \($0.areaName) (\($0.areaISO)), population \($0.population)" }
            return "'\(VisibleText.escaped(query))' matches \(candidates.count) settlements; give the area ('NAME, OBLAST' or --area ISO) or the GeoNames id:\n"
                + list.joined(separator: "\n")
        case let .queryTooLong(query, limit):
            return "a settlement's name has at most \(limit) characters; this one has \(query.count) (it begins "
                + "\"\(VisibleText.escaped(String(query.prefix(40))))…\")"
        case let .noSuchName(query, closest):
            let list = closest.map { "\($0.name) (\($0.areaName), id \($0.id))" }
            return "no settlement is named \"\(VisibleText.escaped(query))\"; closest: \(list.joined(separator: ", ")). "
                + "Give the name or id of the one meant (`frontline places search` finds more); a settlement the gazetteer lacks can be added (`frontline places add`) or recorded as an area"
        }
    }
}
