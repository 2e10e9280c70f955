import Testing
@testable import FrontlineControl

/// The library's errors are worded for any caller: no command-line option or command in them
/// (the CLI adds its own words where it reports them).
struct ControlErrorTests {
    @Test(arguments: [
        ControlError.badView("everything"), .unknownArea("UA-99"), .unknownRegion(region: "XX", eventID: "01ABC"),
        .emptyInterval(from: "2022-09-11", to: "2022-09-10"), .tooManyInstants(count: 44_561, step: "day"),
        .tooManyInstants(count: 12_000, step: "event"),
    ])
    func errorsSpeakTheDomainNotTheCommandLine(_ error: ControlError) {
        let text = error.description
        #expect(!text.contains("--") && !text.contains("frontline "), "\(text)")
        #expect(!text.isEmpty)
    }

    @Test func anIntervalThatEndsBeforeItStartsSaysBoth() {
        #expect(ControlError.emptyInterval(from: "2022-09-11", to: "2022-09-10").description
                == "the interval ends (2022-09-10) before it starts (2022-09-11)")
    }
}
