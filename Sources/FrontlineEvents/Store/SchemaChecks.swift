import Foundation
import GRDB

/// The schema's CHECK constraints, evaluated by queries: for a file SQLite opened read-only,
/// whose constraints SQLite does not parse, so that `PRAGMA quick_check` cannot see them. Each
/// table's constraints are taken from its `CREATE TABLE` text as stored in the file
/// (`sqlite_schema`), so that what is checked is what the file declares.
enum SchemaChecks {
    /// One line per table with a row that breaks one of its CHECK constraints, worded as
    /// `quick_check` words it ("CHECK constraint failed in events").
    static func violations(_ db: Database) throws -> [String] {
        var found: [String] = []
        let tables = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name
            """)
        for table in tables {
            let name: String = table[0]
            guard let sql: String = table[1] else { continue }
            let checks = expressions(in: sql)
            guard !checks.isEmpty else { continue }
            // A constraint fails where its expression is false; NULL passes (as SQLite has it).
            let condition = checks.map { "NOT (\($0))" }.joined(separator: " OR ")
            let quoted = "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            do {
                if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(quoted) WHERE \(condition))") == true {
                    found.append("CHECK constraint failed in \(name)")
                }
            } catch let error as DatabaseError where error.resultCode == .SQLITE_ERROR {
                // The file's own constraints do not hold together (a column they name is not
                // there): its schema was changed. SQLite, opening it for writing, would call the
                // schema malformed.
                found.append("malformed database schema (\(name)): its CHECK constraints cannot be evaluated: \(error.message ?? "SQL error")")
            }
        }
        return found
    }

    /// The expressions of the `CHECK (…)` clauses of a `CREATE TABLE` statement, outside string
    /// literals, quoted identifiers and comments.
    static func expressions(in sql: String) -> [String] {
        let bytes = Array(sql.utf8)
        var expressions: [String] = []
        var i = 0
        /// The index after a literal, quoted identifier or comment starting at `i`, or nil.
        func skipQuoted(_ i: Int) -> Int? {
            let b = bytes[i]
            let close: UInt8
            switch b {
            case UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "`"): close = b
            case UInt8(ascii: "["): close = UInt8(ascii: "]")
            case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
                var j = i + 2
                while j < bytes.count && bytes[j] != UInt8(ascii: "\n") { j += 1 }
                return j
            case UInt8(ascii: "/") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "*"):
                var j = i + 2
                while j + 1 < bytes.count && !(bytes[j] == UInt8(ascii: "*") && bytes[j + 1] == UInt8(ascii: "/")) { j += 1 }
                return min(j + 2, bytes.count)
            default: return nil
            }
            var j = i + 1
            while j < bytes.count {
                if bytes[j] == close {
                    // A doubled quote stands for itself (not for `]`).
                    if close != UInt8(ascii: "]") && j + 1 < bytes.count && bytes[j + 1] == close { j += 2; continue }
                    return j + 1
                }
                j += 1
            }
            return j
        }
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
        }
        while i < bytes.count {
            if let next = skipQuoted(i) { i = next; continue }
            let isCheck = i + 5 <= bytes.count && String(decoding: bytes[i..<i + 5], as: UTF8.self).uppercased() == "CHECK"
                && (i == 0 || !isWordByte(bytes[i - 1])) && (i + 5 == bytes.count || !isWordByte(bytes[i + 5]))
            guard isCheck else { i += 1; continue }
            var j = i + 5
            while j < bytes.count && (bytes[j] == 32 || bytes[j] == 9 || bytes[j] == 10 || bytes[j] == 13) { j += 1 }
            guard j < bytes.count, bytes[j] == UInt8(ascii: "(") else { i += 5; continue }
            let start = j + 1
            var depth = 1
            j = start
            while j < bytes.count && depth > 0 {
                if let next = skipQuoted(j) { j = next; continue }
                if bytes[j] == UInt8(ascii: "(") { depth += 1 } else if bytes[j] == UInt8(ascii: ")") { depth -= 1 }
                j += 1
            }
            guard depth == 0 else { break }
            expressions.append(String(decoding: bytes[start..<j - 1], as: UTF8.self))
            i = j
        }
        return expressions
    }
}

/// What identifies a file's content from outside: device, inode, size and the times of the last
/// change of its data and of its inode. A writer changes the size or the times.
struct FileIdentity: Equatable {
    let device: UInt64, inode: UInt64, size: Int64
    let modified: (Int, Int), changed: (Int, Int)

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev); inode = UInt64(info.st_ino); size = Int64(info.st_size)
        modified = (Int(info.st_mtim.tv_sec), Int(info.st_mtim.tv_nsec))
        changed = (Int(info.st_ctim.tv_sec), Int(info.st_ctim.tv_nsec))
    }

    static func == (a: FileIdentity, b: FileIdentity) -> Bool {
        a.device == b.device && a.inode == b.inode && a.size == b.size && a.modified == b.modified && a.changed == b.changed
    }
}
