import FrontlineEvents

/// Sides written as literals in the tests (`"UA"`, `.claimed(side: "RU")`). Only the test
/// targets link this: the library takes a side from text through the throwing `Side.init(_:)`
/// and has no literal that could trap on a typo.
extension Side: ExpressibleByStringLiteral {
    public init(stringLiteral literal: String) {
        do { try self.init(literal) } catch { preconditionFailure("\"\(literal)\" is not a side code: \(error)") }
    }
}
