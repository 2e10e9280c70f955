import ArgumentParser
import FrontlineEvents

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the log: SQLite's own check of the file and its constraints, then the hash chain. Exit 0 when intact, 65 naming what was damaged or the first entry changed or removed outside Frontline.")

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let store = try database.openForReading()
        let damage = try store.checkStorage()
        guard damage.isEmpty else { throw StorageDamaged(path: database.path, findings: damage) }
        let report = try store.verifyChain()
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

/// `verify` found the file itself damaged, or rows that break the schema's constraints (exit 65).
struct StorageDamaged: Error, CustomStringConvertible {
    let path: String
    let findings: [String]
    var description: String {
        let shown = findings.prefix(10).map { "  \($0)" }.joined(separator: "\n")
        let more = findings.count > 10 ? "\n  … and \(findings.count - 10) more" : ""
        return "\(path): the database fails SQLite's own check (changed outside Frontline, or damaged):\n\(shown)\(more)"
    }
}
