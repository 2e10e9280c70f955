import Testing
@testable import FrontlineSupport

struct ConcurrentlyTests {
    struct Failed: Error, Equatable { let index: Int }

    @Test func valuesComeInJobOrder() {
        #expect(Concurrently.map(100) { $0 * $0 } == (0..<100).map { $0 * $0 })
        #expect(Concurrently.map(0) { $0 }.isEmpty)
    }

    @Test func theFirstErrorByIndexIsThrownAndEachJobKeepsItsOwn() {
        #expect(throws: Failed(index: 3)) {
            try Concurrently.map(10) { index throws -> Int in
                if index == 3 || index == 7 { throw Failed(index: index) }
                return index
            }
        }
        let results = Concurrently.results(10) { index throws -> Int in
            if index.isMultiple(of: 2) { throw Failed(index: index) }
            return index
        }
        #expect(results.map { (try? $0.get()) ?? -1 } == [-1, 1, -1, 3, -1, 5, -1, 7, -1, 9])
    }
}
