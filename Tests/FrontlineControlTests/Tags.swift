import Testing

extension Tag {
    /// Tests that take seconds to minutes (a sweep of the shared archive, the demo, every
    /// snapshot read): `swift test --skip tag:slow` leaves them out of a quick loop.
    @Tag static var slow: Self
}
