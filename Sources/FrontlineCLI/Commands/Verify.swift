import ArgumentParser
import Foundation
import FrontlineEvents

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the log: SQLite's own check of the file and its constraints, then the hash chain, then any anchors. Exit 0 when intact, 65 naming what was damaged, the first entry changed or removed outside Frontline, or the anchor that no longer holds.",
        discussion: """
            verify only reads: it opens the log read-only (creating, migrating and checkpointing \
            nothing). It prints `ok: N entries, head SEQ HASH`: note the head somewhere outside \
            the file (an anchor) and check it later with --anchor SEQ:HASH, which fails unless \
            that entry is still in the log with that hash. A chain rewritten as a whole, or cut \
            back to an earlier entry, verifies on its own; only an anchor kept elsewhere shows it.
            """)

    @OptionGroup var database: DatabaseOptions

    @Option(name: .customLong("anchor"), help: ArgumentHelp(
        "An entry noted earlier, as SEQ:HASH (as verify printed the head): fails unless the log still holds entry SEQ with that hash. Repeatable.",
        valueName: "seq:hash"))
    var anchors: [Anchor] = []

    @Option(name: .customLong("public-key"), help: ArgumentHelp(
        "The public key of the key the log's writers sign with (`frontline keys new` printed it): fails unless every head written is signed by it.",
        valueName: "hex"))
    var publicKey: PublicKey?

    @Flag(help: "Print {\"entries\", \"head\": {\"seq\", \"hash\"}} (head null for an empty log).")
    var json = false

    func run() throws {
        let store = try database.openForVerifying()
        let damage = try store.checkStorage()
        guard damage.isEmpty else { throw StorageDamaged(path: database.path, findings: damage) }
        let report = try store.verifyChain()
        if let problem = report.problem { throw ChainBroken(path: database.path, problem: problem) }
        let head = try store.head()
        var failed: [String] = []
        for anchor in anchors {
            guard let entry = try store.entry(at: anchor.sequence) else {
                let end = head.map { "it ends at entry \($0.sequence)" } ?? "it is empty"
                failed.append("anchor \(anchor): entry \(anchor.sequence) is not in the log (\(end)): entries were removed since the anchor was taken")
                continue
            }
            if entry.hash != anchor.hash {
                failed.append("anchor \(anchor): entry \(anchor.sequence) now has hash \(entry.hash): the chain was rewritten since the anchor was taken")
            }
        }
        if let publicKey, let problem = try store.verifySignatures(publicKey: publicKey.hex) {
            failed.append("signatures: \(problem)")
        }
        if !failed.isEmpty { throw AnchorsFailed(path: database.path, failures: failed) }
        if json {
            try Output.printJSON(VerifyJSON(entries: report.entries, head: head.map { .init(seq: $0.sequence, hash: $0.hash) }))
        } else if let head {
            print("ok: \(report.entries) entries, head \(head.sequence) \(head.hash)")
        } else {
            print("ok: \(report.entries) entries")
        }
    }

    /// `verify --json`.
    struct VerifyJSON: Encodable {
        struct Head: Encodable { let seq: Int64; let hash: String }
        let entries: Int
        let head: Head?

        enum Keys: String, CodingKey { case entries, head }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encode(entries, forKey: .entries)
            if let head { try c.encode(head, forKey: .head) } else { try c.encodeNil(forKey: .head) }
        }
    }
}

/// An entry of the chain noted outside the log: `SEQ:HASH`.
struct Anchor: ExpressibleByArgument, CustomStringConvertible {
    let sequence: Int64
    let hash: String

    init?(argument: String) {
        let parts = argument.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0 else { return nil }
        let hash = parts[1].lowercased()
        guard hash.utf8.count == 64, hash.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.sequence = sequence
        self.hash = hash
    }

    var description: String { "\(sequence):\(hash)" }
}

/// An Ed25519 public key as 64 hex digits.
struct PublicKey: ExpressibleByArgument {
    let hex: String
    init?(argument: String) {
        let hex = argument.lowercased()
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }) else { return nil }
        self.hex = hex
    }
}

/// `verify` found a damaged chain (exit 65).
struct ChainBroken: Error, CustomStringConvertible {
    let path: String
    let problem: ChainReport.Problem
    var description: String { "\(path): chain broken at \(problem)" }
}

/// `verify` found an anchor that no longer holds, or signatures that do not (exit 65).
struct AnchorsFailed: Error, CustomStringConvertible {
    let path: String
    let failures: [String]
    var description: String { failures.map { "\(path): \($0)" }.joined(separator: "\n") }
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
