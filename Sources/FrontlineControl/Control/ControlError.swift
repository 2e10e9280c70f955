import FrontlineGeometry
/// Why a control computation cannot be answered as asked.
public enum ControlError: Error, Equatable, CustomStringConvertible {
    /// A `--view` that is not `confirmed`, `claimed:SIDE` or `claimant:NAME`.
    case badView(String)
    /// An area or country code that GeoData does not have.
    case unknownArea(String)
    /// A snapshot whose region no GeoData area belongs to.
    case unknownRegion(region: String, eventID: String)
    /// `change` or `timeline` with an end before its start.
    case emptyInterval(from: String, to: String)
    /// A timeline of more instants than ``ControlTimeline/maximumInstants``: `count` of them,
    /// one every `step` (`day`, `week`, `event`).
    case tooManyInstants(count: Int, step: String)

    public var description: String {
        switch self {
        case .badView(let text):
            "'\(VisibleText.escaped(text))' is not a view: use confirmed, claimed:SIDE (e.g. claimed:RU) or claimant:NAME (e.g. \"claimant:Russian MoD\")"
        case .unknownArea(let iso):
            "no admin area '\(VisibleText.escaped(iso))' nor a country of that code (give an ISO 3166-2 code such as UA-63, or a country: UA or RU; see `frontline places areas`)"
        case .unknownRegion(let region, let id):
            "snapshot \(id) covers region '\(VisibleText.escaped(region))', but no admin area belongs to that country"
        case .emptyInterval(let from, let to):
            "--to (\(VisibleText.escaped(to))) is before --from (\(VisibleText.escaped(from)))"
        case .tooManyInstants(let count, let step):
            "--every \(step) from --from to --to makes \(count) instants, more than a timeline draws "
                + "(\(ControlTimeline.maximumInstants)): "
                + (step == "day" ? "take --every week, or a shorter interval" : "take a shorter interval" + (step == "event" ? ", or --every week" : ""))
        }
    }
}
