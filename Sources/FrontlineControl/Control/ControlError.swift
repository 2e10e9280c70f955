import FrontlineGeometry
import FrontlineSupport
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

    /// Worded for any caller of the library; the command line words its own (with its options:
    /// `--to`, `--every`) where it reports these.
    public var description: String {
        switch self {
        case .badView(let text):
            "'\(VisibleText.escaped(text))' is not a view: use confirmed, claimed:SIDE (e.g. claimed:RU) or claimant:NAME (e.g. \"claimant:Russian MoD\")"
        case .unknownArea(let iso):
            "no admin area '\(VisibleText.escaped(iso))' nor a country of that code (give an ISO 3166-2 code such as UA-63, or a country: UA or RU)"
        case .unknownRegion(let region, let id):
            "snapshot \(id) covers region '\(VisibleText.escaped(region))', but no admin area belongs to that country"
        case .emptyInterval(let from, let to):
            "the interval ends (\(VisibleText.escaped(to))) before it starts (\(VisibleText.escaped(from)))"
        case .tooManyInstants(let count, let step):
            "one instant per \(step) over the interval makes \(count) instants, more than a timeline draws "
                + "(\(ControlTimeline.maximumInstants)): take a shorter interval"
                + (step == "day" ? " or a step of a week" : step == "event" ? " or a step of a week" : "")
        }
    }
}
