import Synchronization
import Testing
@testable import FrontlineSupport

struct OnceTests {
    @Test func theValueIsMadeOnceWhateverTheThreads() {
        let once = Once<Int>()
        let calls = Atomic<Int>(0)
        let values = Concurrently.map(64) { _ in
            once.value {
                calls.add(1, ordering: .relaxed)
                return 42
            }
        }
        #expect(values == Array(repeating: 42, count: 64))
        #expect(calls.load(ordering: .relaxed) == 1)
        #expect(once.value { 7 } == 42)
    }

    @Test func aFailureIsKeptAsAResult() {
        struct Failed: Error, Equatable {}
        let once = Once<Result<Int, Failed>>()
        #expect(once.value { .failure(Failed()) } == .failure(Failed()))
        #expect(once.value { .success(1) } == .failure(Failed()))
    }
}
