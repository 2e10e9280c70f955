import Testing

extension Tag {
    /// Tests that take seconds to minutes (a sweep of the shared archive, the demo, every
    /// snapshot read). Swift 6.3's `swift test` cannot select by tag yet (swift-testing's
    /// `tag:` filter is newer), so a quick loop skips them by name:
    /// `swift test --skip 'ArchiveSweepTests|ArchiveRegressionTests|DemoTests|DeepStateReadTests'`.
    @Tag static var slow: Self
}
