/// Problems with GeoData's files or with a lookup in them.
public enum GeoDataError: Error, Equatable, Sendable {
    /// A GeoData file is malformed: `file:line: field: problem`.
    case malformed(file: String, line: Int, field: String, problem: String)
    case unknownArea(String)
    case unknownPlace(String)
    /// More than one settlement fits: the candidates, best first, so the user can pick one.
    case ambiguousPlace(String, candidates: [Candidate])

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
            return "no admin area matches '\(query)' (try `frontline places areas`)"
        case let .unknownPlace(query):
            return "no settlement matches '\(query)' (try `frontline places search`)"
        case let .ambiguousPlace(query, candidates):
            let list = candidates.map { "  \($0.id)  \($0.name), \($0.areaName) (\($0.areaISO)), population \($0.population)" }
            return "'\(query)' matches \(candidates.count) settlements; give the area ('NAME, OBLAST' or --area ISO) or the GeoNames id:\n"
                + list.joined(separator: "\n")
        }
    }
}
