import Foundation

/// "label 12/89" on stderr, rewritten in place, when stderr is a terminal; silent otherwise (so
/// scripts and logs get no control characters).
final class Progress: @unchecked Sendable {
    private let lock = NSLock()  // workers of a timeline report from their threads
    private var total: Int
    private let label: String
    private let enabled: Bool
    private var lastDraw = Date.distantPast
    private var finished = 0

    init(total: Int, label: String) {
        self.total = total
        self.label = label
        enabled = isatty(STDERR_FILENO) != 0 && (total > 1 || total == 0)
    }

    func update(_ done: Int) {
        lock.lock(); defer { lock.unlock() }
        guard enabled, Date().timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = Date()
        FileHandle.standardError.write(Data("\r\(label) \(done)/\(total)".utf8))
    }

    /// One more done, for work finished on several threads.
    func advance() {
        let done = lock.withLock { finished += 1; return finished }
        update(done)
    }

    /// For work whose size is known only once it starts.
    func update(_ done: Int, of total: Int) {
        lock.withLock { self.total = total }
        update(done)
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
