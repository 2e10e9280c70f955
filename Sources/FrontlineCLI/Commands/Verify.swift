import ArgumentParser
import FrontlineEvents

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the log's hash chain: exit 0 when intact, 65 naming the first entry changed or removed outside Frontline.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let report = try database.openExisting().verifyChain()
        guard let problem = report.problem else {
            print("ok: \(report.entries) entries")
            return
        }
        throw ChainBroken(path: database.path, problem: problem)
    }
}

/// `verify` found a damaged chain (exit 65).
struct ChainBroken: Error, CustomStringConvertible {
    let path: String
    let problem: ChainReport.Problem
    var description: String { "\(path): chain broken at \(problem)" }
}
